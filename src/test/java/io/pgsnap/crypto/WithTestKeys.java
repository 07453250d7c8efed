package io.pgsnap.crypto;

import java.io.IOException;
import java.nio.file.Path;
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

  @AfterAll
  static void stopAgent() throws Exception {
    if (keys != null) {
      keys.gpg().close();
    }
  }
}
