package io.pgsnap.verify;

import io.pgsnap.ErrorCode;
import io.pgsnap.PgsnapException;
import java.time.Duration;
import java.util.Objects;

/**
 * What a status check demands of the newest complete snapshot.
 *
 * @param maxAge the oldest it may be before the check alerts
 * @param verify whether to verify it (sizes and checksums, not decompressed)
 * @param maxDrillAge the longest since a drill passed, of a snapshot that was at most this old when
 *     drilled, before the check alerts; {@code null} not to check drills
 */
public record StatusOptions(Duration maxAge, boolean verify, Duration maxDrillAge) {
  /** The default maximum age: a daily snapshot with two hours of slack. */
  public static final Duration DEFAULT_MAX_AGE = Duration.ofHours(26);

  public StatusOptions {
    Objects.requireNonNull(maxAge, "maxAge");
    if (maxAge.isNegative() || maxAge.isZero()) {
      throw new PgsnapException(ErrorCode.USAGE, "--max-age must be positive, not " + maxAge);
    }
    if (maxDrillAge != null && (maxDrillAge.isNegative() || maxDrillAge.isZero())) {
      throw new PgsnapException(
          ErrorCode.USAGE, "--max-drill-age must be positive, not " + maxDrillAge);
    }
  }

  /** A check of age (and verification) only, not of drills. */
  public StatusOptions(Duration maxAge, boolean verify) {
    this(maxAge, verify, null);
  }

  /** A maximum age of {@link #DEFAULT_MAX_AGE}, without verification. */
  public static StatusOptions defaults() {
    return new StatusOptions(DEFAULT_MAX_AGE, false);
  }
}
