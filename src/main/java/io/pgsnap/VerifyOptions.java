package io.pgsnap;

import io.pgsnap.crypto.Decryption;
import java.util.Objects;
import java.util.Optional;

/**
 * How thoroughly to verify a snapshot.
 *
 * @param deep also decompress every table file and count its rows against the manifest; without it,
 *     verification checks sizes and checksums only, which reads every file once but parses nothing
 * @param decryption what opens an encrypted snapshot, which the deep check needs (its complete
 *     manifest and its files are decrypted); empty when none was given
 */
public record VerifyOptions(boolean deep, Optional<Decryption> decryption) {
  public VerifyOptions {
    Objects.requireNonNull(decryption, "decryption");
  }

  /** Options without key material. */
  public VerifyOptions(boolean deep) {
    this(deep, Optional.empty());
  }

  /** These options, with what opens an encrypted snapshot. */
  public VerifyOptions withDecryption(Optional<Decryption> decryption) {
    return new VerifyOptions(deep, decryption);
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
