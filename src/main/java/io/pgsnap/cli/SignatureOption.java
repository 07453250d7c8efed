package io.pgsnap.cli;

import io.pgsnap.crypto.VerificationKey;
import io.pgsnap.signing.SigningKeys;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --require-signature}: the key a snapshot must be signed with before it is used. */
final class SignatureOption {
  @Option(
      names = "--require-signature",
      paramLabel = "PUBKEYFILE",
      converter = Converters.LocalPathConverter.class,
      description = {
        "Refuse the snapshot (exit 3) unless SHA256SUMS and manifest.json are both signed by",
        "this armored OpenPGP public key (gpg --armor --export) and unchanged since."
      })
  Path file;

  /** The key, or {@code null} when none is required. */
  VerificationKey key() {
    return file == null ? null : SigningKeys.verificationKey(file, "--require-signature");
  }
}
