package io.pgsnap.snapshot;

import io.pgsnap.ErrorCode;
import io.pgsnap.PgsnapException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Checks that a path given on the command line names one complete snapshot folder, so that a
 * partial snapshot, the folder that holds snapshots, or a mistyped path each get a message that
 * says what to do.
 */
final class SnapshotLocation {
  private SnapshotLocation() {}

  /**
   * @throws PgsnapException {@link ErrorCode#INTEGRITY} when the snapshot is partial or has no
   *     manifest; {@link ErrorCode#USAGE} when {@code path} is the folder that holds snapshots;
   *     {@link ErrorCode#STORAGE} when it does not exist or is not a folder
   */
  static void check(Path path) {
    String name = path.getFileName() == null ? path.toString() : path.getFileName().toString();
    if (name.endsWith(SnapshotWriter.PARTIAL_SUFFIX)) {
      throw partial(path);
    }
    if (!Files.exists(path)) {
      Path partial = path.resolveSibling(name + SnapshotWriter.PARTIAL_SUFFIX);
      if (Files.isDirectory(partial)) {
        throw partial(partial);
      }
      throw new PgsnapException(
          ErrorCode.STORAGE,
          "no snapshot folder "
              + path
              + ": check the path; `pgsnap list DIR` shows the snapshots in a folder");
    }
    if (!Files.isDirectory(path)) {
      throw new PgsnapException(
          ErrorCode.STORAGE,
          path + " is not a folder: name a snapshot folder, as `pgsnap export` printed it");
    }
    if (!Files.exists(
        path.resolve(SnapshotWriter.MANIFEST), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      List<SnapshotFolder.Entry> inside = new SnapshotFolder(path).complete();
      if (!inside.isEmpty()) {
        throw new PgsnapException(
            ErrorCode.USAGE,
            path
                + " holds snapshots but is not one itself: name one of them, e.g. "
                + inside.get(0).path()
                + " (the newest); `pgsnap list "
                + path
                + "` shows them all");
      }
      throw new PgsnapException(
          ErrorCode.INTEGRITY,
          path
              + " has no "
              + SnapshotWriter.MANIFEST
              + ": it is not a complete pgsnap snapshot. Run `pgsnap verify "
              + path
              + "` for details");
    }
  }

  private static PgsnapException partial(Path path) {
    return new PgsnapException(
        ErrorCode.INTEGRITY,
        path
            + " is an incomplete snapshot: its export is still running or stopped before it"
            + " finished, so it has no manifest to read. Run `pgsnap verify "
            + path
            + "` for what it holds, and use a complete snapshot (`pgsnap list` shows them)");
  }

  /** Fails unless {@code store} can be listed and holds some part of a snapshot. */
  static void checkHoldsSnapshot(SnapshotStore store, String id) {
    List<SnapshotStore.Entry> top;
    try {
      top = store.list("");
    } catch (NoSuchFileException e) {
      throw new PgsnapException(
          ErrorCode.STORAGE,
          "no snapshot at " + store.location() + ": nothing is stored there; check the location",
          e);
    } catch (IOException e) {
      throw StorageErrors.readFailed(store.location(), e);
    }
    boolean holdsSnapshotParts =
        top.stream()
            .map(SnapshotStore.Entry::path)
            .anyMatch(
                name ->
                    name.equals(SnapshotWriter.MANIFEST)
                        || name.equals(SnapshotWriter.CHECKSUMS)
                        || name.equals(SnapshotWriter.TABLES));
    if (!holdsSnapshotParts && SnapshotIds.takenAt(id).isEmpty()) {
      // Snapshot ids sort by time, so the last folder is most likely the newest snapshot.
      Optional<String> example =
          top.stream()
              .filter(e -> e.type() == SnapshotStore.Type.FOLDER)
              .map(SnapshotStore.Entry::path)
              .max(String::compareTo);
      throw new PgsnapException(
          ErrorCode.USAGE,
          store.location()
              + " is not a snapshot (it has no "
              + SnapshotWriter.MANIFEST
              + ", "
              + SnapshotWriter.CHECKSUMS
              + " or "
              + SnapshotWriter.TABLES
              + "/): pass one snapshot inside it"
              + example.map(name -> ", such as " + name).orElse(""));
    }
  }
}
