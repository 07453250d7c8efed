package io.pgsnap.fingerprint;

/**
 * Hears each row a fingerprint reader digests: its values, laid out as the digest reads them, and
 * its digest. This is how a caller sees rows (to find which keys differ) without a second parser of
 * each format.
 */
@FunctionalInterface
public interface RowListener {
  /** A listener that does nothing. */
  RowListener NONE = (values, length, digest) -> {};

  /**
   * One row, as it ends. Both arrays are reused for the next row: copy what must be kept.
   *
   * @param values the row's values in {@code values[0, length)}, each a 4-byte big-endian signed
   *     length and that many bytes of UTF-8 text, or the length -1 for NULL; see {@link
   *     Fingerprint}
   * @param length how many bytes of {@code values} the row takes
   * @param digest the row's SHA-256 digest, 32 bytes
   */
  void row(byte[] values, int length, byte[] digest);
}
