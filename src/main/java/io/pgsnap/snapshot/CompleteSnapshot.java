package io.pgsnap.snapshot;

import io.pgsnap.ErrorCode;
import io.pgsnap.PgsnapException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A complete snapshot folder given on the command line, and its manifest, read without the checks
 * of {@link SnapshotReader#open(Path)}. Only restore still opens snapshots here, until it reads
 * them through {@link OpenSnapshot}; everything else uses {@link SnapshotReader}.
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
    SnapshotLocation.check(path);
    Path manifestFile = path.resolve(SnapshotWriter.MANIFEST);
    return new CompleteSnapshot(path, new ManifestJson().read(manifestFile));
  }
}
