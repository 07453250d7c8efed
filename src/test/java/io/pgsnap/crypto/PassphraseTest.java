package io.pgsnap.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.pgsnap.ErrorCode;
import io.pgsnap.db.Environment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PassphraseTest {
  @TempDir Path folder;

  private Path ownerOnly(String name, String content) throws IOException {
    Path file = Files.writeString(folder.resolve(name), content);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    return file;
  }

  @Test
  void thePassphraseComesFromPgsnapPassphrase() {
    Environment env = new Environment(Map.of("PGSNAP_PASSPHRASE", "s3cret"), null, null);
    assertArrayEquals(
        "s3cret".toCharArray(), Passphrase.fromEnvironment(env).orElseThrow().chars());
  }

  @Test
  void anEmptyPgsnapPassphraseCountsAsUnset() {
    Environment env = new Environment(Map.of("PGSNAP_PASSPHRASE", ""), null, null);
    assertEquals(Optional.empty(), Passphrase.fromEnvironment(env));
  }

  @Test
  void aPassphraseFileGivesItsFirstLineWithoutTheLineEnding() throws IOException {
    Path file = ownerOnly("pass", "  two words \r\nsecond line\n");
    List<String> warnings = new ArrayList<>();
    assertArrayEquals("  two words ".toCharArray(), Passphrase.fromFile(file, warnings).chars());
    assertEquals(List.of(), warnings);
  }

  @Test
  void aPassphraseFileWithAnEmptyFirstLineIsRefused() throws IOException {
    Path file = ownerOnly("empty", "\nsecret on the second line\n");
    WrongKeyException e =
        assertThrows(WrongKeyException.class, () -> Passphrase.fromFile(file, new ArrayList<>()));
    assertEquals(ErrorCode.KEY, e.code());
    assertEquals(
        "passphrase file " + file + " has an empty first line: put the passphrase on it",
        e.getMessage());
  }

  @Test
  void aMissingPassphraseFileIsRefusedNamingIt() {
    Path file = folder.resolve("missing");
    WrongKeyException e =
        assertThrows(WrongKeyException.class, () -> Passphrase.fromFile(file, new ArrayList<>()));
    assertEquals("passphrase file " + file + " does not exist: check its path", e.getMessage());
  }

  @Test
  void aPassphraseFileOthersMayReadIsUsedWithAWarning() throws IOException {
    Path file = Files.writeString(folder.resolve("shared"), "s3cret\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    List<String> warnings = new ArrayList<>();
    assertArrayEquals("s3cret".toCharArray(), Passphrase.fromFile(file, warnings).chars());
    assertEquals(
        List.of(
            "passphrase file "
                + file
                + " may be read or written by its group or others; make it u=rw (0600) or less"),
        warnings);
  }

  @Test
  void thePassphraseNeverShowsInToString() {
    assertEquals("Passphrase[hidden]", Passphrase.of("s3cret").toString());
  }

  @Test
  void anEmptyPassphraseIsRefused() {
    assertThrows(WrongKeyException.class, () -> Passphrase.of(""));
  }
}
