package io.pgsnap.retention;

import io.pgsnap.PgsnapException;
import io.pgsnap.snapshot.LoggedOperation;
import io.pgsnap.snapshot.Manifest;
import io.pgsnap.snapshot.SnapshotSource;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * A place that holds snapshots: a local folder (export's {@code --out}) or a prefix in a bucket.
 * {@code list}, {@code status} and {@code prune} work through this, so that what differs between
 * the two (how snapshots are found, dated and deleted, and whether runs are logged) is decided in
 * one class each. Close it when done (a bucket's client); a folder holds nothing open.
 */
public interface SnapshotPlace extends AutoCloseable {
  /** Where the place is, as the user named it: a folder path or {@code s3://bucket/prefix}. */
  String location();

  /**
   * Every snapshot here, complete and partial, newest first (ties by id, descending). A partial one
   * is dated by the newest change anywhere inside it.
   *
   * @throws PgsnapException {@link io.pgsnap.ErrorCode#STORAGE} when the place is missing or cannot
   *     be listed (a missing folder or bucket, denied access); {@link
   *     io.pgsnap.ErrorCode#CONNECTION} when object storage cannot be reached
   */
  List<HeldSnapshot> snapshots();

  /**
   * The manifest of a complete snapshot, for a listing: read as safely as every file of a snapshot,
   * but not trusted for anything that loads data.
   *
   * @throws PgsnapException {@link io.pgsnap.ErrorCode#INTEGRITY} when it is missing or malformed;
   *     {@link io.pgsnap.ErrorCode#STORAGE} when it cannot be read
   */
  Manifest manifest(HeldSnapshot snapshot);

  /** The stored bytes of {@code snapshot}; {@code 0} when they cannot be measured. */
  long bytes(HeldSnapshot snapshot);

  /**
   * Deletes {@code snapshot}, so that a deletion cut short leaves something every command treats as
   * partial rather than a complete-looking snapshot with files missing.
   *
   * @param removedBefore how many snapshots this prune removed before it, for the message when this
   *     one cannot be removed
   * @throws PgsnapException {@link io.pgsnap.ErrorCode#STORAGE} when it cannot be deleted
   */
  void delete(HeldSnapshot snapshot, int removedBefore);

  /** {@code snapshot} as one snapshot to read, e.g. to verify it. */
  SnapshotSource source(HeldSnapshot snapshot);

  /**
   * The folder whose {@code pgsnap.log} records the runs on these snapshots ({@code verify}, {@code
   * drill}, {@code prune}, {@code status}); empty when none is kept, as for a bucket, whose runs
   * are not recorded anywhere.
   */
  Optional<Path> logFolder();

  /** An operation on the place as a whole, logged in {@link #logFolder()} when there is one. */
  default LoggedOperation logged(String command, Clock clock) {
    return logFolder()
        .map(dir -> LoggedOperation.inFolder(dir, command, clock))
        .orElseGet(() -> LoggedOperation.unlogged(command, clock));
  }

  @Override
  void close();
}
