package io.pgsnap.cli;

import io.pgsnap.ErrorCode;
import io.pgsnap.PgsnapException;
import io.pgsnap.crypto.Encryption;
import io.pgsnap.crypto.Passphrase;
import io.pgsnap.crypto.RecipientKey;
import io.pgsnap.db.Environment;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code export}'s encryption: {@code --encrypt} and the key material it needs. */
final class EncryptOptions {
  @Option(
      names = "--encrypt",
      description = {
        "Encrypt every table file and the manifest's content (OpenPGP, AES-256, readable by gpg)",
        "with the passphrase (--passphrase-file or "
            + Passphrase.VARIABLE
            + ") and/or for each --recipient."
      })
  boolean encrypt;

  @Mixin PassphraseOption passphrase;

  @Option(
      names = "--recipient",
      paramLabel = "KEYFILE",
      converter = Converters.LocalPathConverter.class,
      description = "Encrypt also to this armored OpenPGP public key (repeatable).")
  List<Path> recipients = new ArrayList<>();

  /**
   * The encryption asked for, checked before anything is read: {@code --encrypt} without key
   * material, and key options without {@code --encrypt}, are usage errors, so that a snapshot is
   * never left unencrypted by mistake. {@code --passphrase-file} also unlocks a signing key, so
   * with {@code signing} it does not ask for {@code --encrypt}.
   */
  Optional<Encryption> resolve(
      Environment environment, PrintWriter err, Instant now, boolean signing) {
    if (!encrypt) {
      if (!recipients.isEmpty() || (passphrase.given() && !signing)) {
        throw new PgsnapException(
            ErrorCode.USAGE,
            (signing ? "--recipient only applies" : "--passphrase-file and --recipient only apply")
                + " with --encrypt: add --encrypt, or leave "
                + (signing ? "it" : "them")
                + " out");
      }
      return Optional.empty();
    }
    Optional<Passphrase> secret = passphrase.resolve(environment, err);
    if (secret.isEmpty() && recipients.isEmpty()) {
      throw new PgsnapException(
          ErrorCode.USAGE,
          "--encrypt needs key material and none was given: set "
              + Passphrase.VARIABLE
              + ", give --passphrase-file FILE, or give --recipient KEYFILE (an armored public"
              + " key); nothing was exported");
    }
    List<RecipientKey> keys = recipients.stream().map(r -> RecipientKey.read(r, now)).toList();
    return Optional.of(new Encryption(secret, keys));
  }
}
