package io.pgsnap.retention;

import io.pgsnap.ErrorCode;
import io.pgsnap.PgsnapException;
import io.pgsnap.snapshot.LoggedOperation;
import io.pgsnap.snapshot.SnapshotFolder;
import io.pgsnap.snapshot.SnapshotWriter;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes the snapshots a {@link RetentionPolicy} does not keep, and partial folders that exports
 * abandoned. Only folders that {@link SnapshotFolder} recognises are ever deleted, each recursively
 * without following symbolic links; anything else in the folder, and anything a link points to, is
 * left alone. Every run, dry or not, appends one line to {@code pgsnap.log}.
 */
public final class Pruner {
  private static final Logger log = LoggerFactory.getLogger(Pruner.class);

  private final Clock clock;

  /** A pruner that takes the current time (partial folders' age, the log) from {@code clock}. */
  public Pruner(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Plans the prune and, unless {@link PruneOptions#dryRun()}, carries it out.
   *
   * @return what was kept and removed, and why
   * @throws PgsnapException {@link ErrorCode#STORAGE} when the folder is missing or unreadable, or
   *     a folder cannot be deleted (the folders removed before it stay removed)
   */
  public PruneResult prune(PruneOptions options) {
    Instant now = clock.instant();
    long startNanos = System.nanoTime();
    // Scanned before the logged operation starts: a folder that cannot be read (a mistyped path)
    // is refused without leaving a log line, or a folder, behind.
    List<SnapshotFolder.Entry> folders = new SnapshotFolder(options.dir()).scan();
    RetentionPlan plan =
        RetentionPlan.of(
            folders.stream().map(Pruner::datedByLastChange).toList(),
            options.policy(),
            options.partialOlderThan(),
            now);

    Progress progress = new Progress();
    return LoggedOperation.inFolder(options.dir(), "prune", clock)
        .run(
            () -> {
              removeAll(plan, options.dryRun(), progress);
              Duration elapsed = Duration.ofNanos(System.nanoTime() - startNanos);
              return new PruneResult(
                  options.dir(), plan, options.dryRun(), progress.freed, elapsed);
            },
            result ->
                new LoggedOperation.Outcome(
                    "success", figures(result.elapsed(), plan, options, progress)),
            () ->
                figures(Duration.ofNanos(System.nanoTime() - startNanos), plan, options, progress));
  }

  /** Deletes (or, in a dry run, only measures) what the plan removes, counting as it goes. */
  private static void removeAll(RetentionPlan plan, boolean dryRun, Progress progress) {
    for (RetentionPlan.Decision d : plan.removed()) {
      progress.freed += sizeOf(d.snapshot().path());
      if (!dryRun) {
        delete(d.snapshot(), progress.removed);
      }
      progress.removed++;
    }
  }

  /**
   * The log line's figures, the same whether the prune succeeded or failed part-way. The duration
   * counts the scan too, as the result's does.
   */
  private static Map<String, Object> figures(
      Duration elapsed, RetentionPlan plan, PruneOptions options, Progress progress) {
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("durationMs", elapsed.toMillis());
    figures.put("kept", plan.kept().size());
    figures.put("removed", progress.removed);
    figures.put("freedBytes", progress.freed);
    figures.put("dryRun", options.dryRun());
    return figures;
  }

  /** How far one prune has got; a failure's log line reports it. Confined to the pruning thread. */
  private static final class Progress {
    private int removed;
    private long freed;
  }

  /**
   * A partial folder dated by the newest change anywhere inside it; a complete one as scanned. If
   * the tree cannot be read, the folder's own time stands, and deleting it will say what is wrong.
   */
  private static SnapshotFolder.Entry datedByLastChange(SnapshotFolder.Entry folder) {
    if (!folder.partial()) {
      return folder;
    }
    try {
      Instant lastChange = FolderTrees.lastChange(folder.path());
      if (lastChange.isAfter(folder.modifiedAt())) {
        return new SnapshotFolder.Entry(
            folder.id(), folder.path(), folder.partial(), folder.takenAt(), lastChange);
      }
    } catch (IOException e) {
      log.debug("could not read the tree of {}: {}", folder.path(), e.toString());
    }
    return folder;
  }

  private static long sizeOf(Path folder) {
    try {
      return FolderTrees.size(folder);
    } catch (IOException e) {
      // The size only feeds the report; deleting says whether the folder can really be removed.
      log.debug("could not measure {}: {}", folder, e.toString());
      return 0;
    }
  }

  /**
   * Deletes one snapshot folder. A complete snapshot is first renamed to its {@code .partial} name,
   * so that a deletion cut short (power loss, a file that cannot be removed) leaves a folder that
   * every command treats as incomplete, and the next prune clears, rather than a complete- looking
   * snapshot with files missing.
   */
  private static void delete(SnapshotFolder.Entry snapshot, int removedBefore) {
    Path path = snapshot.path();
    Path parent = path.toAbsolutePath().getParent();
    // It was a real snapshot directory when scanned; make sure it still is before touching it.
    if (SnapshotFolder.entry(path).isEmpty()) {
      throw new PgsnapException(
          ErrorCode.STORAGE,
          path
              + " changed while prune ran and is no longer a snapshot folder; it was left alone."
              + " Run prune again");
    }
    Path name = path.getFileName();
    try {
      if (!snapshot.partial()) {
        Path partialName = Path.of(name + SnapshotWriter.PARTIAL_SUFFIX);
        try {
          Files.move(parent.resolve(name), parent.resolve(partialName));
          name = partialName;
        } catch (FileAlreadyExistsException e) {
          log.debug("{} exists; deleting {} in place", partialName, name);
        }
      }
      FolderTrees.delete(parent, name);
    } catch (IOException e) {
      throw deleteFailed(parent.resolve(name), removedBefore, e);
    }
  }

  private static PgsnapException deleteFailed(Path folder, int removedBefore, IOException e) {
    String detail =
        e instanceof AccessDeniedException
            ? "permission denied on " + e.getMessage()
            : e instanceof FileSystemException fse && fse.getReason() != null
                ? fse.getReason() + " (" + fse.getFile() + ")"
                : String.valueOf(e.getMessage());
    return new PgsnapException(
        ErrorCode.STORAGE,
        "could not delete "
            + folder
            + ": "
            + detail
            + "; "
            + removedBefore
            + " folder(s) were removed before it. Make the snapshot folders writable for this user"
            + " and run prune again",
        e);
  }
}
