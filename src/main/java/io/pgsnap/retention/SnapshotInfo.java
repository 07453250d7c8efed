package io.pgsnap.retention;

import io.pgsnap.snapshot.Manifest;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One snapshot as {@code list} shows it.
 *
 * @param id the snapshot id
 * @param location where it is: the folder (with {@code .partial} when partial), or {@code
 *     s3://bucket/prefix/id}
 * @param createdAt when the export started, from the id (UTC, to the second)
 * @param age how long ago that was
 * @param state complete, partial, failed verification or unreadable
 * @param totals tables, rows and bytes from the manifest, or {@code null} when there is no readable
 *     manifest (partial or unreadable)
 * @param label the manifest's label, or {@code null}
 * @param lastVerification the newest {@code verify} recorded in {@code pgsnap.log}, or {@code null}
 *     when none is (or, in a bucket, when runs are not recorded)
 * @param lastDrill the newest {@code drill} recorded in {@code pgsnap.log}, or {@code null} when
 *     none is
 */
public record SnapshotInfo(
    String id,
    String location,
    Instant createdAt,
    Duration age,
    State state,
    Manifest.Totals totals,
    String label,
    Verification lastVerification,
    Verification lastDrill) {

  public SnapshotInfo {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(age, "age");
    Objects.requireNonNull(state, "state");
  }

  /** What a snapshot is in, as far as pgsnap knows without verifying it now. */
  public enum State {
    /** Renamed from {@code .partial} when the export finished, manifest readable. */
    COMPLETE("complete"),
    /**
     * Still {@code .partial} (in a bucket: no {@code manifest.json}): being written, or abandoned
     * by an export that died.
     */
    PARTIAL("partial"),
    /** Complete, but the newest {@code verify} of it recorded in {@code pgsnap.log} failed. */
    FAILED_VERIFICATION("failed verification"),
    /** Complete, but its {@code manifest.json} is missing or cannot be read. */
    UNREADABLE("unreadable");

    private final String words;

    State(String words) {
      this.words = words;
    }

    /** The state as {@code list} prints it: {@code complete}, {@code failed verification}, ... */
    public String words() {
      return words;
    }
  }
}
