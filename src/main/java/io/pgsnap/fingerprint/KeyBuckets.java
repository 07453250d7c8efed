package io.pgsnap.fingerprint;

import java.util.Arrays;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * A fingerprint per key bucket ({@link RowKey#BUCKETS} of them) of the rows a reader hears: the
 * first step of naming which rows of two sides differ. Two sides' buckets differ exactly where the
 * rows whose keys fall in them differ (up to SHA-256 sums colliding). Takes 2.5 MiB, whatever the
 * table's size.
 */
public final class KeyBuckets implements RowListener {
  private final RowKey key;
  private final long[] sums = new long[RowKey.BUCKETS * DigestSum.WORDS];
  private final long[] rows = new long[RowKey.BUCKETS];

  /**
   * @param key the rows' key; one instance per reader, as it is not thread-safe
   */
  public KeyBuckets(RowKey key) {
    this.key = Objects.requireNonNull(key, "key");
  }

  @Override
  public void row(byte[] values, int length, byte[] digest) {
    int bucket = key.bucket(values, length);
    DigestSum.add(sums, bucket * DigestSum.WORDS, digest);
    rows[bucket]++;
  }

  /** How many rows fell in {@code bucket}. */
  public long rows(int bucket) {
    return rows[bucket];
  }

  /** The buckets whose rows differ from {@code other}'s, in bucket order. */
  public int[] differing(KeyBuckets other) {
    return IntStream.range(0, RowKey.BUCKETS)
        .filter(
            b ->
                rows[b] != other.rows[b]
                    || !Arrays.equals(
                        sums,
                        b * DigestSum.WORDS,
                        (b + 1) * DigestSum.WORDS,
                        other.sums,
                        b * DigestSum.WORDS,
                        (b + 1) * DigestSum.WORDS))
        .toArray();
  }
}
