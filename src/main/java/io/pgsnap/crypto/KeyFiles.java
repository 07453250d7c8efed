package io.pgsnap.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.bouncycastle.bcpg.sig.KeyFlags;
import org.bouncycastle.openpgp.PGPKeyRing;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSecretKeyRing;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.bc.BcPGPObjectFactory;

/** Reads armored OpenPGP key files and judges what their keys may be used for. */
final class KeyFiles {
  private KeyFiles() {}

  /**
   * The one key ring in {@code file}: a certificate (public key) or a secret key, armored as {@code
   * gpg --armor --export} or {@code --export-secret-keys} writes it.
   */
  static <R extends PGPKeyRing> R readOne(Path file, Class<R> type) {
    String kind = type == PGPSecretKeyRing.class ? "secret key" : "public key";
    List<R> rings = new ArrayList<>();
    try (InputStream in = PGPUtil.getDecoderStream(Files.newInputStream(file))) {
      BcPGPObjectFactory objects = new BcPGPObjectFactory(in);
      for (Object object = objects.nextObject(); object != null; object = objects.nextObject()) {
        if (!type.isInstance(object)) {
          throw new WrongKeyException(
              file + " does not hold an OpenPGP " + kind + ": " + notA(type, object));
        }
        rings.add(type.cast(object));
      }
    } catch (NoSuchFileException e) {
      throw new WrongKeyException(kind + " file " + file + " does not exist: check its path");
    } catch (IOException | RuntimeException e) {
      if (e instanceof WrongKeyException wrong) {
        throw wrong;
      }
      throw new WrongKeyException(
          "could not read the OpenPGP "
              + kind
              + " in "
              + file
              + " ("
              + e.getMessage()
              + "): export it with gpg --armor "
              + (type == PGPSecretKeyRing.class ? "--export-secret-keys" : "--export"),
          e);
    }
    if (rings.size() != 1) {
      throw new WrongKeyException(
          file
              + " holds "
              + rings.size()
              + " OpenPGP "
              + kind
              + "s: give a file with exactly one (gpg --armor "
              + (type == PGPSecretKeyRing.class ? "--export-secret-keys" : "--export")
              + " KEYID)");
    }
    return rings.get(0);
  }

  private static String notA(Class<?> wanted, Object found) {
    if (wanted == PGPPublicKeyRing.class && found instanceof PGPSecretKeyRing) {
      return "it is a secret key; give the public key (gpg --armor --export)";
    }
    if (wanted == PGPSecretKeyRing.class && found instanceof PGPPublicKeyRing) {
      return "it is a public key; give the secret key (gpg --armor --export-secret-keys)";
    }
    return "it holds " + found.getClass().getSimpleName();
  }

  /** The long key id as GnuPG prints it: 16 upper-case hex digits. */
  static String keyId(long id) {
    return String.format(Locale.ROOT, "%016X", id);
  }

  /** Why {@code key} may not be used at {@code now}, or null when it may. */
  static String unusable(PGPPublicKey key, Instant now) {
    if (key.hasRevocation()) {
      return "is revoked";
    }
    long valid = key.getValidSeconds();
    if (valid > 0) {
      Instant expiry = key.getCreationTime().toInstant().plusSeconds(valid);
      if (!expiry.isAfter(now)) {
        return "expired on " + expiry;
      }
    }
    return null;
  }

  /**
   * Whether the key flags of {@code key}'s newest self-signature allow {@code wanted}; a key whose
   * signatures carry no flags is judged by its algorithm.
   */
  static boolean allows(PGPPublicKey key, int wanted) {
    PGPSignature newest = null;
    for (Iterator<PGPSignature> it = key.getSignatures(); it.hasNext(); ) {
      PGPSignature signature = it.next();
      if (signature.hasSubpackets()
          && signature.getHashedSubPackets().getKeyFlags() != 0
          && (newest == null || signature.getCreationTime().after(newest.getCreationTime()))) {
        newest = signature;
      }
    }
    if (newest != null) {
      return (newest.getHashedSubPackets().getKeyFlags() & wanted) != 0;
    }
    return wanted == ENCRYPT ? key.isEncryptionKey() : isSigningAlgorithm(key.getAlgorithm());
  }

  static final int ENCRYPT = KeyFlags.ENCRYPT_COMMS | KeyFlags.ENCRYPT_STORAGE;
  static final int SIGN = KeyFlags.SIGN_DATA;

  private static boolean isSigningAlgorithm(int algorithm) {
    return switch (algorithm) {
      case PGPPublicKey.RSA_GENERAL,
          PGPPublicKey.RSA_SIGN,
          PGPPublicKey.DSA,
          PGPPublicKey.ECDSA,
          PGPPublicKey.EDDSA_LEGACY,
          PGPPublicKey.Ed25519,
          PGPPublicKey.Ed448 ->
          true;
      default -> false;
    };
  }

  /** The first user id of {@code key}, for messages, or its key id when it has none. */
  static String describe(PGPPublicKey primary) {
    Iterator<String> ids = primary.getUserIDs();
    String id = keyId(primary.getKeyID());
    return ids.hasNext() ? id + " (" + ids.next() + ")" : id;
  }
}
