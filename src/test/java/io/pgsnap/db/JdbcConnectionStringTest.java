package io.pgsnap.db;

import static io.pgsnap.db.Envs.resolve;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.pgsnap.ErrorCode;
import io.pgsnap.PgsnapException;
import io.pgsnap.db.ConnectionSettings.Host;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code jdbc:postgresql:} URLs, read as pgjdbc reads them, with libpq's fallbacks. */
class JdbcConnectionStringTest {

  private static PgsnapException usageError(String url) {
    PgsnapException e = assertThrows(PgsnapException.class, () -> resolve(url));
    assertEquals(ErrorCode.USAGE, e.code());
    return e;
  }

  @Test
  void hostPortDatabaseAndCredentialsFromQuery() {
    ConnectionSettings s =
        resolve(
            "jdbc:postgresql://db.example.com:6543/app?user=bob&password=secret&sslmode=require");
    assertEquals("bob@db.example.com:6543/app", s.describe());
    assertEquals("require", s.sslMode());
    assertEquals("secret", s.dataSource().getPassword());
    assertEquals(ConnectionSettings.PasswordSource.URL, s.passwordSource());
  }

  @Test
  void severalHostsWithPorts() {
    ConnectionSettings s = resolve("jdbc:postgresql://h1:5432,h2:5433/app");
    assertEquals(List.of(new Host("h1", 5432), new Host("h2", 5433)), s.hosts());
  }

  @Test
  void ipv6AddressInBrackets() {
    ConnectionSettings s = resolve("jdbc:postgresql://[::1]:5433/app");
    assertEquals(List.of(new Host("::1", 5433)), s.hosts());
  }

  @Test
  void ipv6AddressWithoutPort() {
    assertEquals(List.of(new Host("::1", 5432)), resolve("jdbc:postgresql://[::1]/app").hosts());
  }

  @Test
  void databaseOnlyFormConnectsToLocalhost() {
    assertEquals("osuser@localhost:5432/app", resolve("jdbc:postgresql:app").describe());
  }

  @Test
  void missingPartsFallBackToEnvironmentThenDefaults() {
    ConnectionSettings s =
        resolve(
            "jdbc:postgresql://h/",
            "PGPORT",
            "7000",
            "PGUSER",
            "envuser",
            "PGSSLMODE",
            "verify-ca");
    assertEquals("envuser@h:7000/envuser", s.describe());
    assertEquals("verify-ca", s.sslMode());
  }

  @Test
  void missingSlashAfterHostIsAccepted() {
    assertEquals("h", resolve("jdbc:postgresql://h").host());
  }

  @Test
  void pgjdbcPropertyNamesMapToLibpqParameters() {
    ConnectionSettings s =
        resolve(
            "jdbc:postgresql://h/app?ApplicationName=nightly&connectTimeout=5&options=-c+x%3D1");
    assertEquals(
        Map.of("application_name", "nightly", "connect_timeout", "5", "options", "-c x=1"),
        s.parameters());
  }

  @Test
  void otherPgjdbcPropertiesPassThroughToTheDriver() {
    ConnectionSettings s =
        resolve("jdbc:postgresql://h/app?socketTimeout=30&targetServerType=preferSecondary");
    assertEquals(
        Map.of("socketTimeout", "30", "targetServerType", "preferSecondary"), s.driverProperties());
    assertEquals(30, s.dataSource().getSocketTimeout());
    assertEquals("preferSecondary", s.dataSource().getTargetServerType());
  }

  @Test
  void driverPropertyWinsOverTheMatchingEnvironmentVariable() {
    ConnectionSettings s =
        resolve(
            "jdbc:postgresql://h/app?targetServerType=preferPrimary",
            "PGTARGETSESSIONATTRS",
            "standby");
    assertFalse(s.parameters().containsKey("target_session_attrs"));
    assertEquals("preferPrimary", s.dataSource().getTargetServerType());
  }

  @Test
  void unknownPropertyIsAUsageError() {
    assertEquals(
        "invalid --url \"jdbc:postgresql://h/app?sslmdoe=require\": unknown parameter \"sslmdoe\""
            + " (not a pgjdbc property)",
        usageError("jdbc:postgresql://h/app?sslmdoe=require").getMessage());
  }

  @Test
  void sslTrueAloneMeansVerifyFullAsInPgjdbc() {
    assertEquals("verify-full", resolve("jdbc:postgresql://h/app?ssl=true").sslMode());
  }

  @Test
  void sslmodeWinsOverSslTrue() {
    assertEquals("require", resolve("jdbc:postgresql://h/app?ssl=true&sslmode=require").sslMode());
  }

  @Test
  void userInfoInJdbcUrlIsAUsageErrorWithThePasswordMasked() {
    assertEquals(
        "invalid --url \"jdbc:postgresql://bob:****@h/app\": a jdbc:postgresql URL cannot hold"
            + " user:password@; pass ?user=...&password=... or use a postgresql:// URI",
        usageError("jdbc:postgresql://bob:secret@h/app").getMessage());
  }

  @Test
  void plusInAQueryValueIsASpace() {
    assertEquals(
        "my app", resolve("jdbc:postgresql://h/app?ApplicationName=my+app").applicationName());
  }

  @Test
  void nonNumericPortIsAUsageError() {
    assertEquals(
        "invalid --url \"jdbc:postgresql://h:x/app\": a port must be a number from 1 to 65535",
        usageError("jdbc:postgresql://h:x/app").getMessage());
  }

  @Test
  void serviceFilesAreNotSupported() {
    assertEquals(
        "invalid --url \"jdbc:postgresql://h/app?service=prod\": parameter \"service\" is not"
            + " supported by pgsnap",
        usageError("jdbc:postgresql://h/app?service=prod").getMessage());
  }
}
