package io.pgsnap.fingerprint;

import java.util.BitSet;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The row digest of each key in some buckets: the second step of naming which rows differ, after
 * {@link KeyBuckets} found the buckets. Holds only the rows of those buckets.
 */
public final class KeyedRows implements RowListener {
  private final RowKey key;
  private final BitSet buckets;
  private final Map<List<String>, String> digests = new HashMap<>();

  /**
   * @param key the rows' key; one instance per reader, as it is not thread-safe
   * @param buckets the buckets whose rows to keep
   */
  public KeyedRows(RowKey key, BitSet buckets) {
    this.key = Objects.requireNonNull(key, "key");
    this.buckets = (BitSet) buckets.clone();
  }

  @Override
  public void row(byte[] values, int length, byte[] digest) {
    if (buckets.get(key.bucket(values, length))) {
      // A key twice on one side (only a damaged file can hold that) keeps both digests, so it
      // never matches the other side's one row.
      digests.merge(
          key.values(values, length), HexFormat.of().formatHex(digest), (a, b) -> a + "+" + b);
    }
  }

  /** Each key seen in the buckets, with its row's digest in hex. */
  public Map<List<String>, String> digests() {
    return Map.copyOf(digests);
  }
}
