package io.pgsnap.verify;

import io.pgsnap.fingerprint.Fingerprint;
import io.pgsnap.fingerprint.KeyBuckets;
import io.pgsnap.fingerprint.KeyedRows;
import io.pgsnap.fingerprint.RowKey;
import io.pgsnap.fingerprint.RowListener;
import io.pgsnap.verify.ContentComparison.DifferingKey;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Names the keys of the rows that differ between two sides of a table, in bounded memory: a
 * fingerprint per key bucket on each side ({@link KeyBuckets}) finds the buckets that differ, and a
 * second pass over both sides keeps each key's row digest for the first of those buckets only
 * ({@link KeyedRows}). Every differing bucket holds at least one differing key, so as many buckets
 * as keys asked for are enough, unless they would hold more than {@link #MAX_HELD} rows.
 */
final class KeySearch {
  /** At most how many rows (of both sides) the second pass keeps, unless one bucket holds more. */
  static final long MAX_HELD = 200_000;

  private static final Pattern NUMBER = Pattern.compile("-?[0-9]+(\\.[0-9]+)?");

  private KeySearch() {}

  /** The rows of one side, read from the start each time. */
  @FunctionalInterface
  interface RowSource {
    /** Reads every row for {@code listener}; returns the fingerprint of what was read. */
    Fingerprint read(RowListener listener);
  }

  /**
   * What the search found.
   *
   * @param keys at most the asked number of differing keys: changed ones first, then those only on
   *     the first side, then those only on the second, each in key order
   * @param more whether other rows differ too
   * @param firstRead the fingerprint of the first side's rows as the search read them
   */
  record Found(List<DifferingKey> keys, boolean more, Fingerprint firstRead) {}

  /**
   * Searches.
   *
   * @param key a new key reader for each pass (one is not thread-safe, and holds positions only)
   * @param first the first side (a snapshot's file)
   * @param secondBuckets the second side's buckets, from a pass that read it already
   * @param second the second side (the live table)
   * @param limit how many keys to name, at least 1
   */
  static Found find(
      Supplier<RowKey> key,
      RowSource first,
      KeyBuckets secondBuckets,
      RowSource second,
      int limit) {
    KeyBuckets firstBuckets = new KeyBuckets(key.get());
    Fingerprint firstRead = first.read(firstBuckets);
    int[] differing = firstBuckets.differing(secondBuckets);
    BitSet chosen = choose(differing, firstBuckets, secondBuckets, limit);
    if (chosen.isEmpty()) {
      return new Found(List.of(), false, firstRead);
    }
    KeyedRows firstRows = new KeyedRows(key.get(), chosen);
    first.read(firstRows);
    KeyedRows secondRows = new KeyedRows(key.get(), chosen);
    second.read(secondRows);
    List<DifferingKey> keys = differingKeys(firstRows.digests(), secondRows.digests());
    return new Found(
        keys.stream().limit(limit).toList(),
        keys.size() > limit || differing.length > chosen.cardinality(),
        firstRead);
  }

  /** The first differing buckets: {@code limit} of them, or fewer when they hold too many rows. */
  private static BitSet choose(int[] differing, KeyBuckets a, KeyBuckets b, int limit) {
    BitSet chosen = new BitSet(RowKey.BUCKETS);
    long held = 0;
    for (int bucket : differing) {
      long rows = a.rows(bucket) + b.rows(bucket);
      if (chosen.cardinality() >= limit || (!chosen.isEmpty() && held + rows > MAX_HELD)) {
        break;
      }
      chosen.set(bucket);
      held += rows;
    }
    return chosen;
  }

  /** The keys whose digests differ or that one side lacks, sorted. */
  static List<DifferingKey> differingKeys(
      Map<List<String>, String> first, Map<List<String>, String> second) {
    List<DifferingKey> keys = new ArrayList<>();
    first.forEach(
        (k, digest) -> {
          String other = second.get(k);
          if (other == null) {
            keys.add(new DifferingKey(DifferingKey.Kind.ONLY_IN_FIRST, k));
          } else if (!other.equals(digest)) {
            keys.add(new DifferingKey(DifferingKey.Kind.CHANGED, k));
          }
        });
    second.keySet().stream()
        .filter(k -> !first.containsKey(k))
        .forEach(k -> keys.add(new DifferingKey(DifferingKey.Kind.ONLY_IN_SECOND, k)));
    keys.sort(
        Comparator.comparing(DifferingKey::kind)
            .thenComparing(DifferingKey::values, KeySearch::compareKeys));
    return keys;
  }

  /** Key order: value by value, numbers as numbers, NULL first. */
  private static int compareKeys(List<String> a, List<String> b) {
    for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
      int c = compareValues(a.get(i), b.get(i));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(a.size(), b.size());
  }

  private static int compareValues(String a, String b) {
    if (a == null || b == null) {
      return a == null ? (b == null ? 0 : -1) : 1;
    }
    if (NUMBER.matcher(a).matches() && NUMBER.matcher(b).matches()) {
      int c = new BigDecimal(a).compareTo(new BigDecimal(b));
      if (c != 0) {
        return c;
      }
    }
    return a.compareTo(b);
  }
}
