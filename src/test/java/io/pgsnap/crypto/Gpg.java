package io.pgsnap.crypto;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real GnuPG, in a home folder of its own, for interoperability tests and to make test keys
 * (ed25519 with a cv25519 encryption subkey: made in well under a second).
 */
final class Gpg implements AutoCloseable {
  private static final Path GPG = Path.of("/usr/bin/gpg");

  private final Path home;

  private Gpg(Path home) {
    this.home = home;
  }

  /** A GnuPG with an empty home in {@code home}; fails the test when gpg is not installed. */
  static Gpg in(Path home) throws IOException {
    if (!Files.isExecutable(GPG)) {
      fail("these tests need GnuPG: install gnupg (apt-get install -y gnupg)");
    }
    Files.createDirectories(home);
    Files.setPosixFilePermissions(
        home, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
    return new Gpg(home);
  }

  /** The outcome of one gpg run. */
  record Run(int status, String stdout, String stderr) {}

  /** Runs gpg in batch mode with {@code args}; fails the test when it exits non-zero. */
  String run(String... args) throws IOException {
    Run run = tryRun(args);
    if (run.status() != 0 && run.stderr().contains("from agent")) {
      // gpg-agent 2.2 now and then fails to hand over a key it has just stored ("error receiving
      // key from agent: Corrupted protection"); a fresh agent reads it back from disk.
      stopAgent();
      run = tryRun(args);
    }
    if (run.status() != 0) {
      fail("gpg " + String.join(" ", args) + " exited " + run.status() + ": " + run.stderr());
    }
    return run.stdout();
  }

  /** Runs gpg in batch mode with {@code args}, whatever its exit status. */
  Run tryRun(String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(GPG.toString());
    command.addAll(
        List.of("--homedir", home.toString(), "--batch", "--pinentry-mode", "loopback", "--yes"));
    command.addAll(List.of(args));
    Path out = Files.createTempFile(home, "stdout", ".txt");
    Path err = Files.createTempFile(home, "stderr", ".txt");
    Process process =
        new ProcessBuilder(command)
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        fail("gpg " + String.join(" ", args) + " did not finish within 60 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
    return new Run(
        process.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  /**
   * Makes a key for {@code email} (ed25519 primary that signs, cv25519 subkey that encrypts), that
   * never expires, protected by {@code passphrase} (none when empty).
   */
  void makeKey(String email, String passphrase) throws IOException {
    run(
        "--passphrase",
        passphrase,
        "--quick-gen-key",
        "Test <" + email + ">",
        "future-default",
        "default",
        "never");
  }

  /** Exports the armored public key of {@code email} into {@code file}. */
  Path exportPublic(String email, Path file) throws IOException {
    Files.writeString(file, run("--armor", "--export", email));
    return file;
  }

  /** Exports the armored secret key of {@code email} into {@code file}. */
  Path exportSecret(String email, String passphrase, Path file) throws IOException {
    Files.writeString(
        file, run("--passphrase", passphrase, "--armor", "--export-secret-keys", email));
    return file;
  }

  /** The fingerprint of the primary key of {@code email}. */
  String fingerprint(String email) throws IOException {
    return run("--with-colons", "--list-keys", email)
        .lines()
        .filter(line -> line.startsWith("fpr:"))
        .findFirst()
        .orElseThrow()
        .split(":")[9];
  }

  /** Stops the agent that gpg started for this home. */
  @Override
  public void close() throws IOException {
    stopAgent();
  }

  private void stopAgent() throws IOException {
    try {
      new ProcessBuilder("gpgconf", "--homedir", home.toString(), "--kill", "gpg-agent")
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start()
          .waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }
}
