package io.pgsnap.crypto;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Objects;
import java.util.Optional;
import org.bouncycastle.bcpg.SecretKeyPacket;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPrivateKey;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPSecretKey;
import org.bouncycastle.openpgp.PGPSecretKeyRing;
import org.bouncycastle.openpgp.operator.bc.BcPBESecretKeyDecryptorBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPDigestCalculatorProvider;

/**
 * A secret key read from an armored OpenPGP secret key file ({@code gpg --armor
 * --export-secret-keys}), with the passphrase that unlocks it if it is protected. It decrypts files
 * encrypted to any of its subkeys, and signs with its signing key.
 */
public final class SecretKey {
  private final Path file;
  private final PGPSecretKeyRing ring;
  private final Optional<Passphrase> passphrase;
  private final String owner;

  private SecretKey(Path file, PGPSecretKeyRing ring, Optional<Passphrase> passphrase) {
    this.file = file;
    this.ring = ring;
    this.passphrase = passphrase;
    this.owner = KeyFiles.describe(ring.getPublicKey());
  }

  /**
   * Reads the secret key in {@code file}. The passphrase is checked when the key is first used.
   *
   * @param passphrase what unlocks the key; empty for a key without protection
   * @throws WrongKeyException naming the file when it holds no single secret key
   */
  public static SecretKey read(Path file, Optional<Passphrase> passphrase) {
    Objects.requireNonNull(passphrase, "passphrase");
    return new SecretKey(file, KeyFiles.readOne(file, PGPSecretKeyRing.class), passphrase);
  }

  /** The file the key was read from. */
  public Path file() {
    return file;
  }

  /** The primary key's id, as GnuPG prints it (16 hex digits). */
  public String keyId() {
    return KeyFiles.keyId(ring.getPublicKey().getKeyID());
  }

  /** Whether this key holds the secret part of the (sub)key with the id {@code keyId}. */
  boolean holds(long keyId) {
    PGPSecretKey key = ring.getSecretKey(keyId);
    return key != null && !key.isPrivateKeyEmpty();
  }

  /** The unlocked (sub)key with the id {@code keyId}, which {@link #holds} it. */
  PGPPrivateKey unlock(long keyId) {
    return unlock(ring.getSecretKey(keyId));
  }

  /**
   * The key that signs: the newest (sub)key that may sign data and is neither revoked nor expired
   * at {@code now}; {@link #unlock(PGPSecretKey)} unlocks it.
   */
  PGPSecretKey signingKey(Instant now) {
    PGPSecretKey chosen = null;
    for (Iterator<PGPSecretKey> keys = ring.getSecretKeys(); keys.hasNext(); ) {
      PGPSecretKey key = keys.next();
      PGPPublicKey pub = key.getPublicKey();
      if (key.isSigningKey()
          && !key.isPrivateKeyEmpty()
          && KeyFiles.allows(pub, KeyFiles.SIGN)
          && KeyFiles.unusable(pub, now) == null
          && (chosen == null
              || pub.getCreationTime().after(chosen.getPublicKey().getCreationTime()))) {
        chosen = key;
      }
    }
    String primaryProblem = KeyFiles.unusable(ring.getPublicKey(), now);
    if (chosen == null || primaryProblem != null) {
      throw new WrongKeyException(
          "secret key "
              + file
              + " ("
              + owner
              + ") "
              + (primaryProblem != null ? primaryProblem : "has no current key that may sign")
              + ": give a current secret key that can sign (gpg --armor --export-secret-keys)");
    }
    return chosen;
  }

  PGPPrivateKey unlock(PGPSecretKey key) {
    String which = "secret key " + KeyFiles.keyId(key.getKeyID()) + " in " + file;
    boolean protectedKey = key.getS2KUsage() != SecretKeyPacket.USAGE_NONE;
    if (protectedKey && passphrase.isEmpty()) {
      throw new WrongKeyException(
          which
              + " is protected by a passphrase and none was given: set "
              + Passphrase.VARIABLE
              + " or give a passphrase file");
    }
    char[] chars = passphrase.map(Passphrase::chars).orElse(new char[0]);
    try {
      return key.extractPrivateKey(
          new BcPBESecretKeyDecryptorBuilder(new BcPGPDigestCalculatorProvider()).build(chars));
    } catch (PGPException | RuntimeException e) {
      throw new WrongKeyException(
          "the passphrase does not unlock "
              + which
              + ": give the passphrase of that key ("
              + Passphrase.VARIABLE
              + " or a passphrase file)",
          e);
    } finally {
      Arrays.fill(chars, '\0');
    }
  }

  @Override
  public String toString() {
    return "secret key " + owner + " from " + file;
  }
}
