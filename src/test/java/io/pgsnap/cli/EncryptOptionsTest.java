package io.pgsnap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgsnap.testsupport.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code export}'s encryption options are refused before anything is read or connected. */
class EncryptOptionsTest {
  /** Nothing listens here: a command that connected would fail with another status. */
  private static final String NO_SERVER = "postgresql://127.0.0.1:1/shop";

  @TempDir Path out;

  @Test
  void encryptWithoutKeyMaterialIsAUsageErrorAndWritesNothing() throws java.io.IOException {
    Cli.Result result = Cli.run("export", "--url", NO_SERVER, "--out", out.toString(), "--encrypt");

    assertEquals(2, result.exitCode(), result::all);
    assertTrue(
        result.err().contains("--encrypt needs key material and none was given"), result::all);
    try (java.util.stream.Stream<Path> written = Files.list(out)) {
      assertEquals(0, written.count());
    }
  }

  @Test
  void aRecipientWithoutEncryptIsAUsageError() {
    Cli.Result result =
        Cli.run(
            "export",
            "--url",
            NO_SERVER,
            "--out",
            out.toString(),
            "--recipient",
            out.resolve("key.asc").toString());

    assertEquals(2, result.exitCode(), result::all);
    assertTrue(
        result.err().contains("--passphrase-file and --recipient only apply with --encrypt"),
        result::all);
  }

  @Test
  void aSigningPassphraseFileWithoutASigningKeyIsAUsageError() {
    Cli.Result result =
        Cli.run(
            "export",
            "--url",
            NO_SERVER,
            "--out",
            out.toString(),
            "--sign-passphrase-file",
            out.resolve("passphrase.txt").toString());

    assertEquals(2, result.exitCode(), result::all);
    assertEquals(
        "pgsnap: --sign-passphrase-file only applies with --sign-key: add --sign-key KEYFILE, or"
            + " leave it out\n",
        result.err());
  }

  @Test
  void aMissingPassphraseFileIsAKeyErrorBeforeAnythingConnects() {
    Cli.Result result =
        Cli.run(
            "export",
            "--url",
            NO_SERVER,
            "--out",
            out.toString(),
            "--encrypt",
            "--passphrase-file",
            out.resolve("missing.txt").toString());

    assertEquals(8, result.exitCode(), result::all);
    assertTrue(result.err().contains("missing.txt does not exist"), result::all);
  }
}
