package io.pgsnap.snapshot;

import io.pgsnap.ErrorCode;
import io.pgsnap.PgsnapException;
import io.pgsnap.crypto.Decryption;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * One snapshot as a command names it: a local folder, or a snapshot in a {@link SnapshotStore} such
 * as a bucket prefix. Every command that reads one snapshot takes it through here, so the gate's
 * checks ({@link SnapshotReader}) are the same whatever the store, and only what needs a local
 * folder differs: a {@code pgsnap.log} line is written beside a folder only, and a truncating
 * restore's safety snapshot has a default place only there.
 */
public final class SnapshotSource {
  private final Path folder;
  private final SnapshotStore store;
  private final String id;
  private final Optional<Decryption> decryption;

  private SnapshotSource(
      Path folder, SnapshotStore store, String id, Optional<Decryption> decryption) {
    this.folder = folder;
    this.store = store;
    this.id = id;
    this.decryption = Objects.requireNonNull(decryption, "decryption");
  }

  /** The snapshot in the local folder {@code folder}. */
  public static SnapshotSource folder(Path folder) {
    Objects.requireNonNull(folder, "folder");
    Path name = folder.getFileName();
    return new SnapshotSource(
        folder,
        new LocalSnapshotStore(folder),
        name == null ? folder.toString() : name.toString(),
        Optional.empty());
  }

  /**
   * The snapshot in {@code store}, such as one in object storage.
   *
   * @param id the snapshot's id (the last segment of its location), for messages
   */
  public static SnapshotSource inStore(SnapshotStore store, String id) {
    return new SnapshotSource(
        null,
        Objects.requireNonNull(store, "store"),
        Objects.requireNonNull(id, "id"),
        Optional.empty());
  }

  /**
   * This snapshot, opened with {@code decryption} when it is encrypted: every command that reads
   * its content through {@link #open()} then decrypts it.
   */
  public SnapshotSource withDecryption(Optional<Decryption> decryption) {
    return new SnapshotSource(folder, store, id, decryption);
  }

  /** Where the snapshot is, for messages and results: a folder path or a URL. */
  public String location() {
    return folder != null ? folder.toString() : store.location();
  }

  /** The snapshot's id: the folder's or the prefix's last segment. */
  public String id() {
    return id;
  }

  /** The local folder, or empty for a snapshot elsewhere. */
  public Optional<Path> folder() {
    return Optional.ofNullable(folder);
  }

  /** Where the snapshot's bytes come from. */
  public SnapshotStore store() {
    return store;
  }

  /**
   * Opens the snapshot through the gate ({@link SnapshotReader#open(SnapshotStore)}). A folder is
   * first checked to be one complete snapshot; a store to hold some part of one.
   *
   * @throws PgsnapException as {@link SnapshotReader#open(Path)}; {@link ErrorCode#KEY} when the
   *     snapshot is encrypted and this source has no key (see {@link #withDecryption}) or a wrong
   *     one
   */
  public OpenSnapshot open() {
    return open(UnaryOperator.identity());
  }

  /**
   * Opens the snapshot as {@link #open()} does, except that an encrypted one opened without a key
   * gives what stays readable without it: its public manifest ({@link SnapshotReader#openPublic}),
   * for describing it, never for reading its files.
   */
  public OpenSnapshot openForDescription() {
    if (decryption.isPresent()) {
      return open();
    }
    checkLocation();
    return SnapshotReader.openPublic(store);
  }

  /**
   * Opens the snapshot as {@link #open()} does, reading it through the store {@code through} makes
   * of this snapshot's, such as one that first checks its signatures and then serves the records
   * that were checked.
   *
   * @throws PgsnapException as {@link #open()}, and whatever {@code through} throws
   */
  public OpenSnapshot open(UnaryOperator<SnapshotStore> through) {
    checkLocation();
    return SnapshotReader.open(through.apply(store), decryption);
  }

  /** A folder is one complete snapshot; a store holds some part of one. */
  private void checkLocation() {
    if (folder != null) {
      SnapshotLocation.check(folder);
    } else {
      checkHoldsSnapshot(store, id);
    }
  }

  /**
   * An operation on this snapshot, logged in {@code pgsnap.log} beside a local folder; elsewhere
   * not logged, since that log is a local file that {@code list} and {@code status} read beside the
   * snapshots.
   */
  public LoggedOperation logged(String command, Clock clock) {
    return folder != null
        ? LoggedOperation.onSnapshot(folder, command, clock)
        : LoggedOperation.unlogged(command, clock);
  }

  @Override
  public String toString() {
    return location();
  }

  /**
   * Fails unless {@code store} can be listed and holds some part of a snapshot, so that a mistyped
   * location and the place of many snapshots each get a message saying what to do.
   *
   * @param id the snapshot's id: a place named like a snapshot but emptied is a broken snapshot
   * @throws PgsnapException {@link ErrorCode#STORAGE} when nothing is stored there or it cannot be
   *     listed; {@link ErrorCode#USAGE} when it holds no part of a snapshot
   */
  public static void checkHoldsSnapshot(SnapshotStore store, String id) {
    SnapshotLocation.checkHoldsSnapshot(store, id);
  }
}
