package io.pgsnap.retention;

import io.pgsnap.PgsnapException;
import io.pgsnap.snapshot.Manifest;
import io.pgsnap.snapshot.SnapshotFolder;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The snapshots in a folder with their state and figures: what {@code list} shows. Reads each
 * complete snapshot's manifest and the {@code verify} and {@code drill} lines of {@code
 * pgsnap.log}; writes nothing.
 */
public final class SnapshotLister {
  private static final Logger log = LoggerFactory.getLogger(SnapshotLister.class);

  private final Clock clock;

  /** A lister that measures ages against {@code clock}. */
  public SnapshotLister(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Every snapshot folder in {@code dir}, complete and partial, newest first. A complete snapshot
   * whose manifest cannot be read is listed as {@link SnapshotInfo.State#UNREADABLE}, never
   * skipped; one whose newest recorded verification failed as {@link
   * SnapshotInfo.State#FAILED_VERIFICATION}.
   *
   * @throws PgsnapException {@link io.pgsnap.ErrorCode#STORAGE} when {@code dir} is missing or
   *     unreadable
   */
  public List<SnapshotInfo> list(Path dir) {
    Instant now = clock.instant();
    List<SnapshotFolder.Entry> folders = new SnapshotFolder(dir).scan();
    Map<String, Verification> verifications =
        folders.isEmpty() ? Map.of() : VerificationLog.read(dir);
    Map<String, Verification> drills = folders.isEmpty() ? Map.of() : VerificationLog.drills(dir);
    List<SnapshotInfo> snapshots = new ArrayList<>();
    for (SnapshotFolder.Entry folder : folders) {
      Duration age = Duration.between(folder.takenAt(), now);
      Verification verification = folder.partial() ? null : verifications.get(folder.id());
      if (folder.partial()) {
        snapshots.add(
            new SnapshotInfo(
                folder.id(),
                folder.path(),
                folder.takenAt(),
                age,
                SnapshotInfo.State.PARTIAL,
                null,
                null,
                null,
                null));
        continue;
      }
      Manifest manifest;
      try {
        manifest = folder.manifest();
      } catch (PgsnapException e) {
        // A present fact about the folder outranks an older verification result.
        log.debug("manifest of {} unreadable: {}", folder.path(), e.getMessage());
        snapshots.add(
            new SnapshotInfo(
                folder.id(),
                folder.path(),
                folder.takenAt(),
                age,
                SnapshotInfo.State.UNREADABLE,
                null,
                null,
                verification,
                drills.get(folder.id())));
        continue;
      }
      SnapshotInfo.State state =
          verification != null && !verification.passed()
              ? SnapshotInfo.State.FAILED_VERIFICATION
              : SnapshotInfo.State.COMPLETE;
      snapshots.add(
          new SnapshotInfo(
              folder.id(),
              folder.path(),
              folder.takenAt(),
              age,
              state,
              manifest.totals(),
              manifest.label(),
              verification,
              drills.get(folder.id())));
    }
    return snapshots;
  }
}
