package io.pgsnap.verify;

import io.pgsnap.VerifyResult;
import io.pgsnap.snapshot.Manifest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The health of a place that holds snapshots, judged by its newest complete snapshot.
 *
 * @param dir the place checked: a folder path or {@code s3://bucket/prefix}
 * @param checkedAt when, by the check's clock
 * @param maxAge the oldest the newest complete snapshot may be
 * @param newest the newest complete snapshot; empty when there is none
 * @param verification the verification of {@code newest}, when it was asked for and there is one
 * @param alerts why the folder is not healthy; empty when it is
 */
public record StatusReport(
    String dir,
    Instant checkedAt,
    Duration maxAge,
    Optional<Newest> newest,
    Optional<VerifyResult> verification,
    List<Alert> alerts) {

  public StatusReport {
    Objects.requireNonNull(dir, "dir");
    Objects.requireNonNull(checkedAt, "checkedAt");
    Objects.requireNonNull(maxAge, "maxAge");
    Objects.requireNonNull(newest, "newest");
    Objects.requireNonNull(verification, "verification");
    alerts = List.copyOf(alerts);
  }

  /** Whether nothing calls for attention. */
  public boolean healthy() {
    return alerts.isEmpty();
  }

  /**
   * The newest complete snapshot of a place.
   *
   * @param id its id
   * @param path where it is: its folder, or {@code s3://bucket/prefix/id}
   * @param takenAt when its export started, from its id
   * @param age how long before the check that was, never negative
   * @param totals its tables, rows and bytes, from its manifest; empty when the manifest cannot be
   *     read
   */
  public record Newest(
      String id, String path, Instant takenAt, Duration age, Optional<Manifest.Totals> totals) {
    public Newest {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(takenAt, "takenAt");
      Objects.requireNonNull(age, "age");
      Objects.requireNonNull(totals, "totals");
    }
  }

  /**
   * One reason to alert.
   *
   * @param reason what kind of alert
   * @param message what is wrong and what to do about it
   */
  public record Alert(Reason reason, String message) {
    public Alert {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(message, "message");
    }
  }

  /** Why a status check alerts. */
  public enum Reason {
    /** The place holds no complete snapshot at all. */
    NO_SNAPSHOT,
    /** The newest complete snapshot is older than the maximum age. */
    TOO_OLD,
    /** The newest complete snapshot fails verification, or its manifest cannot be read. */
    BROKEN,
    /**
     * No drill passed within the maximum drill age, of a snapshot at most that old when drilled.
     */
    NOT_DRILLED
  }
}
