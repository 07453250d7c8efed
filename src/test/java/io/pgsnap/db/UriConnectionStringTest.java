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

/** {@code postgresql://} and {@code postgres://} URIs, read as libpq reads them. */
class UriConnectionStringTest {

  private static PgsnapException usageError(String url) {
    PgsnapException e = assertThrows(PgsnapException.class, () -> resolve(url));
    assertEquals(ErrorCode.USAGE, e.code());
    return e;
  }

  @Test
  void fullUriGivesUserPasswordHostPortAndDatabase() {
    ConnectionSettings s = resolve("postgresql://bob:secret@db.example.com:6543/app");
    assertEquals("bob", s.user());
    assertEquals("db.example.com", s.host());
    assertEquals(6543, s.port());
    assertEquals("app", s.database());
    assertEquals("secret", s.dataSource().getPassword());
    assertEquals(ConnectionSettings.PasswordSource.URL, s.passwordSource());
  }

  @Test
  void postgresSchemeIsTheSameAsPostgresql() {
    ConnectionSettings s = resolve("postgres://bob@db.example.com/app");
    assertEquals("bob@db.example.com:5432/app", s.describe());
  }

  @Test
  void percentEncodingIsDecodedInUserPasswordHostAndDatabase() {
    ConnectionSettings s = resolve("postgresql://b%40b:p%40ss%2Fw%3Ard@d%62.example.com/my%20db");
    assertEquals("b@b", s.user());
    assertEquals("p@ss/w:rd", s.dataSource().getPassword());
    assertEquals("db.example.com", s.host());
    assertEquals("my db", s.database());
  }

  @Test
  void plusIsNotASpaceInUris() {
    assertEquals("a+b", resolve("postgresql://h/a+b").database());
  }

  @Test
  void percentEncodedUtf8IsDecoded() {
    assertEquals("bjørn", resolve("postgresql://bj%C3%B8rn@h/app").user());
  }

  @Test
  void unencodedAtAndSlashInPasswordStillWork() {
    ConnectionSettings s = resolve("postgresql://bob:p@ss/w@h/app");
    assertEquals("p@ss/w", s.dataSource().getPassword());
    assertEquals("h", s.host());
    assertEquals("app", s.database());
  }

  @Test
  void severalHostsEachWithTheirPort() {
    ConnectionSettings s = resolve("postgresql://h1:5432,h2:5433/app");
    assertEquals(List.of(new Host("h1", 5432), new Host("h2", 5433)), s.hosts());
    assertEquals(
        "bob@h1:5432,h2:5433/app", resolve("postgresql://bob@h1:5432,h2:5433/app").describe());
  }

  @Test
  void aHostWithoutPortAmongHostsWithPortsGetsTheDefaultPortNotPgport() {
    ConnectionSettings s = resolve("postgresql://h1:6000,h2/app", "PGPORT", "7000");
    assertEquals(List.of(new Host("h1", 6000), new Host("h2", 5432)), s.hosts());
  }

  @Test
  void severalHostsWithoutAnyPortGetTheDefaultPortNotPgportAsInLibpq() {
    ConnectionSettings s = resolve("postgresql://h1,h2/app", "PGPORT", "7000");
    assertEquals(List.of(new Host("h1", 5432), new Host("h2", 5432)), s.hosts());
  }

  @Test
  void singleHostWithoutPortUsesPgport() {
    assertEquals(7000, resolve("postgresql://h/app", "PGPORT", "7000").port());
  }

  @Test
  void ipv6AddressInBrackets() {
    ConnectionSettings s = resolve("postgresql://bob@[::1]:5433/app");
    assertEquals("::1", s.host());
    assertEquals(5433, s.port());
    assertEquals("bob@[::1]:5433/app", s.describe());
  }

  @Test
  void ipv6AddressWithoutPortAndWithPercentEncodedZone() {
    ConnectionSettings s = resolve("postgresql://[fe80::1%25eth0]/app");
    assertEquals(List.of(new Host("fe80::1%eth0", 5432)), s.hosts());
  }

  @Test
  void ipv6AmongSeveralHosts() {
    ConnectionSettings s = resolve("postgresql://[2001:db8::1]:5433,h2/app");
    assertEquals(List.of(new Host("2001:db8::1", 5433), new Host("h2", 5432)), s.hosts());
  }

  @Test
  void emptyHostFallsBackToPghost() {
    ConnectionSettings s = resolve("postgresql:///app", "PGHOST", "envhost");
    assertEquals("envhost", s.host());
    assertEquals("app", s.database());
  }

  @Test
  void bareSchemeUsesLibpqDefaults() {
    ConnectionSettings s = resolve("postgresql://");
    assertEquals("osuser@localhost:5432/osuser", s.describe());
    assertEquals("prefer", s.sslMode());
  }

  @Test
  void queryParametersSetTheOtherConnectionParameters() {
    ConnectionSettings s =
        resolve(
            "postgresql://h/app?sslmode=require&application_name=nightly&connect_timeout=5"
                + "&options=-c%20statement_timeout%3D0&target_session_attrs=read-write"
                + "&sslrootcert=/etc/ca.pem&sslcert=/etc/c.crt&sslkey=/etc/c.key");
    assertEquals("require", s.sslMode());
    assertEquals(
        Map.of(
            "application_name", "nightly",
            "connect_timeout", "5",
            "options", "-c statement_timeout=0",
            "target_session_attrs", "read-write",
            "sslrootcert", "/etc/ca.pem",
            "sslcert", "/etc/c.crt",
            "sslkey", "/etc/c.key"),
        s.parameters());
  }

  @Test
  void queryParametersOverrideThePartsBeforeThem() {
    ConnectionSettings s =
        resolve("postgresql://bob@h1:5432/app?host=h2&port=6000&dbname=other&user=carol");
    assertEquals("carol@h2:6000/other", s.describe());
  }

  @Test
  void sslTrueMeansSslmodeRequire() {
    assertEquals("require", resolve("postgresql://h/app?ssl=true").sslMode());
  }

  @Test
  void sslWithAnotherValueIsAUsageError() {
    assertEquals(
        "invalid --url \"postgresql://h/app?ssl=false\": query parameter \"ssl\" only takes the"
            + " value true; use sslmode=...",
        usageError("postgresql://h/app?ssl=false").getMessage());
  }

  @Test
  void unknownQueryParameterIsAUsageError() {
    assertEquals(
        "invalid --url \"postgresql://h/app?sslmdoe=require\": unknown query parameter"
            + " \"sslmdoe\"",
        usageError("postgresql://h/app?sslmdoe=require").getMessage());
  }

  @Test
  void libpqParameterWithoutJdbcEquivalentIsRefused() {
    assertEquals(
        "invalid --url \"postgresql://h/app?service=prod\": connection parameter \"service\" is not"
            + " supported by pgsnap",
        usageError("postgresql://h/app?service=prod").getMessage());
  }

  @Test
  void transportTuningParameterIsIgnoredWithAWarning() {
    ConnectionSettings s = resolve("postgresql://h/app?keepalives_idle=30");
    assertEquals(
        List.of(
            "connection parameter \"keepalives_idle\" has no equivalent in the JDBC driver and is"
                + " ignored"),
        s.warnings());
    assertFalse(s.parameters().containsKey("keepalives_idle"));
  }

  @Test
  void queryParameterWithoutEqualsSignIsAUsageError() {
    assertEquals(
        "invalid --url \"postgresql://h/app?sslmode\": missing \"=\" in query parameter"
            + " \"sslmode\"; write key=value",
        usageError("postgresql://h/app?sslmode").getMessage());
  }

  @Test
  void invalidPercentEncodingInPasswordIsAUsageErrorThatHidesThePassword() {
    assertEquals(
        "invalid --url \"postgresql://bob:****@h/app\": invalid percent-encoding in the password;"
            + " write %XX with two hex digits",
        usageError("postgresql://bob:se%zzret@h/app").getMessage());
  }

  @Test
  void percentEncodedNulIsAUsageError() {
    assertEquals(
        "invalid --url \"postgresql://h/a%00b\": %00 is not allowed in the database name",
        usageError("postgresql://h/a%00b").getMessage());
  }

  @Test
  void nonNumericPortIsAUsageErrorWithThePasswordMasked() {
    assertEquals(
        "invalid --url \"postgresql://bob:****@h:54x2/app\": a port must be a number from 1 to"
            + " 65535",
        usageError("postgresql://bob:secret@h:54x2/app").getMessage());
  }

  @Test
  void portOutOfRangeIsAUsageError() {
    assertEquals(
        "invalid --url \"postgresql://h:65536/app\": a port must be a number from 1 to 65535",
        usageError("postgresql://h:65536/app").getMessage());
  }

  @Test
  void unclosedIpv6BracketIsAUsageError() {
    assertEquals(
        "invalid --url \"postgresql://[::1/app\": missing \"]\" after an IPv6 address",
        usageError("postgresql://[::1/app").getMessage());
  }

  @Test
  void characterAfterIpv6BracketIsAUsageError() {
    assertEquals(
        "invalid --url \"postgresql://[::1]x/app\": unexpected character after an IPv6 address;"
            + " expected \":\", \"/\" or \",\"",
        usageError("postgresql://[::1]x/app").getMessage());
  }

  @Test
  void emptyPasswordCountsAsNone() {
    ConnectionSettings s = resolve("postgresql://bob:@h/app", "PGPASSWORD", "fromenv");
    assertEquals(ConnectionSettings.PasswordSource.PGPASSWORD, s.passwordSource());
  }

  @Test
  void unixSocketDirectoryAsHostIsAUsageErrorSayingToUseTcp() {
    assertEquals(
        "host \"/var/run/postgresql\" is a Unix-domain socket directory, which the JDBC driver"
            + " cannot use; give a TCP host name or address instead, e.g. localhost",
        usageError("postgresql://%2Fvar%2Frun%2Fpostgresql/app").getMessage());
  }

  @Test
  void unsupportedSchemeIsAUsageError() {
    assertEquals(
        "invalid --url \"mysql://h/app\": unsupported scheme \"mysql\"; use postgresql://,"
            + " postgres:// or jdbc:postgresql://",
        usageError("mysql://h/app").getMessage());
  }

  @Test
  void surroundingWhitespaceIsIgnored() {
    assertEquals("h", resolve("  postgresql://h/app\n").host());
  }
}
