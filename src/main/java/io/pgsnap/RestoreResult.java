package io.pgsnap;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * A finished restore, or a dry run's plan.
 *
 * @param snapshot where the snapshot restored from is: its folder, or its {@code s3://} location
 * @param plan what was done (or, for a dry run, what would be)
 * @param dryRun whether nothing was changed
 * @param rowsLoaded rows loaded into all tables, equal to the snapshot's count (0 for a dry run)
 * @param safetySnapshot the snapshot taken of the truncated tables first, or {@code null}
 * @param elapsed how long it took
 * @param contentChecked how many tables were read back after loading and matched the snapshot's
 *     content fingerprint ({@code --verify-content}); 0 without it
 */
public record RestoreResult(
    String snapshot,
    RestorePlan plan,
    boolean dryRun,
    long rowsLoaded,
    Path safetySnapshot,
    Duration elapsed,
    int contentChecked) {
  public RestoreResult {
    Objects.requireNonNull(snapshot, "snapshot");
    Objects.requireNonNull(plan, "plan");
    Objects.requireNonNull(elapsed, "elapsed");
  }
}
