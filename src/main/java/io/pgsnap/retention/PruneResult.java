package io.pgsnap.retention;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * A finished prune.
 *
 * @param dir the folder pruned
 * @param plan what was kept and removed (with {@code dryRun}: would have been), and why
 * @param dryRun whether nothing was deleted
 * @param freedBytes the bytes of the files in the removed folders (with {@code dryRun}: that would
 *     have been freed)
 * @param elapsed how long it took
 */
public record PruneResult(
    Path dir, RetentionPlan plan, boolean dryRun, long freedBytes, Duration elapsed) {
  public PruneResult {
    Objects.requireNonNull(dir, "dir");
    Objects.requireNonNull(plan, "plan");
    Objects.requireNonNull(elapsed, "elapsed");
  }
}
