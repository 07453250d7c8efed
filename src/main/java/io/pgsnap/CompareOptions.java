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
 */
public record CompareOptions(boolean estimate, double tolerance) {
  /** The default tolerance for estimates: 5%. */
  public static final double DEFAULT_TOLERANCE = 0.05;

  public CompareOptions {
    if (!(tolerance >= 0 && tolerance <= 1)) {
      throw new PgsnapException(
          ErrorCode.USAGE,
          "--tolerance must be a percentage from 0 to 100, not " + tolerance * 100 + "%");
    }
  }

  /** Exact row counts with {@code count(*)}. */
  public static CompareOptions exact() {
    return new CompareOptions(false, DEFAULT_TOLERANCE);
  }

  /** Row counts from statistics, equal within {@link #DEFAULT_TOLERANCE}. */
  public static CompareOptions estimated() {
    return new CompareOptions(true, DEFAULT_TOLERANCE);
  }

  /** The same, with {@code tolerance} (a fraction: {@code 0.1} for 10%). */
  public CompareOptions withTolerance(double tolerance) {
    return new CompareOptions(estimate, tolerance);
  }
}
