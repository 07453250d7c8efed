package io.pgsnap.retention;

import io.pgsnap.PgsnapException;
import io.pgsnap.snapshot.Manifest;
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
 * The snapshots in a place with their state and figures: what {@code list} shows. Reads each
 * complete snapshot's manifest and, where the place keeps one, the {@code verify} and {@code drill}
 * lines of {@code pgsnap.log}; writes nothing.
 */
public final class SnapshotLister {
  private static final Logger log = LoggerFactory.getLogger(SnapshotLister.class);

  private final Clock clock;

  /** A lister that measures ages against {@code clock}. */
  public SnapshotLister(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Every snapshot folder in {@code dir}, as {@link #list(SnapshotPlace)}.
   *
   * @throws PgsnapException {@link io.pgsnap.ErrorCode#STORAGE} when {@code dir} is missing or
   *     unreadable
   */
  public List<SnapshotInfo> list(Path dir) {
    return list(new FolderPlace(dir));
  }

  /**
   * Every snapshot in {@code place}, complete and partial, newest first. A complete snapshot whose
   * manifest cannot be read is listed as {@link SnapshotInfo.State#UNREADABLE}, never skipped; one
   * whose newest recorded verification failed as {@link SnapshotInfo.State#FAILED_VERIFICATION}. A
   * place that keeps no log (a bucket) has no recorded verifications or drills.
   *
   * @throws PgsnapException as {@link SnapshotPlace#snapshots()}
   */
  public List<SnapshotInfo> list(SnapshotPlace place) {
    Instant now = clock.instant();
    List<HeldSnapshot> held = place.snapshots();
    Map<String, Verification> verifications =
        held.isEmpty() ? Map.of() : place.logFolder().map(VerificationLog::read).orElse(Map.of());
    Map<String, Verification> drills =
        held.isEmpty() ? Map.of() : place.logFolder().map(VerificationLog::drills).orElse(Map.of());
    List<SnapshotInfo> snapshots = new ArrayList<>();
    for (HeldSnapshot snapshot : held) {
      Duration age = Duration.between(snapshot.takenAt(), now);
      if (snapshot.partial()) {
        snapshots.add(info(snapshot, age, SnapshotInfo.State.PARTIAL, null, null, null));
        continue;
      }
      Verification verification = verifications.get(snapshot.id());
      Verification drill = drills.get(snapshot.id());
      Manifest manifest;
      try {
        manifest = place.manifest(snapshot);
      } catch (PgsnapException e) {
        // A present fact about the snapshot outranks an older verification result.
        log.debug("manifest of {} unreadable: {}", snapshot.location(), e.getMessage());
        snapshots.add(
            info(snapshot, age, SnapshotInfo.State.UNREADABLE, null, verification, drill));
        continue;
      }
      SnapshotInfo.State state =
          verification != null && !verification.passed()
              ? SnapshotInfo.State.FAILED_VERIFICATION
              : SnapshotInfo.State.COMPLETE;
      snapshots.add(info(snapshot, age, state, manifest, verification, drill));
    }
    return snapshots;
  }

  private static SnapshotInfo info(
      HeldSnapshot snapshot,
      Duration age,
      SnapshotInfo.State state,
      Manifest manifest,
      Verification verification,
      Verification drill) {
    return new SnapshotInfo(
        snapshot.id(),
        snapshot.location(),
        snapshot.takenAt(),
        age,
        state,
        manifest == null ? null : manifest.totals(),
        manifest == null ? null : manifest.label(),
        verification,
        drill);
  }
}
