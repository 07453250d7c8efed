package io.pgsnap.storage;

import io.pgsnap.ErrorCode;
import io.pgsnap.PgsnapException;
import io.pgsnap.retention.HeldSnapshot;
import io.pgsnap.retention.SnapshotPlace;
import io.pgsnap.snapshot.Manifest;
import io.pgsnap.snapshot.SnapshotIds;
import io.pgsnap.snapshot.SnapshotInspection;
import io.pgsnap.snapshot.SnapshotReader;
import io.pgsnap.snapshot.SnapshotSource;
import io.pgsnap.snapshot.SnapshotWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The snapshots under a prefix in a bucket: each is the prefix {@code place/id/}, complete when
 * {@code manifest.json} is among its objects (an export writes it last) and partial otherwise. A
 * partial one is dated by its newest object. Only prefixes named like a snapshot id count; other
 * objects are left alone. No run is recorded: a bucket has no {@code pgsnap.log}.
 *
 * <p>Closing the place closes its connection.
 */
public final class BucketPlace implements SnapshotPlace {
  private final S3Storage storage;
  private final S3Location place;

  /** The snapshots under {@code place}, reached through {@code storage}, which this now owns. */
  public BucketPlace(S3Storage storage, S3Location place) {
    this.storage = Objects.requireNonNull(storage, "storage");
    this.place = Objects.requireNonNull(place, "place");
  }

  @Override
  public String location() {
    return place.toString();
  }

  @Override
  public List<HeldSnapshot> snapshots() {
    List<HeldSnapshot> snapshots = new ArrayList<>();
    for (S3Objects.PrefixSummary prefix : S3Objects.summaries(storage, place)) {
      Optional<Instant> takenAt = SnapshotIds.takenAt(prefix.id());
      if (takenAt.isEmpty()) {
        continue;
      }
      snapshots.add(
          new HeldSnapshot(
              prefix.id(),
              prefix.id(),
              place.child(prefix.id()).toString(),
              !prefix.complete(),
              takenAt.get(),
              prefix.newest(),
              OptionalLong.of(prefix.bytes())));
    }
    snapshots.sort(
        Comparator.comparing(HeldSnapshot::takenAt)
            .reversed()
            .thenComparing(HeldSnapshot::id, Comparator.reverseOrder()));
    return snapshots;
  }

  /**
   * Read through {@link SnapshotReader#inspect}, the checks every reading command's gate makes of a
   * snapshot's records; the manifest is returned when it could be parsed, whatever else was found.
   */
  @Override
  public Manifest manifest(HeldSnapshot snapshot) {
    SnapshotInspection inspection = SnapshotReader.inspect(store(snapshot));
    return inspection
        .manifest()
        .orElseThrow(
            () ->
                new PgsnapException(
                    ErrorCode.INTEGRITY,
                    snapshot.location()
                        + ": "
                        + (inspection.problems().isEmpty()
                            ? "no readable " + SnapshotWriter.MANIFEST
                            : inspection.problems().get(0).line())));
  }

  @Override
  public long bytes(HeldSnapshot snapshot) {
    return snapshot.bytes().orElse(0);
  }

  /**
   * Deletes {@code manifest.json} first, so that a deletion cut short leaves a prefix every command
   * treats as partial, then every object and pending multipart upload under the snapshot's prefix.
   */
  @Override
  public void delete(HeldSnapshot snapshot, int removedBefore) {
    S3Location prefix = place.child(snapshot.id());
    try {
      if (!snapshot.partial()) {
        String manifest = prefix.objectKey(SnapshotWriter.MANIFEST);
        try {
          storage.client().deleteObject(b -> b.bucket(prefix.bucket()).key(manifest));
        } catch (SdkException e) {
          throw S3Errors.of(
              e,
              "deleting " + prefix.child(SnapshotWriter.MANIFEST),
              prefix.bucket(),
              storage.endpoint());
        }
      }
      S3Objects.deleteAll(storage, prefix);
    } catch (PgsnapException e) {
      throw new PgsnapException(
          e.code(),
          e.getMessage()
              + "; "
              + removedBefore
              + " snapshot(s) were removed before it. Run prune again once that is fixed",
          e);
    }
  }

  @Override
  public SnapshotSource source(HeldSnapshot snapshot) {
    return SnapshotSource.inStore(store(snapshot), snapshot.id());
  }

  /** None: runs on snapshots in a bucket are not recorded. */
  @Override
  public Optional<Path> logFolder() {
    return Optional.empty();
  }

  @Override
  public void close() {
    storage.close();
  }

  private S3SnapshotStore store(HeldSnapshot snapshot) {
    return new S3SnapshotStore(storage, place.child(snapshot.id()));
  }
}
