package io.pgsnap;

import io.pgsnap.crypto.Decryption;
import io.pgsnap.crypto.VerificationKey;
import java.util.Objects;
import java.util.Optional;

/**
 * How thoroughly to verify a snapshot.
 *
 * @param deep also decompress every table file and count its rows against the manifest; without it,
 *     verification checks sizes and checksums only, which reads every file once but parses nothing
 * @param requiredSigner the key {@code SHA256SUMS} and {@code manifest.json} must both be signed
 *     with ({@code --require-signature}), or {@code null} to report signatures without checking
 *     them
 * @param decryption what opens an encrypted snapshot, which the deep check needs (its complete
 *     manifest and its files are decrypted); empty when none was given
 */
public record VerifyOptions(
    boolean deep, VerificationKey requiredSigner, Optional<Decryption> decryption) {
  public VerifyOptions {
    Objects.requireNonNull(decryption, "decryption");
  }

  /** Options without key material that do not require a signature. */
  public VerifyOptions(boolean deep) {
    this(deep, null, Optional.empty());
  }

  /** The same checks, and a refusal unless the snapshot is signed by {@code signer}. */
  public VerifyOptions withRequiredSigner(VerificationKey signer) {
    return new VerifyOptions(deep, signer, decryption);
  }

  /** These options, with what opens an encrypted snapshot. */
  public VerifyOptions withDecryption(Optional<Decryption> decryption) {
    return new VerifyOptions(deep, requiredSigner, decryption);
  }

  /** Sizes, checksums, the manifest and the folder's contents; no decompression. */
  public static VerifyOptions quick() {
    return new VerifyOptions(false);
  }

  /** Everything {@link #quick()} checks, and every file decompressed and its rows counted. */
  public static VerifyOptions deepCheck() {
    return new VerifyOptions(true);
  }
}
