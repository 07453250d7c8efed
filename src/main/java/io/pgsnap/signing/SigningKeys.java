package io.pgsnap.signing;

import io.pgsnap.ErrorCode;
import io.pgsnap.PgsnapException;
import io.pgsnap.crypto.Passphrase;
import io.pgsnap.crypto.SecretKey;
import io.pgsnap.crypto.VerificationKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Reads the key files an option names. A path that names nothing is a mistyped option ({@link
 * ErrorCode#USAGE}); a file that holds no usable key is wrong key material ({@link ErrorCode#KEY}).
 */
public final class SigningKeys {
  private SigningKeys() {}

  /**
   * The public key in {@code file} that a snapshot must be signed with.
   *
   * @param option the option that named the file, for the message
   * @throws PgsnapException {@link ErrorCode#USAGE} when there is no such file; {@link
   *     ErrorCode#KEY} when it holds no single, unrevoked public key
   */
  public static VerificationKey verificationKey(Path file, String option) {
    requireFile(file, "public key", option);
    return VerificationKey.read(file);
  }

  /**
   * The secret key in {@code file} that signs snapshots; its passphrase is checked when it is first
   * used ({@link OpenPgpSigner#of} tries it at once).
   *
   * @param option the option that named the file, for the message
   * @throws PgsnapException {@link ErrorCode#USAGE} when there is no such file; {@link
   *     ErrorCode#KEY} when it holds no single secret key
   */
  public static SecretKey secretKey(Path file, Optional<Passphrase> passphrase, String option) {
    requireFile(file, "secret key", option);
    return SecretKey.read(file, passphrase);
  }

  private static void requireFile(Path file, String kind, String option) {
    if (!Files.exists(file)) {
      throw new PgsnapException(
          ErrorCode.USAGE,
          kind + " file " + file + " does not exist: check the path given to " + option);
    }
  }
}
