package io.pgsnap;

/**
 * How thoroughly to verify a snapshot.
 *
 * @param deep also decompress every table file and count its rows against the manifest; without it,
 *     verification checks sizes and checksums only, which reads every file once but parses nothing
 */
public record VerifyOptions(boolean deep) {
  /** Sizes, checksums, the manifest and the folder's contents; no decompression. */
  public static VerifyOptions quick() {
    return new VerifyOptions(false);
  }

  /** Everything {@link #quick()} checks, and every file decompressed and its rows counted. */
  public static VerifyOptions deepCheck() {
    return new VerifyOptions(true);
  }
}
