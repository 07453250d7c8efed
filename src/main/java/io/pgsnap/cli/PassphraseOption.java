package io.pgsnap.cli;

import io.pgsnap.crypto.Passphrase;
import io.pgsnap.db.Environment;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * Where a passphrase comes from: {@code --passphrase-file}, else {@value Passphrase#VARIABLE}.
 * Never an option's value, which other users of the machine could see.
 */
final class PassphraseOption {
  @Option(
      names = "--passphrase-file",
      paramLabel = "FILE",
      converter = Converters.LocalPathConverter.class,
      description = {
        "Read the passphrase from the first line of FILE (default: the environment variable "
            + Passphrase.VARIABLE
            + ")."
      })
  Path file;

  /** Whether {@code --passphrase-file} was given. */
  boolean given() {
    return file != null;
  }

  /**
   * The passphrase, from the file or the environment; warnings about the file go to {@code err}.
   */
  Optional<Passphrase> resolve(Environment environment, PrintWriter err) {
    if (file == null) {
      return Passphrase.fromEnvironment(environment);
    }
    return Optional.of(fromFile(file, err));
  }

  /**
   * The passphrase on the first line of {@code file}; warnings about the file go to {@code err}.
   */
  static Passphrase fromFile(Path file, PrintWriter err) {
    List<String> warnings = new ArrayList<>();
    Passphrase passphrase = Passphrase.fromFile(file, warnings);
    warnings.forEach(w -> err.println("pgsnap: warning: " + w));
    return passphrase;
  }
}
