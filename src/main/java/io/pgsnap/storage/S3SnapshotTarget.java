package io.pgsnap.storage;

import io.pgsnap.ErrorCode;
import io.pgsnap.PgsnapException;
import io.pgsnap.snapshot.LoggedOperation;
import io.pgsnap.snapshot.SnapshotDestination;
import io.pgsnap.snapshot.SnapshotTarget;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * A snapshot written under {@code prefix/<id>/} in a bucket. Each file is uploaded while it is
 * written ({@link S3Upload}: memory is one part per open file, nothing on local disk). Object
 * storage cannot rename, so completeness is marked by the manifest alone: {@link
 * io.pgsnap.snapshot.SnapshotWriter} writes {@code manifest.json} last, and a prefix without it is
 * a partial snapshot. Closing an unfinished target aborts its open uploads and deletes every object
 * under its prefix (best effort); what stays is still partial, and {@code prune} removes it.
 */
public final class S3SnapshotTarget implements SnapshotTarget {
  private final S3Storage storage;
  private final S3Location snapshot;
  private final Set<S3Upload> open = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean wroteObjects = new AtomicBoolean();
  private volatile boolean completed;
  private volatile boolean objectsRemain;

  private S3SnapshotTarget(S3Storage storage, S3Location snapshot) {
    this.storage = storage;
    this.snapshot = snapshot;
  }

  /**
   * New snapshots under {@code place} ({@code s3://bucket/prefix}), through {@code storage}, which
   * the caller closes. Exports into object storage are not logged: {@code pgsnap.log} is a local
   * file.
   */
  public static SnapshotDestination destination(S3Storage storage, S3Location place) {
    Objects.requireNonNull(storage, "storage");
    Objects.requireNonNull(place, "place");
    return new SnapshotDestination() {
      @Override
      public String location() {
        return place.toString();
      }

      @Override
      public void checkWritable() {
        S3SnapshotTarget.checkWritable(storage, place);
      }

      @Override
      public SnapshotTarget create(String preferredId) {
        for (int n = 1; ; n++) {
          S3Location candidate = place.child(n == 1 ? preferredId : preferredId + "-" + n);
          if (!S3Objects.holdsObjects(storage, candidate)) {
            return new S3SnapshotTarget(storage, candidate);
          }
        }
      }

      @Override
      public LoggedOperation logged(String command, Clock clock) {
        return LoggedOperation.unlogged(command, clock);
      }
    };
  }

  /**
   * Starts and aborts a multipart upload under {@code place}: it needs the permissions an export
   * needs and leaves nothing, not even without permission to delete.
   */
  static void checkWritable(S3Storage storage, S3Location place) {
    S3Location probe = place.child(".pgsnap-write-check-" + UUID.randomUUID());
    String uploadId;
    try {
      uploadId =
          storage
              .client()
              .createMultipartUpload(b -> b.bucket(probe.bucket()).key(probe.prefix()))
              .uploadId();
    } catch (SdkException e) {
      throw S3Errors.of(e, "writing to " + place, place.bucket(), storage.endpoint());
    }
    try {
      storage
          .client()
          .abortMultipartUpload(
              b -> b.bucket(probe.bucket()).key(probe.prefix()).uploadId(uploadId));
    } catch (SdkException e) {
      throw S3Errors.of(
          e,
          "aborting an upload under " + place + " (needed to clean up after a failed export)",
          place.bucket(),
          storage.endpoint());
    }
  }

  @Override
  public String id() {
    return snapshot.name();
  }

  @Override
  public String location() {
    return snapshot.toString();
  }

  @Override
  public FileSink openFile(String relativePath) {
    S3Upload upload =
        new S3Upload(
            storage,
            new S3Location(snapshot.bucket(), snapshot.objectKey(relativePath)),
            S3Upload.PART_SIZE);
    open.add(upload);
    return new UploadSink(upload);
  }

  @Override
  public void writeFile(String relativePath, byte[] content) throws IOException {
    try (FileSink sink = openFile(relativePath)) {
      sink.write(content);
      sink.finish();
    }
  }

  @Override
  public String complete() {
    if (completed) {
      throw new IllegalStateException("snapshot " + id() + " is complete already");
    }
    completed = true;
    return snapshot.toString();
  }

  @Override
  public PgsnapException writeFailed(String relativePath, IOException e) {
    return new PgsnapException(
        ErrorCode.STORAGE,
        "could not write " + snapshot + "/" + relativePath + ": " + e.getMessage(),
        e);
  }

  @Override
  public String leftBehind() {
    if (completed || (open.isEmpty() && !wroteObjects.get())) {
      return null;
    }
    return "the unfinished snapshot "
        + snapshot
        + " (objects without manifest.json, and possibly unfinished multipart uploads: `pgsnap"
        + " prune "
        + parent()
        + " --partial-older-than DURATION` removes them)";
  }

  @Override
  public String afterCleanup() {
    return objectsRemain
        ? "the unfinished snapshot "
            + snapshot
            + " could not be removed; it stays partial (no manifest.json): `pgsnap prune "
            + parent()
            + " --partial-older-than DURATION` removes it"
        : "the unfinished snapshot " + snapshot + " was removed; nothing is left behind";
  }

  /** Aborts open uploads and deletes what was uploaded, unless the snapshot is complete. */
  @Override
  public void close() {
    if (completed) {
      return;
    }
    for (S3Upload upload : List.copyOf(open)) {
      try {
        upload.close();
      } catch (PgsnapException e) {
        // deleteAll below aborts every upload left under the prefix
      }
    }
    open.clear();
    try {
      S3Objects.deleteAll(storage, snapshot);
      objectsRemain = false;
    } catch (PgsnapException e) {
      objectsRemain = true;
    }
  }

  private String parent() {
    String prefix = snapshot.prefix();
    int slash = prefix.lastIndexOf('/');
    return new S3Location(snapshot.bucket(), slash < 0 ? "" : prefix.substring(0, slash))
        .toString();
  }

  /** One file's multipart upload; the object appears when the file is finished. */
  private final class UploadSink extends FileSink {
    private final S3Upload upload;

    UploadSink(S3Upload upload) {
      super(upload);
      this.upload = upload;
    }

    @Override
    public void finish() throws IOException {
      wroteObjects.set(true); // set first: a failed completion may still have made the object
      upload.finish();
      open.remove(upload);
    }

    @Override
    public void close() {
      upload.close();
      open.remove(upload);
    }
  }
}
