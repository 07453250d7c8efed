package io.pgsnap.crypto;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** Tests that use Alice's and Bob's keys, made once per test class (see {@link TestKeys}). */
abstract class WithTestKeys {
  @TempDir static Path folder;
  static TestKeys keys;

  @BeforeAll
  static void makeKeys() throws IOException {
    keys = TestKeys.make(folder);
  }

  /**
   * A new file holding {@code passphrase} on its first line, readable by its owner only, as {@code
   * --passphrase-file} takes it; its path.
   */
  static String passphraseFile(String passphrase) {
    try {
      Path file = Files.createTempFile(folder, "passphrase", ".txt");
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      Files.writeString(file, passphrase + "\n");
      return file.toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @AfterAll
  static void stopAgent() throws Exception {
    if (keys != null) {
      keys.gpg().close();
    }
  }
}
