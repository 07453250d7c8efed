package io.pgsnap.crypto;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;

/**
 * A recipient's public key, read from an armored OpenPGP public key file ({@code gpg --armor
 * --export}): the key that files are encrypted to is its newest subkey (or primary key) that may
 * encrypt and is neither expired nor revoked.
 */
public final class RecipientKey {
  private final Path file;
  private final PGPPublicKey encryptionKey;
  private final String owner;

  private RecipientKey(Path file, PGPPublicKey encryptionKey, String owner) {
    this.file = file;
    this.encryptionKey = encryptionKey;
    this.owner = owner;
  }

  /**
   * Reads the public key in {@code file} and picks its encryption key as of {@code now}.
   *
   * @throws WrongKeyException naming the file and the key when the file holds no single public key,
   *     or the key is revoked or expired, or has no subkey that may encrypt
   */
  public static RecipientKey read(Path file, Instant now) {
    Objects.requireNonNull(now, "now");
    PGPPublicKeyRing ring = KeyFiles.readOne(file, PGPPublicKeyRing.class);
    PGPPublicKey primary = ring.getPublicKey();
    String owner = KeyFiles.describe(primary);
    String primaryProblem = KeyFiles.unusable(primary, now);
    if (primaryProblem != null) {
      throw refused(file, owner, "key " + primaryProblem);
    }
    PGPPublicKey chosen = null;
    List<String> rejected = new ArrayList<>();
    for (Iterator<PGPPublicKey> keys = ring.getPublicKeys(); keys.hasNext(); ) {
      PGPPublicKey key = keys.next();
      if (!KeyFiles.allows(key, KeyFiles.ENCRYPT) || !key.isEncryptionKey()) {
        continue;
      }
      String problem = KeyFiles.unusable(key, now);
      if (problem != null) {
        rejected.add("subkey " + KeyFiles.keyId(key.getKeyID()) + " " + problem);
      } else if (chosen == null || key.getCreationTime().after(chosen.getCreationTime())) {
        chosen = key;
      }
    }
    if (chosen == null) {
      throw refused(
          file,
          owner,
          rejected.isEmpty()
              ? "key has no subkey that may encrypt"
              : "key has no usable encryption subkey: " + String.join(", ", rejected));
    }
    return new RecipientKey(file, chosen, owner);
  }

  private static WrongKeyException refused(Path file, String owner, String why) {
    return new WrongKeyException(
        "recipient "
            + file
            + ": the "
            + why
            + " ("
            + owner
            + "); give a current public key that can encrypt (gpg --armor --export)");
  }

  /** The file the key was read from. */
  public Path file() {
    return file;
  }

  /** The id of the key that files are encrypted to, as GnuPG prints it (16 hex digits). */
  public String keyId() {
    return KeyFiles.keyId(encryptionKey.getKeyID());
  }

  PGPPublicKey encryptionKey() {
    return encryptionKey;
  }

  @Override
  public String toString() {
    return "recipient " + owner + ", encryption key " + keyId() + " from " + file;
  }
}
