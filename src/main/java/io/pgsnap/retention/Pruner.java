package io.pgsnap.retention;

import io.pgsnap.ErrorCode;
import io.pgsnap.PgsnapException;
import io.pgsnap.snapshot.LoggedOperation;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Deletes the snapshots a {@link RetentionPolicy} does not keep, and partial snapshots that exports
 * abandoned, in any {@link SnapshotPlace}. Only what the place recognises as a snapshot is ever
 * deleted. Every run, dry or not, appends one line to the place's {@code pgsnap.log}, when it keeps
 * one.
 */
public final class Pruner {
  private final Clock clock;

  /** A pruner that takes the current time (partial snapshots' age, the log) from {@code clock}. */
  public Pruner(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Plans the prune of {@link PruneOptions#dir()} and, unless {@link PruneOptions#dryRun()},
   * carries it out. Folders are deleted recursively without following symbolic links.
   *
   * @return what was kept and removed, and why
   * @throws PgsnapException {@link ErrorCode#STORAGE} when the folder is missing or unreadable, or
   *     a folder cannot be deleted (the folders removed before it stay removed)
   */
  public PruneResult prune(PruneOptions options) {
    return prune(
        new FolderPlace(options.dir()),
        options.policy(),
        options.partialOlderThan(),
        options.dryRun());
  }

  /**
   * Plans the prune of {@code place} and, unless {@code dryRun}, carries it out.
   *
   * @param policy which complete snapshots to keep
   * @param partialOlderThan a partial snapshot unchanged for longer than this was abandoned and is
   *     removed (see {@link PruneOptions#partialOlderThan()})
   * @param dryRun decide and report, but delete nothing
   * @throws PgsnapException {@link ErrorCode#STORAGE} when the place is missing or unreadable, or a
   *     snapshot cannot be deleted (those removed before it stay removed); {@link
   *     ErrorCode#CONNECTION} when object storage cannot be reached
   */
  public PruneResult prune(
      SnapshotPlace place, RetentionPolicy policy, Duration partialOlderThan, boolean dryRun) {
    Objects.requireNonNull(place, "place");
    Instant now = clock.instant();
    long startNanos = System.nanoTime();
    // Listed before the logged operation starts: a place that cannot be read (a mistyped path)
    // is refused without leaving a log line, or a folder, behind.
    List<HeldSnapshot> snapshots = place.snapshots();
    RetentionPlan plan = RetentionPlan.of(snapshots, policy, partialOlderThan, now);

    Progress progress = new Progress();
    return place
        .logged("prune", clock)
        .run(
            () -> {
              removeAll(place, plan, dryRun, progress);
              Duration elapsed = Duration.ofNanos(System.nanoTime() - startNanos);
              return new PruneResult(place.location(), plan, dryRun, progress.freed, elapsed);
            },
            result ->
                new LoggedOperation.Outcome(
                    "success", figures(result.elapsed(), plan, dryRun, progress)),
            () ->
                figures(Duration.ofNanos(System.nanoTime() - startNanos), plan, dryRun, progress));
  }

  /** Deletes (or, in a dry run, only measures) what the plan removes, counting as it goes. */
  private static void removeAll(
      SnapshotPlace place, RetentionPlan plan, boolean dryRun, Progress progress) {
    for (RetentionPlan.Decision d : plan.removed()) {
      progress.freed += place.bytes(d.snapshot());
      if (!dryRun) {
        place.delete(d.snapshot(), progress.removed);
      }
      progress.removed++;
    }
  }

  /**
   * The log line's figures, the same whether the prune succeeded or failed part-way. The duration
   * counts the listing too, as the result's does.
   */
  private static Map<String, Object> figures(
      Duration elapsed, RetentionPlan plan, boolean dryRun, Progress progress) {
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("durationMs", elapsed.toMillis());
    figures.put("kept", plan.kept().size());
    figures.put("removed", progress.removed);
    figures.put("freedBytes", progress.freed);
    figures.put("dryRun", dryRun);
    return figures;
  }

  /** How far one prune has got; a failure's log line reports it. Confined to the pruning thread. */
  private static final class Progress {
    private int removed;
    private long freed;
  }
}
