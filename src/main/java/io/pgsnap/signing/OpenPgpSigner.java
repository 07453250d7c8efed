package io.pgsnap.signing;

import io.pgsnap.crypto.DetachedSignature;
import io.pgsnap.crypto.SecretKey;
import io.pgsnap.snapshot.SnapshotSigner;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Signs a snapshot with an OpenPGP secret key: {@code SHA256SUMS.sig} and {@code
 * manifest.json.sig}, armored detached signatures as {@code gpg --armor --detach-sign} writes them.
 */
public final class OpenPgpSigner implements SnapshotSigner {
  private final SecretKey key;
  private final Clock clock;

  private OpenPgpSigner(SecretKey key, Clock clock) {
    this.key = key;
    this.clock = clock;
  }

  /**
   * A signer with {@code key}, which is tried at once: a key that cannot sign, or whose passphrase
   * is missing or wrong, is refused here, before an export starts.
   *
   * @param clock gives each signature's creation time
   * @throws io.pgsnap.crypto.WrongKeyException ({@link io.pgsnap.ErrorCode#KEY}) when the key
   *     cannot sign
   */
  public static OpenPgpSigner of(SecretKey key, Clock clock) {
    OpenPgpSigner signer = new OpenPgpSigner(Objects.requireNonNull(key, "key"), clock);
    signer.sign(new byte[0], OutputStream.nullOutputStream());
    return signer;
  }

  /** The key id of the secret key's primary key, as GnuPG prints it. */
  public String keyId() {
    return key.keyId();
  }

  @Override
  public Map<String, byte[]> signatures(byte[] checksums, byte[] manifest) {
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put(CHECKSUMS_SIGNATURE, sign(checksums));
    files.put(MANIFEST_SIGNATURE, sign(manifest));
    return files;
  }

  private byte[] sign(byte[] data) {
    ByteArrayOutputStream signature = new ByteArrayOutputStream();
    sign(data, signature);
    return signature.toByteArray();
  }

  private void sign(byte[] data, OutputStream out) {
    try {
      DetachedSignature.sign(new ByteArrayInputStream(data), key, clock.instant(), out);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // memory to memory: cannot happen
    }
  }

  @Override
  public String toString() {
    return "signer with " + key;
  }
}
