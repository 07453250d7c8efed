package io.pgsnap.crypto;

import java.nio.file.Path;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;

/**
 * The public key that signatures must be made with, read from an armored OpenPGP public key file
 * ({@code gpg --armor --export}). A signature by any of its (sub)keys counts. Expiry is not
 * checked: a snapshot signed while the key was current stays signed.
 */
public final class VerificationKey {
  private final Path file;
  private final PGPPublicKeyRing ring;

  private VerificationKey(Path file, PGPPublicKeyRing ring) {
    this.file = file;
    this.ring = ring;
  }

  /**
   * Reads the public key in {@code file}.
   *
   * @throws WrongKeyException naming the file when it holds no single public key, or the key is
   *     revoked
   */
  public static VerificationKey read(Path file) {
    PGPPublicKeyRing ring = KeyFiles.readOne(file, PGPPublicKeyRing.class);
    if (ring.getPublicKey().hasRevocation()) {
      throw new WrongKeyException(
          "public key "
              + file
              + " ("
              + KeyFiles.describe(ring.getPublicKey())
              + ") is revoked: signatures by it prove nothing; give the current signing key");
    }
    return new VerificationKey(file, ring);
  }

  /** The file the key was read from. */
  public Path file() {
    return file;
  }

  /** The primary key's id, as GnuPG prints it (16 hex digits). */
  public String keyId() {
    return KeyFiles.keyId(ring.getPublicKey().getKeyID());
  }

  /** The (sub)key with the id {@code keyId}, or null when the key has none. */
  PGPPublicKey key(long keyId) {
    return ring.getPublicKey(keyId);
  }

  @Override
  public String toString() {
    return "public key " + KeyFiles.describe(ring.getPublicKey()) + " from " + file;
  }
}
