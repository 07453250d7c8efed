package io.pgsnap.retention;

import java.time.Instant;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * One snapshot in a {@link SnapshotPlace}, complete or partial, as its listing shows it: nothing
 * here comes from its manifest.
 *
 * @param id the snapshot id
 * @param name its name inside the place: a folder's name (with {@code .partial} when partial), or
 *     the prefix's last segment in a bucket
 * @param location where it is, for messages and for commands that take one snapshot: a folder path
 *     or {@code s3://bucket/prefix/id}
 * @param partial whether it is incomplete: a {@code .partial} folder, or a bucket prefix without
 *     {@code manifest.json}; being written, or abandoned by an export that died
 * @param takenAt when the export started, from the id (UTC, to the second)
 * @param lastChange when anything in it last changed, to tell an abandoned partial snapshot from a
 *     running export; for a complete folder, the folder's own modification time
 * @param bytes its stored bytes when the listing already told them (a bucket's does); empty when
 *     they are measured on demand ({@link SnapshotPlace#bytes})
 */
public record HeldSnapshot(
    String id,
    String name,
    String location,
    boolean partial,
    Instant takenAt,
    Instant lastChange,
    OptionalLong bytes) {
  public HeldSnapshot {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(takenAt, "takenAt");
    Objects.requireNonNull(lastChange, "lastChange");
    Objects.requireNonNull(bytes, "bytes");
  }

  /** The same snapshot, dated by another last change. */
  HeldSnapshot withLastChange(Instant lastChange) {
    return new HeldSnapshot(id, name, location, partial, takenAt, lastChange, bytes);
  }
}
