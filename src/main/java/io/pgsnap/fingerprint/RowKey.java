package io.pgsnap.fingerprint;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * A table's primary key, read from rows as a {@link RowListener} hears them: which of 65,536
 * buckets a row's key falls in, and the key's values as text. Both sides of a comparison print the
 * same key the same way, so a key lands in the same bucket on both. Not thread-safe.
 */
public final class RowKey {
  /** How many buckets keys are spread over. */
  public static final int BUCKETS = 1 << 16;

  /** Where each key column is among the row's values, in key order. */
  private final int[] positions;

  private final int[] starts;
  private final CRC32C crc = new CRC32C();

  private RowKey(int[] positions) {
    this.positions = positions;
    int last = 0;
    for (int p : positions) {
      last = Math.max(last, p);
    }
    this.starts = new int[last + 1];
  }

  /**
   * The key of rows holding {@code columns}.
   *
   * @param columns the rows' columns, in order
   * @param primaryKey the key's columns, in key order
   * @return nothing when there is no key, or a key column is not among the rows' columns
   */
  public static Optional<RowKey> of(List<String> columns, List<String> primaryKey) {
    if (primaryKey.isEmpty()) {
      return Optional.empty();
    }
    int[] positions = new int[primaryKey.size()];
    for (int i = 0; i < positions.length; i++) {
      positions[i] = columns.indexOf(primaryKey.get(i));
      if (positions[i] < 0) {
        return Optional.empty();
      }
    }
    return Optional.of(new RowKey(positions));
  }

  /** The bucket, from 0 to {@link #BUCKETS} - 1, of the row in {@code values[0, length)}. */
  public int bucket(byte[] values, int length) {
    locate(values, length);
    crc.reset();
    for (int p : positions) {
      int start = starts[p];
      crc.update(values, start, 4 + Math.max(0, BigEndian.getInt(values, start)));
    }
    int hash = (int) crc.getValue();
    return (hash ^ (hash >>> 16)) & (BUCKETS - 1);
  }

  /** The key's values as text, in key order; {@code null} for a NULL (only a damaged file). */
  public List<String> values(byte[] values, int length) {
    locate(values, length);
    List<String> key = new ArrayList<>(positions.length);
    for (int p : positions) {
      int start = starts[p];
      int size = BigEndian.getInt(values, start);
      key.add(size < 0 ? null : new String(values, start + 4, size, StandardCharsets.UTF_8));
    }
    return Collections.unmodifiableList(key);
  }

  /** Finds where each value up to the last key column starts. */
  private void locate(byte[] values, int length) {
    int at = 0;
    for (int i = 0; i < starts.length; i++) {
      if (at + 4 > length) {
        throw new IllegalArgumentException("the row has fewer values than its key needs");
      }
      starts[i] = at;
      at += 4 + Math.max(0, BigEndian.getInt(values, at));
    }
  }
}
