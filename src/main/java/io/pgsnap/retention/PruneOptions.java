package io.pgsnap.retention;

import io.pgsnap.ErrorCode;
import io.pgsnap.PgsnapException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * What {@code prune} works on and how.
 *
 * @param dir the folder that holds the snapshots (export's {@code --out})
 * @param policy which complete snapshots to keep
 * @param partialOlderThan a {@code .partial} folder unchanged for longer than this was abandoned by
 *     an export that died, and is removed; a younger one may be an export still running
 * @param dryRun decide and report, but delete nothing (the log still records the run)
 */
public record PruneOptions(
    Path dir, RetentionPolicy policy, Duration partialOlderThan, boolean dryRun) {

  /** How long a partial folder must be unchanged before prune treats it as abandoned. */
  public static final Duration DEFAULT_PARTIAL_OLDER_THAN = Duration.ofHours(24);

  public PruneOptions {
    Objects.requireNonNull(dir, "dir");
    Objects.requireNonNull(policy, "policy");
    checkPartialOlderThan(partialOlderThan);
  }

  /**
   * Fails unless {@code partialOlderThan} is positive.
   *
   * @throws PgsnapException {@link ErrorCode#USAGE} naming {@code --partial-older-than}
   */
  public static void checkPartialOlderThan(Duration partialOlderThan) {
    Objects.requireNonNull(partialOlderThan, "partialOlderThan");
    if (partialOlderThan.isNegative() || partialOlderThan.isZero()) {
      throw new PgsnapException(
          ErrorCode.USAGE,
          "--partial-older-than must be positive, e.g. 24h: a shorter time risks deleting the"
              + " folder of an export that is still running");
    }
  }

  /** {@code policy} over {@code dir}, partial folders abandoned after 24 hours, deleting. */
  public static PruneOptions of(Path dir, RetentionPolicy policy) {
    return new PruneOptions(dir, policy, DEFAULT_PARTIAL_OLDER_THAN, false);
  }

  /** The same, deciding and reporting only. */
  public PruneOptions withDryRun(boolean dryRun) {
    return new PruneOptions(dir, policy, partialOlderThan, dryRun);
  }

  /** The same, with another threshold for abandoned partial folders. */
  public PruneOptions withPartialOlderThan(Duration partialOlderThan) {
    return new PruneOptions(dir, policy, partialOlderThan, dryRun);
  }
}
