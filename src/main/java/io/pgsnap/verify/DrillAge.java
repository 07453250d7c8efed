package io.pgsnap.verify;

import io.pgsnap.snapshot.Ages;
import io.pgsnap.snapshot.LoggedRuns;
import io.pgsnap.snapshot.OperationLog;
import io.pgsnap.snapshot.SnapshotIds;
import io.pgsnap.verify.StatusReport.Alert;
import io.pgsnap.verify.StatusReport.Reason;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Whether a recent drill proves that recent snapshots restore: some drill recorded in {@code
 * pgsnap.log} must have passed within the maximum drill age, of a snapshot that was itself at most
 * that old when drilled, so that drilling an ancient snapshot again proves nothing about today's.
 */
final class DrillAge {
  private DrillAge() {}

  /**
   * The alert when no drill qualifies, naming the last passing drill and its snapshot, or saying
   * that none ran.
   *
   * @param newest the newest complete snapshot, which the advice names
   */
  static Optional<Alert> check(Path dir, Instant now, Duration maxDrillAge, String newest) {
    List<LoggedRuns.Run> passed =
        LoggedRuns.read(dir, "drill").stream().filter(r -> r.passed() && r.time() != null).toList();
    boolean proven = passed.stream().anyMatch(r -> qualifies(r, now, maxDrillAge));
    if (proven) {
      return Optional.empty();
    }
    String advice =
        ": run pgsnap drill "
            + newest
            + ", and schedule it to run more often than every "
            + Ages.human(maxDrillAge)
            + " (see "
            + dir.resolve(OperationLog.FILE_NAME)
            + ")";
    Optional<LoggedRuns.Run> last = passed.stream().max(Comparator.comparing(LoggedRuns.Run::time));
    if (last.isEmpty()) {
      return Optional.of(
          new Alert(
              Reason.NOT_DRILLED, "no drill of a snapshot in " + dir + " has passed" + advice));
    }
    LoggedRuns.Run run = last.get();
    String snapshotAge =
        SnapshotIds.takenAt(run.snapshot())
            .map(
                taken ->
                    ", when the snapshot was "
                        + Ages.human(nonNegative(taken, run.time()))
                        + " old")
            .orElse("");
    return Optional.of(
        new Alert(
            Reason.NOT_DRILLED,
            "no drill passed within --max-drill-age "
                + Ages.human(maxDrillAge)
                + " of a snapshot at most that old: the last passing drill was of "
                + run.snapshot()
                + " "
                + Ages.human(nonNegative(run.time(), now))
                + " ago"
                + snapshotAge
                + advice));
  }

  private static boolean qualifies(LoggedRuns.Run run, Instant now, Duration maxDrillAge) {
    Optional<Instant> taken = SnapshotIds.takenAt(run.snapshot());
    return taken.isPresent()
        && nonNegative(run.time(), now).compareTo(maxDrillAge) <= 0
        && nonNegative(taken.get(), run.time()).compareTo(maxDrillAge) <= 0;
  }

  /** The time from {@code from} to {@code to}; a skewed clock counts as no time. */
  private static Duration nonNegative(Instant from, Instant to) {
    Duration d = Duration.between(from, to);
    return d.isNegative() ? Duration.ZERO : d;
  }
}
