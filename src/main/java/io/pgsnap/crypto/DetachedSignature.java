package io.pgsnap.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.bcpg.BCPGOutputStream;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPSecretKey;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureGenerator;
import org.bouncycastle.openpgp.PGPSignatureList;
import org.bouncycastle.openpgp.PGPSignatureSubpacketGenerator;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.bc.BcPGPObjectFactory;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentSignerBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentVerifierBuilderProvider;

/**
 * Detached OpenPGP signatures over a byte stream, armored as {@code gpg --armor --detach-sign}
 * writes them ({@code .asc}): a version 4 binary-document signature with SHA-256, which {@code gpg
 * --verify} checks.
 */
public final class DetachedSignature {
  private static final int BUFFER = 64 * 1024;

  private DetachedSignature() {}

  /**
   * Signs everything {@code data} holds with {@code key}'s signing key and writes the armored
   * signature to {@code out}, which stays open.
   *
   * @param now the signature's creation time, and the time the key must be valid at
   * @throws WrongKeyException when the key cannot sign (none that may, expired, revoked) or its
   *     passphrase is wrong
   * @throws IOException when {@code data} cannot be read or {@code out} written
   */
  public static void sign(InputStream data, SecretKey key, Instant now, OutputStream out)
      throws IOException {
    PGPSecretKey signing = key.signingKey(now);
    PGPPublicKey pub = signing.getPublicKey();
    PGPSignatureGenerator generator =
        new PGPSignatureGenerator(
            new BcPGPContentSignerBuilder(pub.getAlgorithm(), HashAlgorithmTags.SHA256), pub);
    try {
      generator.init(PGPSignature.BINARY_DOCUMENT, key.unlock(signing));
    } catch (PGPException e) {
      throw new WrongKeyException(
          "secret key " + key.file() + " cannot sign: " + e.getMessage(), e);
    }
    PGPSignatureSubpacketGenerator hashed = new PGPSignatureSubpacketGenerator();
    hashed.setSignatureCreationTime(false, Date.from(now));
    hashed.setIssuerFingerprint(false, pub);
    generator.setHashedSubpackets(hashed.generate());
    PGPSignatureSubpacketGenerator unhashed = new PGPSignatureSubpacketGenerator();
    unhashed.setIssuerKeyID(false, pub.getKeyID());
    generator.setUnhashedSubpackets(unhashed.generate());
    byte[] buffer = new byte[BUFFER];
    for (int n = data.read(buffer); n != -1; n = data.read(buffer)) {
      generator.update(buffer, 0, n);
    }
    PGPSignature signature;
    try {
      signature = generator.generate();
    } catch (PGPException e) {
      throw new WrongKeyException(
          "secret key " + key.file() + " could not sign: " + e.getMessage(), e);
    }
    ArmoredOutputStream armored = ArmoredOutputStream.builder().clearHeaders().build(out);
    BCPGOutputStream packets = new BCPGOutputStream(armored);
    signature.encode(packets);
    packets.flush();
    armored.close(); // writes the armor's end; does not close out
    out.flush();
  }

  /**
   * Checks the detached signature {@code signature} (armored or binary) of {@code data} against
   * {@code expected}.
   *
   * @param signature the signature file's content, or empty when there is no signature file
   * @return {@link SignatureVerdict.Outcome#GOOD} only when a signature by {@code expected} covers
   *     exactly the bytes of {@code data}; a signature file that cannot be parsed counts as {@link
   *     SignatureVerdict.Outcome#ALTERED}
   * @throws IOException when {@code data} cannot be read
   */
  public static SignatureVerdict verify(
      InputStream data, Optional<InputStream> signature, VerificationKey expected)
      throws IOException {
    if (signature.isEmpty()) {
      return new SignatureVerdict(SignatureVerdict.Outcome.UNSIGNED, Optional.empty());
    }
    PGPSignatureList signatures;
    try {
      Object object =
          new BcPGPObjectFactory(PGPUtil.getDecoderStream(signature.get())).nextObject();
      if (!(object instanceof PGPSignatureList list) || list.isEmpty()) {
        return new SignatureVerdict(SignatureVerdict.Outcome.ALTERED, Optional.empty());
      }
      signatures = list;
    } catch (IOException | RuntimeException e) {
      return new SignatureVerdict(SignatureVerdict.Outcome.ALTERED, Optional.empty());
    }
    PGPSignature mine = null;
    PGPPublicKey key = null;
    for (PGPSignature candidate : signatures) {
      key = expected.key(candidate.getKeyID());
      if (key != null) {
        mine = candidate;
        break;
      }
    }
    if (mine == null) {
      return new SignatureVerdict(
          SignatureVerdict.Outcome.OTHER_KEY,
          Optional.of(KeyFiles.keyId(signatures.get(0).getKeyID())));
    }
    Optional<String> signer = Optional.of(KeyFiles.keyId(mine.getKeyID()));
    boolean good;
    try {
      mine.init(new BcPGPContentVerifierBuilderProvider(), key);
      byte[] buffer = new byte[BUFFER];
      for (int n = data.read(buffer); n != -1; n = data.read(buffer)) {
        mine.update(buffer, 0, n);
      }
      good = mine.getSignatureType() == PGPSignature.BINARY_DOCUMENT && mine.verify();
    } catch (PGPException | RuntimeException e) {
      good = false;
    }
    return new SignatureVerdict(
        good ? SignatureVerdict.Outcome.GOOD : SignatureVerdict.Outcome.ALTERED, signer);
  }
}
