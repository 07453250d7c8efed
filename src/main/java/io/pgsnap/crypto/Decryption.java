package io.pgsnap.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.bouncycastle.openpgp.PGPCompressedData;
import org.bouncycastle.openpgp.PGPEncryptedData;
import org.bouncycastle.openpgp.PGPEncryptedDataList;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPLiteralData;
import org.bouncycastle.openpgp.PGPMarker;
import org.bouncycastle.openpgp.PGPPBEEncryptedData;
import org.bouncycastle.openpgp.PGPPrivateKey;
import org.bouncycastle.openpgp.PGPPublicKeyEncryptedData;
import org.bouncycastle.openpgp.PGPSessionKey;
import org.bouncycastle.openpgp.bc.BcPGPObjectFactory;
import org.bouncycastle.openpgp.operator.bc.BcPublicKeyDataDecryptorFactory;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPDigestCalculatorProviderBuilder;
import org.bouncycastle.openpgp.operator.jcajce.JcePBEDataDecryptorFactoryBuilder;
import org.bouncycastle.openpgp.operator.jcajce.JceSessionKeyDataDecryptorFactoryBuilder;

/**
 * What encrypted files are opened with: a passphrase, secret keys, or both; each file is opened by
 * whichever of them it was encrypted for. Reads what {@link Encryption} writes, and what {@code gpg
 * --symmetric} or {@code gpg --encrypt} writes (also compressed), but only integrity-protected
 * messages.
 *
 * @param passphrase the passphrase, for files encrypted with one
 * @param secretKeys the secret keys, for files encrypted to their public keys
 */
public record Decryption(Optional<Passphrase> passphrase, List<SecretKey> secretKeys) {

  public Decryption {
    Objects.requireNonNull(passphrase, "passphrase");
    secretKeys = List.copyOf(secretKeys);
  }

  /**
   * Opens the OpenPGP message in {@code source}. Everything that decides whether the key material
   * opens it happens here, before any plaintext is returned: reading the session packets,
   * recovering the session key, and checking the first block of the encrypted data. The stream
   * returned checks the message's integrity when its end is reached (see {@link
   * DecryptingInputStream}).
   *
   * @param file the file's name, for messages
   * @throws WrongKeyException when no key material was given that opens the file
   * @throws IntegrityException when {@code source} is not an integrity-protected OpenPGP message
   * @throws IOException when {@code source} fails
   */
  public DecryptingInputStream decrypt(InputStream source, String file) throws IOException {
    SourceStream guarded = new SourceStream(Objects.requireNonNull(source, "source"));
    BcPGPObjectFactory packets = new BcPGPObjectFactory(guarded);
    PGPEncryptedDataList list = encryptedDataList(packets, guarded, file);
    if (!list.get(0).isIntegrityProtected() || list.get(0).isAEAD()) {
      throw new IntegrityException(
          file, "it is not encrypted in an integrity-protected packet (SEIPD version 1)");
    }
    List<String> lockedWith = new ArrayList<>();
    WrongKeyException locked = null;
    // Public-key packets first: their session key has a checksum, so a key that does not fit is
    // told apart from damaged data; a passphrase has only the first block's two check bytes.
    for (PGPEncryptedData data : list) {
      if (data instanceof PGPPublicKeyEncryptedData pk) {
        lockedWith.add("key " + KeyFiles.keyId(pk.getKeyID()));
        try {
          InputStream clear = open(pk, guarded, file);
          if (clear != null) {
            return new DecryptingInputStream(
                literalData(clear, guarded, file), pk, packets, guarded, file);
          }
        } catch (WrongKeyException e) {
          locked = e; // the secret key stays locked; the passphrase may still open the file
        }
      }
    }
    for (PGPEncryptedData data : list) {
      if (data instanceof PGPPBEEncryptedData pbe) {
        lockedWith.add("a passphrase");
        if (passphrase.isPresent()) {
          InputStream clear = open(pbe, guarded, file);
          return new DecryptingInputStream(
              literalData(clear, guarded, file), pbe, packets, guarded, file);
        }
      }
    }
    if (locked != null) {
      throw locked;
    }
    throw new WrongKeyException(
        file
            + " is encrypted for "
            + String.join(", ", lockedWith)
            + ", and "
            + given()
            + ": give the passphrase ("
            + Passphrase.VARIABLE
            + " or a passphrase file) or the secret key it was encrypted for");
  }

  private String given() {
    List<String> keys = new ArrayList<>();
    passphrase.ifPresent(p -> keys.add("the passphrase"));
    secretKeys.forEach(k -> keys.add("secret key " + k.keyId() + " (" + k.file() + ")"));
    return switch (keys.size()) {
      case 0 -> "no passphrase or secret key was given that opens it";
      case 1 -> keys.get(0) + " does not open it";
      default -> "none of " + String.join(", ", keys) + " opens it";
    };
  }

  private static PGPEncryptedDataList encryptedDataList(
      BcPGPObjectFactory packets, SourceStream guarded, String file) throws IOException {
    Object first;
    try {
      first = packets.nextObject();
      while (first instanceof PGPMarker) {
        first = packets.nextObject();
      }
    } catch (IOException | RuntimeException e) {
      guarded.rethrowIfItsOwn(e);
      throw new IntegrityException(file, "it is not an OpenPGP message", e);
    }
    if (first instanceof PGPEncryptedDataList list && !list.isEmpty()) {
      return list;
    }
    throw new IntegrityException(
        file,
        first == null
            ? "it is empty"
            : "it is not an encrypted OpenPGP message (it starts with "
                + first.getClass().getSimpleName()
                + ")");
  }

  /** The decrypted data of {@code pk} when one of the secret keys holds its key, else null. */
  private InputStream open(PGPPublicKeyEncryptedData pk, SourceStream guarded, String file)
      throws IOException {
    for (SecretKey key : secretKeys) {
      if (key.holds(pk.getKeyID())) {
        PGPPrivateKey unlocked = key.unlock(pk.getKeyID());
        try {
          // The session key by Bouncy Castle's own code (any key algorithm); the data by the
          // JDK's AES, which uses the processor's AES instructions.
          PGPSessionKey sessionKey =
              pk.getSessionKey(new BcPublicKeyDataDecryptorFactory(unlocked));
          return pk.getDataStream(new JceSessionKeyDataDecryptorFactoryBuilder().build(sessionKey));
        } catch (PGPException | RuntimeException e) {
          guarded.rethrowIfItsOwn(e);
          throw new IntegrityException(
              file,
              "secret key "
                  + KeyFiles.keyId(pk.getKeyID())
                  + " from "
                  + key.file()
                  + " does not decrypt it",
              e);
        }
      }
    }
    return null;
  }

  private InputStream open(PGPPBEEncryptedData pbe, SourceStream guarded, String file)
      throws IOException {
    char[] chars = passphrase.orElseThrow().chars();
    try {
      return pbe.getDataStream(
          new JcePBEDataDecryptorFactoryBuilder(new JcaPGPDigestCalculatorProviderBuilder().build())
              .build(chars));
    } catch (PGPException | RuntimeException e) {
      guarded.rethrowIfItsOwn(e);
      // A wrong passphrase fails the first block's check, or decrypts an encrypted session key
      // into nonsense (an unknown algorithm).
      throw new WrongKeyException(
          "the passphrase does not open "
              + file
              + ": give the passphrase it was encrypted with ("
              + Passphrase.VARIABLE
              + " or a passphrase file)",
          e);
    } finally {
      Arrays.fill(chars, '\0');
    }
  }

  /** The literal data packet's content, unwrapping one compressed packet as gpg writes it. */
  private static InputStream literalData(InputStream clear, SourceStream guarded, String file)
      throws IOException {
    try {
      Object object = new BcPGPObjectFactory(clear).nextObject();
      if (object instanceof PGPCompressedData compressed) {
        object = new BcPGPObjectFactory(compressed.getDataStream()).nextObject();
      }
      if (object instanceof PGPLiteralData literal) {
        return literal.getDataStream();
      }
      throw new IntegrityException(
          file,
          "it holds "
              + (object == null ? "nothing" : object.getClass().getSimpleName())
              + " where literal data was expected");
    } catch (IOException | PGPException | RuntimeException e) {
      if (e instanceof IntegrityException integrity) {
        throw integrity;
      }
      guarded.rethrowIfItsOwn(e);
      throw new IntegrityException(file, "its decrypted packets cannot be read", e);
    }
  }
}
