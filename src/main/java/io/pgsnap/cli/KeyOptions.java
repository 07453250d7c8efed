package io.pgsnap.cli;

import io.pgsnap.crypto.Decryption;
import io.pgsnap.crypto.Passphrase;
import io.pgsnap.crypto.SecretKey;
import io.pgsnap.db.Environment;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The key that opens an encrypted snapshot, for the commands that read its content. */
final class KeyOptions {
  @Mixin PassphraseOption passphrase;

  @Option(
      names = "--secret-key",
      paramLabel = "KEYFILE",
      converter = Converters.LocalPathConverter.class,
      description = {
        "Open an encrypted snapshot with this armored OpenPGP secret key (repeatable); a",
        "protected key is unlocked with the passphrase (--passphrase-file or "
            + Passphrase.VARIABLE
            + ")."
      })
  List<Path> secretKeys = new ArrayList<>();

  /**
   * What opens an encrypted snapshot: empty when no key material was given (an encrypted snapshot
   * is then refused by the gate, naming what to pass).
   */
  Optional<Decryption> resolve(Environment environment, PrintWriter err) {
    Optional<Passphrase> secret = passphrase.resolve(environment, err);
    if (secret.isEmpty() && secretKeys.isEmpty()) {
      return Optional.empty();
    }
    List<SecretKey> keys = secretKeys.stream().map(k -> SecretKey.read(k, secret)).toList();
    return Optional.of(new Decryption(secret, keys));
  }
}
