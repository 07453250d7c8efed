package io.pgsnap.retention;

import java.time.Duration;
import java.util.Objects;

/**
 * A finished prune.
 *
 * @param location the place pruned: a folder path or {@code s3://bucket/prefix}
 * @param plan what was kept and removed (with {@code dryRun}: would have been), and why
 * @param dryRun whether nothing was deleted
 * @param freedBytes the stored bytes of the removed snapshots (with {@code dryRun}: that would have
 *     been freed)
 * @param elapsed how long it took
 */
public record PruneResult(
    String location, RetentionPlan plan, boolean dryRun, long freedBytes, Duration elapsed) {
  public PruneResult {
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(plan, "plan");
    Objects.requireNonNull(elapsed, "elapsed");
  }
}
