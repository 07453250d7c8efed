package io.pgsnap.db;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pgsnap.db.ConnectionSettings.Host;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The password file's format and matching, as libpq reads {@code ~/.pgpass}. */
class PasswordFileTest {
  @TempDir Path dir;

  private static Optional<String> find(String host, String... lines) {
    return PasswordFile.find(List.of(lines), host, "5432", "app", "bob");
  }

  private Path file(String permissions, String content) throws IOException {
    Path file = dir.resolve("pgpass");
    Files.writeString(file, content, StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
    return file;
  }

  @Test
  void lineMatchingAllFourFieldsGivesThePassword() {
    assertEquals(Optional.of("pw"), find("h", "h:5432:app:bob:pw"));
  }

  @Test
  void lineDifferingInAnyFieldDoesNotMatch() {
    assertEquals(
        Optional.empty(),
        find("h", "x:5432:app:bob:pw", "h:5433:app:bob:pw", "h:5432:x:bob:pw", "h:5432:app:x:pw"));
  }

  @Test
  void starMatchesAnyValue() {
    assertEquals(Optional.of("pw"), find("h", "*:*:*:*:pw"));
  }

  @Test
  void starIsOnlyAWildcardAsAWholeField() {
    assertEquals(Optional.empty(), find("h", "h*:5432:app:bob:pw"));
    assertEquals(Optional.of("pw"), find("h*", "h*:5432:app:bob:pw"));
  }

  @Test
  void firstMatchingLineWins() {
    assertEquals(Optional.of("first"), find("h", "h:*:*:*:first", "*:*:*:*:second"));
  }

  @Test
  void commentLinesAndBlankLinesAreSkipped() {
    assertEquals(Optional.of("pw"), find("h", "# h:5432:app:bob:comment", "", "h:5432:app:bob:pw"));
  }

  @Test
  void escapedColonInAFieldMatchesAColon() {
    assertEquals(Optional.of("pw"), find("::1", "\\:\\:1:5432:app:bob:pw"));
  }

  @Test
  void unescapedIpv6AddressAlsoMatchesAsInLibpq() {
    assertEquals(Optional.of("pw"), find("::1", "::1:5432:app:bob:pw"));
  }

  @Test
  void escapedBackslashInAFieldMatchesABackslash() {
    assertEquals(
        Optional.of("pw"),
        PasswordFile.find(List.of("h:5432:app:do\\\\main:pw"), "h", "5432", "app", "do\\main"));
  }

  @Test
  void escapesInThePasswordAreRemoved() {
    assertEquals(Optional.of("a:b\\c"), find("h", "h:5432:app:bob:a\\:b\\\\c"));
  }

  @Test
  void passwordEndsAtTheNextUnescapedColon() {
    assertEquals(Optional.of("pw"), find("h", "h:5432:app:bob:pw:extra"));
  }

  @Test
  void lineWithoutPasswordFieldDoesNotMatch() {
    assertEquals(Optional.of("pw"), find("h", "h:5432:app:bob", "*:*:*:*:pw"));
  }

  @Test
  void matchingLineWithEmptyPasswordGivesNoPassword() {
    assertEquals(Optional.empty(), find("h", "h:5432:app:bob:", "*:*:*:*:pw"));
  }

  @Test
  void windowsLineEndingsAreStripped() throws IOException {
    Path file = file("rw-------", "h:5432:app:bob:pw\r\n");
    assertEquals(
        Optional.of("pw"),
        PasswordFile.lookup(file, List.of(new Host("h", 5432)), "app", "bob", new ArrayList<>()));
  }

  @Test
  void hostsAreTriedInOrder() throws IOException {
    Path file = file("rw-------", "h2:5433:app:bob:second\nh3:5432:app:bob:third\n");
    List<Host> hosts = List.of(new Host("h1", 5432), new Host("h3", 5432), new Host("h2", 5433));
    assertEquals(
        Optional.of("third"), PasswordFile.lookup(file, hosts, "app", "bob", new ArrayList<>()));
  }

  @Test
  void fileReadableOnlyByItsOwnerIsUsed() throws IOException {
    Path file = file("r--------", "*:*:*:*:pw\n");
    List<String> warnings = new ArrayList<>();
    assertEquals(
        Optional.of("pw"),
        PasswordFile.lookup(file, List.of(new Host("h", 5432)), "app", "bob", warnings));
    assertEquals(List.of(), warnings);
  }

  @Test
  void worldReadableFileIsIgnoredWithALibpqStyleWarning() throws IOException {
    Path file = file("rw-r--r--", "*:*:*:*:pw\n");
    List<String> warnings = new ArrayList<>();
    assertEquals(
        Optional.empty(),
        PasswordFile.lookup(file, List.of(new Host("h", 5432)), "app", "bob", warnings));
    assertEquals(
        List.of(
            "password file \""
                + file
                + "\" has group or world access; permissions should be u=rw (0600) or less;"
                + " ignoring it"),
        warnings);
  }

  @Test
  void groupWritableFileIsIgnored() throws IOException {
    Path file = file("rw--w----", "*:*:*:*:pw\n");
    List<String> warnings = new ArrayList<>();
    assertEquals(
        Optional.empty(),
        PasswordFile.lookup(file, List.of(new Host("h", 5432)), "app", "bob", warnings));
    assertEquals(1, warnings.size());
  }

  @Test
  void directoryInsteadOfAFileIsIgnoredWithAWarning() {
    List<String> warnings = new ArrayList<>();
    assertEquals(
        Optional.empty(),
        PasswordFile.lookup(dir, List.of(new Host("h", 5432)), "app", "bob", warnings));
    assertEquals(
        List.of("password file \"" + dir + "\" is not a plain file; ignoring it"), warnings);
  }

  @Test
  void missingFileGivesNoPasswordAndNoWarning() {
    List<String> warnings = new ArrayList<>();
    assertEquals(
        Optional.empty(),
        PasswordFile.lookup(
            dir.resolve("absent"), List.of(new Host("h", 5432)), "app", "bob", warnings));
    assertEquals(List.of(), warnings);
  }
}
