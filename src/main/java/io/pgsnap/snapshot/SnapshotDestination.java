package io.pgsnap.snapshot;

import java.nio.file.Path;
import java.time.Clock;

/** Where an export puts its new snapshot: a folder of snapshots, or a prefix in object storage. */
public interface SnapshotDestination {
  /** The folder or {@code s3://} prefix, for messages. */
  String location();

  /**
   * Checks that snapshots can be written here, before any database work starts.
   *
   * @throws io.pgsnap.PgsnapException {@link io.pgsnap.ErrorCode#STORAGE} when they cannot
   */
  void checkWritable();

  /**
   * Starts a new, unfinished snapshot with {@code preferredId}, or {@code preferredId-2}, {@code
   * -3}, ... when that id is taken.
   */
  SnapshotTarget create(String preferredId);

  /** How an export into this destination is logged. */
  LoggedOperation logged(String command, Clock clock);

  /** Snapshot folders in {@code outDir}, created if missing; exports log in its pgsnap.log. */
  static SnapshotDestination folder(Path outDir) {
    return new SnapshotDestination() {
      @Override
      public String location() {
        return outDir.toString();
      }

      @Override
      public void checkWritable() {
        // the folder is created, and its writability found, when the snapshot is started
      }

      @Override
      public SnapshotTarget create(String preferredId) {
        return LocalFolderTarget.create(outDir, preferredId);
      }

      @Override
      public LoggedOperation logged(String command, Clock clock) {
        // The output folder may not exist yet when an export fails early; its failure is logged.
        return LoggedOperation.inFolder(outDir, command, clock).creatingFolder();
      }
    };
  }
}
