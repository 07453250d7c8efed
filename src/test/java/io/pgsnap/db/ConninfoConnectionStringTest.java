package io.pgsnap.db;

import static io.pgsnap.db.Envs.resolve;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.pgsnap.ErrorCode;
import io.pgsnap.PgsnapException;
import io.pgsnap.db.ConnectionSettings.Host;
import java.util.List;
import org.junit.jupiter.api.Test;

/** libpq {@code key=value} connection strings. */
class ConninfoConnectionStringTest {

  private static PgsnapException usageError(String url) {
    PgsnapException e = assertThrows(PgsnapException.class, () -> resolve(url));
    assertEquals(ErrorCode.USAGE, e.code());
    return e;
  }

  @Test
  void keyValuePairsSetEveryPart() {
    ConnectionSettings s =
        resolve(
            "host=db.example.com port=6543 dbname=app user=bob password=secret sslmode=require");
    assertEquals("bob@db.example.com:6543/app", s.describe());
    assertEquals("require", s.sslMode());
    assertEquals("secret", s.dataSource().getPassword());
  }

  @Test
  void whitespaceAroundEqualsSignIsAllowed() {
    assertEquals("bob@db:5432/app", resolve("  host = db\tdbname=  app user =bob ").describe());
  }

  @Test
  void singleQuotedValuesHoldSpacesAndBackslashEscapes() {
    ConnectionSettings s =
        resolve("host=h password='it\\'s a \\\\secret' application_name='nightly run'");
    assertEquals("it's a \\secret", s.dataSource().getPassword());
    assertEquals("nightly run", s.applicationName());
  }

  @Test
  void backslashEscapesInUnquotedValues() {
    assertEquals("my db", resolve("host=h dbname=my\\ db").database());
  }

  @Test
  void emptyQuotedValueCountsAsUnset() {
    ConnectionSettings s = resolve("host=h password=''", "PGPASSWORD", "fromenv");
    assertEquals(ConnectionSettings.PasswordSource.PGPASSWORD, s.passwordSource());
  }

  @Test
  void laterKeyWinsOverEarlierOne() {
    assertEquals("b", resolve("host=a host=b").host());
  }

  @Test
  void commaSeparatedHostsAndPorts() {
    assertEquals(
        List.of(new Host("h1", 5432), new Host("h2", 5433)),
        resolve("host=h1,h2 port=5432,5433").hosts());
  }

  @Test
  void onePortAppliesToEveryHost() {
    assertEquals(
        List.of(new Host("h1", 6000), new Host("h2", 6000)),
        resolve("host=h1,h2 port=6000").hosts());
  }

  @Test
  void emptyEntryInHostListIsLocalhost() {
    assertEquals(
        List.of(new Host("h1", 5432), new Host("localhost", 5432)), resolve("host=h1,").hosts());
  }

  @Test
  void unmatchedNumbersOfHostsAndPortsIsAUsageError() {
    assertEquals(
        "could not match 2 port numbers to 3 hosts (ports from --url); give one port for all hosts"
            + " or one per host",
        usageError("host=h1,h2,h3 port=1,2").getMessage());
  }

  @Test
  void nonNumericPortIsAUsageErrorNamingTheValue() {
    assertEquals(
        "invalid port \"abc\" in --url: use a number from 1 to 65535",
        usageError("host=h port=abc").getMessage());
  }

  @Test
  void ipv6AddressNeedsNoBrackets() {
    assertEquals("bob@[::1]:5432/app", resolve("host=::1 user=bob dbname=app").describe());
  }

  @Test
  void missingEqualsSignIsAUsageError() {
    assertEquals(
        "invalid --url \"host=db dbname\": missing \"=\" after \"dbname\"",
        usageError("host=db dbname").getMessage());
  }

  @Test
  void unquotedPasswordWithASpaceGivesAnErrorThatShowsNoPartOfIt() {
    PgsnapException e = usageError("host=db password=my secret");
    assertEquals(
        "invalid --url: missing \"=\" after the value of password; put values that contain spaces"
            + " in single quotes, e.g. password='...'",
        e.getMessage());
    assertFalse(e.getMessage().contains("secret"));
  }

  @Test
  void unterminatedQuoteIsAUsageErrorWithThePasswordMasked() {
    assertEquals(
        "invalid --url \"host=db password=****\": unterminated quoted string (the value of"
            + " password)",
        usageError("host=db password='abc def").getMessage());
  }

  @Test
  void unknownKeywordIsAUsageError() {
    assertEquals(
        "invalid --url \"hots=db\": unknown connection option \"hots\"",
        usageError("hots=db").getMessage());
  }

  @Test
  void stringThatIsNoneOfTheFormsIsAUsageError() {
    assertEquals(
        "invalid --url \"mydb\": not a connection string; use a postgresql:// URI, a"
            + " jdbc:postgresql:// URL or key=value pairs such as \"host=db.example.com"
            + " dbname=app\"",
        usageError("mydb").getMessage());
  }

  @Test
  void unixSocketDirectoryAsHostIsAUsageError() {
    assertEquals(
        "host \"/tmp\" is a Unix-domain socket directory, which the JDBC driver cannot use; give a"
            + " TCP host name or address instead, e.g. localhost",
        usageError("host=/tmp dbname=app").getMessage());
  }
}
