package io.pgsnap.db;

import static io.pgsnap.db.Envs.envWithHome;
import static io.pgsnap.db.Envs.resolve;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgsnap.ErrorCode;
import io.pgsnap.PgsnapException;
import io.pgsnap.db.ConnectionSettings.PasswordSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the password comes from, and that it never shows. */
class PasswordResolutionTest {
  @TempDir Path home;

  private Path pgpass(Path file, String... lines) throws IOException {
    Files.write(file, List.of(lines));
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    return file;
  }

  private ConnectionSettings resolveAtHome(String url, String... env) {
    return ConnectionSettings.resolve(url, envWithHome(home, env));
  }

  @Test
  void passwordInUrlBeatsPgpassword() {
    ConnectionSettings s = resolve("postgresql://bob:fromurl@h/app", "PGPASSWORD", "fromenv");
    assertEquals("fromurl", s.dataSource().getPassword());
    assertEquals(PasswordSource.URL, s.passwordSource());
  }

  @Test
  void passwordInUrlArgumentIsOnTheCommandLine() {
    assertTrue(resolve("postgresql://bob:pw@h/app").passwordOnCommandLine());
    assertTrue(resolve("host=h password=pw").passwordOnCommandLine());
    assertTrue(resolve("jdbc:postgresql://h/app?password=pw").passwordOnCommandLine());
  }

  @Test
  void passwordFromDatabaseUrlIsNotOnTheCommandLine() {
    ConnectionSettings s = resolve(null, "DATABASE_URL", "postgresql://bob:pw@h/app");
    assertEquals(PasswordSource.DATABASE_URL, s.passwordSource());
    assertFalse(s.passwordOnCommandLine());
  }

  @Test
  void urlWithoutPasswordIsNotOnTheCommandLine() {
    ConnectionSettings s = resolve("postgresql://bob@h/app", "PGPASSWORD", "fromenv");
    assertEquals(PasswordSource.PGPASSWORD, s.passwordSource());
    assertEquals("fromenv", s.dataSource().getPassword());
    assertFalse(s.passwordOnCommandLine());
  }

  @Test
  void withoutAnyPasswordTheSourceIsNone() {
    ConnectionSettings s = resolve("postgresql://bob@h/app");
    assertEquals(PasswordSource.NONE, s.passwordSource());
    assertFalse(s.hasPassword());
    assertEquals("", s.dataSource().getPassword());
  }

  @Test
  void pgpasswordBeatsThePasswordFile() throws IOException {
    pgpass(home.resolve(".pgpass"), "*:*:*:*:fromfile");
    ConnectionSettings s = resolveAtHome("postgresql://bob@h/app", "PGPASSWORD", "fromenv");
    assertEquals("fromenv", s.dataSource().getPassword());
  }

  @Test
  void pgpassInHomeSuppliesThePasswordWhenNothingElseDoes() throws IOException {
    Path file = pgpass(home.resolve(".pgpass"), "h:5432:app:bob:fromfile");
    ConnectionSettings s = resolveAtHome("postgresql://bob@h/app");
    assertEquals("fromfile", s.dataSource().getPassword());
    assertEquals(PasswordSource.PASSWORD_FILE, s.passwordSource());
    assertEquals(Optional.of(file), s.passwordFile());
    assertFalse(s.passwordOnCommandLine());
  }

  @Test
  void pgpassfileNamesAnotherPasswordFile() throws IOException {
    pgpass(home.resolve(".pgpass"), "*:*:*:*:fromhome");
    Path other = pgpass(home.resolve("other"), "*:*:*:*:fromother");
    ConnectionSettings s = resolveAtHome("postgresql://bob@h/app", "PGPASSFILE", other.toString());
    assertEquals("fromother", s.dataSource().getPassword());
  }

  @Test
  void passfileParameterBeatsPgpassfile() throws IOException {
    Path a = pgpass(home.resolve("a"), "*:*:*:*:froma");
    Path b = pgpass(home.resolve("b"), "*:*:*:*:fromb");
    ConnectionSettings s =
        resolveAtHome("host=h user=bob passfile=" + b, "PGPASSFILE", a.toString());
    assertEquals("fromb", s.dataSource().getPassword());
  }

  @Test
  void passwordFileIsMatchedAgainstTheResolvedPortDatabaseAndUser() throws IOException {
    pgpass(home.resolve(".pgpass"), "h:6000:envdb:envuser:right", "*:*:*:*:wrong");
    ConnectionSettings s =
        resolveAtHome("postgresql://h:6000", "PGDATABASE", "envdb", "PGUSER", "envuser");
    assertEquals("right", s.dataSource().getPassword());
  }

  @Test
  void passwordFileEntryForALaterHostIsUsedWhenTheFirstHasNone() throws IOException {
    pgpass(home.resolve(".pgpass"), "h2:5433:app:bob:second");
    ConnectionSettings s = resolveAtHome("postgresql://bob@h1:5432,h2:5433/app");
    assertEquals("second", s.dataSource().getPassword());
  }

  @Test
  void groupReadablePasswordFileIsIgnoredWithAWarning() throws IOException {
    Path file = home.resolve(".pgpass");
    Files.write(file, List.of("*:*:*:*:fromfile"));
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
    ConnectionSettings s = resolveAtHome("postgresql://bob@h/app");
    assertFalse(s.hasPassword());
    assertEquals(
        List.of(
            "password file \""
                + file
                + "\" has group or world access; permissions should be u=rw (0600) or less;"
                + " ignoring it"),
        s.warnings());
  }

  @Test
  void passwordNeverAppearsInToStringOrDescribe() throws IOException {
    pgpass(home.resolve(".pgpass"), "*:*:*:*:file-Secret-1");
    List<ConnectionSettings> all =
        List.of(
            resolveAtHome("postgresql://bob:url-Secret-1@h/app"),
            resolveAtHome("host=h password='url-Secret-1'"),
            resolveAtHome("jdbc:postgresql://h/app?password=url-Secret-1"),
            resolveAtHome(null, "DATABASE_URL", "postgresql://bob:url-Secret-1@h/app"),
            resolveAtHome(null, "PGPASSWORD", "env-Secret-1"),
            resolveAtHome(null));
    for (ConnectionSettings s : all) {
      assertTrue(s.hasPassword(), s::describe);
      for (String text :
          List.of(s.toString(), s.describe(), s.parameters().toString(), s.dataSource().getUrl())) {
        assertFalse(text.contains("Secret"), text);
      }
    }
  }

  @Test
  void toStringSaysWhereThePasswordCameFrom() {
    assertEquals(
        "ConnectionSettings[bob@h:5432/app, sslmode=prefer, password from PGPASSWORD]",
        resolve("postgresql://bob@h/app", "PGPASSWORD", "x").toString());
  }

  @Test
  void sslpasswordIsRefusedBecauseTheDriverWouldPutItInItsUrl() {
    PgsnapException e =
        assertThrows(PgsnapException.class, () -> resolve("postgresql://h/app?sslpassword=k"));
    assertEquals(
        "invalid --url \"postgresql://h/app?sslpassword=****\": connection parameter"
            + " \"sslpassword\" is not supported by pgsnap",
        e.getMessage());
  }

  @Test
  void sslpasswordInAJdbcUrlIsRefusedToo() {
    PgsnapException e =
        assertThrows(PgsnapException.class, () -> resolve("jdbc:postgresql://h/app?sslpassword=k"));
    assertEquals(ErrorCode.USAGE, e.code());
  }
}
