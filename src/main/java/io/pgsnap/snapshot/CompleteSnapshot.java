package io.pgsnap.snapshot;

import io.pgsnap.ErrorCode;
import io.pgsnap.PgsnapException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A complete snapshot folder given on the command line, and its manifest. Commands that read a
 * snapshot's manifest (inspect, compare) open it here, so that a partial snapshot, the folder that
 * holds snapshots, or a mistyped path each get a message that says what to do.
 *
 * @param path the snapshot folder
 * @param manifest its manifest
 */
public record CompleteSnapshot(Path path, Manifest manifest) {
  public CompleteSnapshot {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(manifest, "manifest");
  }

  /**
   * Opens the complete snapshot at {@code path} and reads its manifest. The files are not checked:
   * that is what {@code pgsnap verify} does.
   *
   * @param path a snapshot folder, as {@code export} printed it
   * @return the snapshot and its manifest
   * @throws PgsnapException {@link ErrorCode#INTEGRITY} when the snapshot is partial or its
   *     manifest is missing or malformed; {@link ErrorCode#USAGE} when {@code path} is the folder
   *     that holds snapshots rather than one of them; {@link ErrorCode#STORAGE} when it does not
   *     exist or cannot be read
   */
  public static CompleteSnapshot open(Path path) {
    Objects.requireNonNull(path, "path");
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
    Path manifestFile = path.resolve(SnapshotWriter.MANIFEST);
    if (!Files.exists(manifestFile)) {
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
    return new CompleteSnapshot(path, new ManifestJson().read(manifestFile));
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
}
