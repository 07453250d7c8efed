package io.pgsnap.verify;

import io.pgsnap.ErrorCode;
import io.pgsnap.PgsnapException;
import io.pgsnap.snapshot.SnapshotIds;
import io.pgsnap.snapshot.SnapshotWriter;
import io.pgsnap.snapshot.StorageErrors;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Checks, before a verification, that the place it was given can hold a snapshot: missing is a
 * storage failure, and the place of all snapshots (no part of one inside) is the wrong argument. A
 * place named like a snapshot but emptied is verified, as a broken snapshot.
 */
final class SnapshotPlaces {
  private SnapshotPlaces() {}

  /** Fails unless {@code dir} is a folder that can be listed and may be a snapshot. */
  static void checkIsSnapshotFolder(Path dir, String id) {
    BasicFileAttributes attributes;
    try {
      attributes = Files.readAttributes(dir, BasicFileAttributes.class);
    } catch (NoSuchFileException e) {
      throw new PgsnapException(
          ErrorCode.STORAGE,
          "no snapshot folder "
              + dir
              + ": check the path (pgsnap list shows the snapshots of a folder)",
          e);
    } catch (IOException e) {
      throw StorageErrors.readFailed(dir, e);
    }
    if (!attributes.isDirectory()) {
      throw new PgsnapException(
          ErrorCode.USAGE,
          dir + " is not a folder: pass a snapshot folder, such as backups/<db>-<time>");
    }
    boolean holdsSnapshotParts;
    try (DirectoryStream<Path> children = Files.newDirectoryStream(dir)) {
      holdsSnapshotParts = false;
      for (Path child : children) {
        String name = child.getFileName().toString();
        if (name.equals(SnapshotWriter.MANIFEST)
            || name.equals(SnapshotWriter.CHECKSUMS)
            || name.equals(SnapshotWriter.TABLES)) {
          holdsSnapshotParts = true;
        }
      }
    } catch (IOException e) {
      throw StorageErrors.readFailed(dir, e);
    }
    // A folder named like a snapshot but emptied is a broken snapshot; any other folder without
    // a single part of one (typically the folder of all snapshots) is the wrong argument.
    if (!holdsSnapshotParts && SnapshotIds.takenAt(id).isEmpty()) {
      throw new PgsnapException(
          ErrorCode.USAGE,
          dir
              + " is not a snapshot folder (it has no "
              + SnapshotWriter.MANIFEST
              + ", "
              + SnapshotWriter.CHECKSUMS
              + " or "
              + SnapshotWriter.TABLES
              + "/): pass one snapshot folder inside it; pgsnap list shows them");
    }
  }
}
