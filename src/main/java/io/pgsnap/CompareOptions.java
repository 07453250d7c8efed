package io.pgsnap;

/**
 * How to compare a snapshot with the live database.
 *
 * @param estimate whether the database's row counts come from the planner's statistics ({@code
 *     pg_class.reltuples}) instead of {@code count(*)}: instant on huge tables, but only as good as
 *     the last ANALYZE
 * @param tolerance with estimates, how far (as a fraction of the snapshot's row count, {@code 0.05}
 *     for 5%) an estimate may be from the snapshot's count and still count as equal; ignored for
 *     exact counts
 * @param content whether every table's content fingerprint is recomputed from the database and
 *     compared with the snapshot's, which reads every row (and gives exact counts on the way)
 * @param keys with content, how many keys of the rows that differ to name per table with a primary
 *     key; 0 names none
 */
public record CompareOptions(boolean estimate, double tolerance, boolean content, int keys) {
  /** The default tolerance for estimates: 5%. */
  public static final double DEFAULT_TOLERANCE = 0.05;

  public CompareOptions {
    if (!(tolerance >= 0 && tolerance <= 1)) {
      throw new PgsnapException(
          ErrorCode.USAGE,
          "--tolerance must be a percentage from 0 to 100, not " + tolerance * 100 + "%");
    }
    if (content && estimate) {
      throw new PgsnapException(
          ErrorCode.USAGE,
          "--content reads every row, so it cannot take counts from statistics; leave out"
              + " --estimate or --content");
    }
    if (keys < 0) {
      throw new PgsnapException(
          ErrorCode.USAGE, "the number of keys to name cannot be negative: " + keys);
    }
    if (keys > 0 && !content) {
      throw new PgsnapException(
          ErrorCode.USAGE,
          "--keys names the rows whose content differs; add --content to compare content");
    }
  }

  /** Exact row counts with {@code count(*)}. */
  public static CompareOptions exact() {
    return new CompareOptions(false, DEFAULT_TOLERANCE, false, 0);
  }

  /** Row counts from statistics, equal within {@link #DEFAULT_TOLERANCE}. */
  public static CompareOptions estimated() {
    return new CompareOptions(true, DEFAULT_TOLERANCE, false, 0);
  }

  /** Exact row counts and content fingerprints, naming no keys. */
  public static CompareOptions exactWithContent() {
    return new CompareOptions(false, DEFAULT_TOLERANCE, true, 0);
  }

  /** The same, with {@code tolerance} (a fraction: {@code 0.1} for 10%). */
  public CompareOptions withTolerance(double tolerance) {
    return new CompareOptions(estimate, tolerance, content, keys);
  }

  /** The same, naming up to {@code keys} keys of differing rows per table. */
  public CompareOptions withKeys(int keys) {
    return new CompareOptions(estimate, tolerance, content, keys);
  }
}
