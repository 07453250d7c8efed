package io.pgsnap.db;

import static io.pgsnap.db.Envs.resolve;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.pgsnap.ErrorCode;
import io.pgsnap.PgsnapException;
import io.pgsnap.db.ConnectionSettings.Host;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What comes from DATABASE_URL, the PG* variables and libpq's defaults, and in which order. */
class EnvironmentFallbackTest {

  private static PgsnapException usageError(String url, String... env) {
    PgsnapException e = assertThrows(PgsnapException.class, () -> resolve(url, env));
    assertEquals(ErrorCode.USAGE, e.code());
    return e;
  }

  @Test
  void aDatabaseNameLongerThanAnyPostgresNameIsAUsageErrorSayingSo() {
    PgsnapException e = usageError("postgresql://bob@db.example.com/" + "d".repeat(10_000));

    assertEquals(
        "the database name is 10000 bytes long, but PostgreSQL names hold at most 63 (a name"
            + " created longer was cut to its first 63 bytes): check --url",
        e.getMessage());
  }

  @Test
  void aSixtyThreeByteUserNameIsAccepted() {
    assertEquals("u".repeat(63), resolve("postgresql://" + "u".repeat(63) + "@h/db").user());
  }

  @Test
  void withNothingSetLibpqDefaultsApply() {
    ConnectionSettings s = resolve(null);
    assertEquals(List.of(new Host("localhost", 5432)), s.hosts());
    assertEquals("osuser", s.user());
    assertEquals("osuser", s.database());
    assertEquals("prefer", s.sslMode());
    assertEquals("pgsnap", s.applicationName());
    assertEquals(10, s.connectTimeoutSeconds());
    assertEquals(Map.of(), s.parameters());
  }

  @Test
  void databaseDefaultsToTheResolvedUserNotTheOsUser() {
    assertEquals("carol", resolve("postgresql://carol@h").database());
    assertEquals("envuser", resolve(null, "PGUSER", "envuser").database());
  }

  @Test
  void withoutUrlDatabaseUrlIsUsed() {
    ConnectionSettings s = resolve(null, "DATABASE_URL", "postgres://bob@heroku.example.com/app");
    assertEquals("bob@heroku.example.com:5432/app", s.describe());
  }

  @Test
  void blankUrlCountsAsNoUrl() {
    assertEquals("dbhost", resolve("  ", "DATABASE_URL", "postgresql://dbhost/app").host());
  }

  @Test
  void urlWinsOverDatabaseUrl() {
    assertEquals(
        "fromurl",
        resolve("postgresql://fromurl/app", "DATABASE_URL", "postgresql://other/x").host());
  }

  @Test
  void databaseUrlMayBeAnyOfTheForms() {
    assertEquals("h", resolve(null, "DATABASE_URL", "host=h dbname=app").host());
    assertEquals("h", resolve(null, "DATABASE_URL", "jdbc:postgresql://h/app").host());
  }

  @Test
  void malformedDatabaseUrlIsAUsageErrorNamingIt() {
    assertEquals(
        "invalid DATABASE_URL \"postgresql://bob:****@h:x/app\": a port must be a number from 1 to"
            + " 65535",
        usageError(null, "DATABASE_URL", "postgresql://bob:pw@h:x/app").getMessage());
  }

  @Test
  void pgVariablesFillWhatTheUrlLeavesOut() {
    ConnectionSettings s =
        resolve(
            "postgresql://h",
            "PGPORT",
            "7000",
            "PGDATABASE",
            "envdb",
            "PGUSER",
            "envuser",
            "PGSSLMODE",
            "require");
    assertEquals("envuser@h:7000/envdb", s.describe());
    assertEquals("require", s.sslMode());
  }

  @Test
  void urlPartsWinOverPgVariables() {
    ConnectionSettings s =
        resolve(
            "postgresql://bob@h:6000/app?sslmode=disable",
            "PGHOST",
            "envhost",
            "PGPORT",
            "7000",
            "PGDATABASE",
            "envdb",
            "PGUSER",
            "envuser",
            "PGSSLMODE",
            "require");
    assertEquals("bob@h:6000/app", s.describe());
    assertEquals("disable", s.sslMode());
  }

  @Test
  void pgVariablesAloneDescribeTheServer() {
    ConnectionSettings s =
        resolve(null, "PGHOST", "h1,h2", "PGPORT", "6000,6001", "PGUSER", "u", "PGDATABASE", "d");
    assertEquals("u@h1:6000,h2:6001/d", s.describe());
  }

  @Test
  void pgVariablesForOtherParameters() {
    ConnectionSettings s =
        resolve(
            null,
            "PGSSLROOTCERT",
            "/ca.pem",
            "PGSSLCERT",
            "/c.crt",
            "PGSSLKEY",
            "/c.key",
            "PGAPPNAME",
            "cron",
            "PGCONNECT_TIMEOUT",
            "7",
            "PGOPTIONS",
            "-c lock_timeout=5s",
            "PGTARGETSESSIONATTRS",
            "read-only");
    assertEquals(
        Map.of(
            "sslrootcert", "/ca.pem",
            "sslcert", "/c.crt",
            "sslkey", "/c.key",
            "application_name", "cron",
            "connect_timeout", "7",
            "options", "-c lock_timeout=5s",
            "target_session_attrs", "read-only"),
        s.parameters());
    assertEquals("cron", s.applicationName());
    assertEquals(7, s.connectTimeoutSeconds());
  }

  @Test
  void emptyVariableCountsAsUnset() {
    assertEquals("localhost", resolve(null, "PGHOST", "").host());
  }

  @Test
  void unixSocketDirectoryInPghostIsAUsageError() {
    assertEquals(
        "host \"/var/run/postgresql\" is a Unix-domain socket directory, which the JDBC driver"
            + " cannot use; give a TCP host name or address instead, e.g. localhost",
        usageError(null, "PGHOST", "/var/run/postgresql").getMessage());
  }

  @Test
  void invalidPgportIsAUsageErrorNamingTheVariable() {
    assertEquals(
        "invalid port \"abc\" in PGPORT: use a number from 1 to 65535",
        usageError(null, "PGPORT", "abc").getMessage());
  }

  @Test
  void everySslmodeOfLibpqIsAccepted() {
    for (String mode :
        List.of("disable", "allow", "prefer", "require", "verify-ca", "verify-full")) {
      assertEquals(mode, resolve("postgresql://h/app?sslmode=" + mode).sslMode());
    }
  }

  @Test
  void sslmodeIsReadIgnoringCase() {
    assertEquals("verify-full", resolve("host=h sslmode=Verify-Full").sslMode());
  }

  @Test
  void unknownSslmodeIsAUsageErrorNamingTheValidOnes() {
    assertEquals(
        "invalid sslmode \"requre\" in --url: use one of disable, allow, prefer, require, verify-ca,"
            + " verify-full",
        usageError("postgresql://h/app?sslmode=requre").getMessage());
  }

  @Test
  void unknownSslmodeInPgsslmodeNamesTheVariable() {
    assertEquals(
        "invalid sslmode \"on\" in PGSSLMODE: use one of disable, allow, prefer, require,"
            + " verify-ca, verify-full",
        usageError(null, "PGSSLMODE", "on").getMessage());
  }

  @Test
  void unknownTargetSessionAttrsIsAUsageError() {
    assertEquals(
        "invalid target_session_attrs \"master\" in PGTARGETSESSIONATTRS: use one of any,"
            + " read-write, read-only, primary, standby, prefer-standby",
        usageError(null, "PGTARGETSESSIONATTRS", "master").getMessage());
  }

  @Test
  void nonNumericConnectTimeoutIsAUsageError() {
    assertEquals(
        "invalid connect_timeout \"5s\" in PGCONNECT_TIMEOUT: use a whole number of seconds",
        usageError(null, "PGCONNECT_TIMEOUT", "5s").getMessage());
  }

  @Test
  void connectTimeoutOfOneSecondCountsAsTwoAsInLibpq() {
    assertEquals(2, resolve("host=h connect_timeout=1").connectTimeoutSeconds());
  }

  @Test
  void connectTimeoutOfZeroMeansNoLimit() {
    assertEquals(0, resolve("host=h connect_timeout=0").connectTimeoutSeconds());
    assertEquals(0, resolve("host=h connect_timeout=0").poolTimeoutMillis());
  }

  @Test
  void applicationNameBeatsFallbackApplicationName() {
    assertEquals(
        "mine",
        resolve("host=h fallback_application_name=fb", "PGAPPNAME", "mine").applicationName());
    assertEquals("fb", resolve("host=h fallback_application_name=fb").applicationName());
  }

  @Test
  void setVariableThatPgsnapCannotHonourGivesAWarning() {
    assertEquals(
        List.of("PGSERVICE is set but pgsnap does not support it; ignoring it"),
        resolve(null, "PGSERVICE", "prod").warnings());
  }

  @Test
  void withoutAnyUserNameResolvingIsAUsageError() {
    Environment env = new Environment(Map.of(), Path.of("/nonexistent"), null);
    PgsnapException e =
        assertThrows(PgsnapException.class, () -> ConnectionSettings.resolve("host=h", env));
    assertEquals(ErrorCode.USAGE, e.code());
    assertEquals(
        "could not determine the user name: give one in --url or set PGUSER", e.getMessage());
  }
}
