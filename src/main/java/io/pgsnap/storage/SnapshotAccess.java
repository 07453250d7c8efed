package io.pgsnap.storage;

import io.pgsnap.ErrorCode;
import io.pgsnap.PgsnapException;
import io.pgsnap.crypto.Decryption;
import io.pgsnap.retention.FolderPlace;
import io.pgsnap.retention.SnapshotPlace;
import io.pgsnap.snapshot.SnapshotSource;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * A snapshot named by a location as a command takes it, a local folder or {@code
 * s3://bucket/prefix/id}, with the object storage connection it needs while it is read. Close it
 * when done; for a folder there is nothing to close.
 */
public final class SnapshotAccess implements AutoCloseable {
  private final SnapshotSource source;
  private final S3Storage storage;

  private SnapshotAccess(SnapshotSource source, S3Storage storage) {
    this.source = source;
    this.storage = storage;
  }

  /**
   * The snapshot at {@code location}. A location that starts with {@code s3://} is never taken for
   * a folder; for one, the client is built at once, so that missing credentials are reported before
   * any work starts.
   *
   * @param settings how to reach object storage, when the location is there
   * @throws PgsnapException {@link ErrorCode#USAGE} for a malformed location or endpoint; {@link
   *     ErrorCode#STORAGE} when no credentials or region are found
   */
  public static SnapshotAccess of(String location, S3Settings settings) {
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(settings, "settings");
    if (!S3Location.isS3(location)) {
      return new SnapshotAccess(SnapshotSource.folder(localPath(location)), null);
    }
    S3Location snapshot = S3Location.parse(location);
    S3Storage storage = S3Storage.connect(settings);
    return new SnapshotAccess(
        SnapshotSource.inStore(new S3SnapshotStore(storage, snapshot), snapshot.name()), storage);
  }

  /**
   * The place of snapshots at {@code location}, a folder or {@code s3://bucket/prefix}, as {@code
   * list}, {@code status} and {@code prune} take it. A location that starts with {@code s3://} is
   * never taken for a folder; for one, the client is built at once, so that missing credentials are
   * reported before any work starts. Close the place when done.
   *
   * @throws PgsnapException as {@link #of(String, S3Settings)}
   */
  public static SnapshotPlace place(String location, S3Settings settings) {
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(settings, "settings");
    if (!S3Location.isS3(location)) {
      return new FolderPlace(localPath(location));
    }
    S3Location place = S3Location.parse(location);
    return new BucketPlace(S3Storage.connect(settings), place);
  }

  private static Path localPath(String location) {
    try {
      return Path.of(location);
    } catch (InvalidPathException e) {
      throw new PgsnapException(
          ErrorCode.USAGE, "'" + location + "' is not a path: " + e.getReason(), e);
    }
  }

  /** This access, its snapshot opened with {@code decryption} when it is encrypted. */
  public SnapshotAccess withDecryption(Optional<Decryption> decryption) {
    return new SnapshotAccess(source.withDecryption(decryption), storage);
  }

  /** The snapshot, to read while this access is open. */
  public SnapshotSource source() {
    return source;
  }

  @Override
  public void close() {
    if (storage != null) {
      storage.close();
    }
  }
}
