package io.pgsnap.verify;

import io.pgsnap.ErrorCode;
import io.pgsnap.PgsnapException;
import io.pgsnap.ProgressListener;
import io.pgsnap.VerifyOptions;
import io.pgsnap.VerifyResult;
import io.pgsnap.retention.FolderPlace;
import io.pgsnap.retention.HeldSnapshot;
import io.pgsnap.retention.SnapshotPlace;
import io.pgsnap.snapshot.Ages;
import io.pgsnap.snapshot.LoggedOperation;
import io.pgsnap.snapshot.Manifest;
import io.pgsnap.snapshot.OperationLog;
import io.pgsnap.snapshot.SnapshotSource;
import io.pgsnap.verify.StatusReport.Alert;
import io.pgsnap.verify.StatusReport.Newest;
import io.pgsnap.verify.StatusReport.Reason;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The monitoring check of a place that holds snapshots (a folder, or a bucket prefix): is there a
 * complete snapshot, is the newest one recent enough, (optionally) does it verify, and (optionally)
 * did a recent drill pass. The time comes from the clock given, so a check is deterministic in
 * tests.
 *
 * <p>In a folder, each check appends one line to its {@code pgsnap.log} with {@code "command":
 * "status"}; a check with verification also records that verification, as {@code verify} does. A
 * bucket keeps no log: nothing is recorded, and drills cannot be checked.
 */
public final class StatusCheck {
  private final StatusOptions options;
  private final Clock clock;

  /**
   * A status check.
   *
   * @param options the maximum age, and whether to verify
   * @param clock what "now" is
   */
  public StatusCheck(StatusOptions options, Clock clock) {
    this.options = Objects.requireNonNull(options, "options");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Checks the snapshots in {@code dir}.
   *
   * @param dir the folder that holds snapshots (export's {@code --out})
   * @return the newest complete snapshot and every reason to alert; alerting is a result, not an
   *     exception
   * @throws PgsnapException {@link io.pgsnap.ErrorCode#STORAGE} when the folder is missing or
   *     unreadable
   */
  public StatusReport check(Path dir) {
    Objects.requireNonNull(dir, "dir");
    return check(new FolderPlace(dir));
  }

  /**
   * Checks the snapshots in {@code place}.
   *
   * @return the newest complete snapshot and every reason to alert
   * @throws PgsnapException {@link ErrorCode#STORAGE} when the place is missing or unreadable;
   *     {@link ErrorCode#USAGE} when drills are to be checked in a place that records none
   */
  public StatusReport check(SnapshotPlace place) {
    Objects.requireNonNull(place, "place");
    if (options.maxDrillAge() != null && place.logFolder().isEmpty()) {
      throw new PgsnapException(
          ErrorCode.USAGE,
          "--max-drill-age reads the drills recorded in a folder's "
              + OperationLog.FILE_NAME
              + ", and "
              + place.location()
              + " keeps none (runs on snapshots in object storage are not recorded): leave"
              + " --max-drill-age out for it");
    }
    Instant now = clock.instant();
    return place.logged("status", clock).run(() -> evaluate(place, now), this::outcome);
  }

  /** An unhealthy folder is a failed check, so log shippers can alert on the outcome alone. */
  private LoggedOperation.Outcome outcome(StatusReport report) {
    Map<String, Object> figures = new LinkedHashMap<>();
    report
        .newest()
        .ifPresent(
            n -> {
              figures.put("snapshot", n.id());
              figures.put("ageSeconds", n.age().toSeconds());
            });
    figures.put("maxAgeSeconds", options.maxAge().toSeconds());
    if (options.maxDrillAge() != null) {
      figures.put("maxDrillAgeSeconds", options.maxDrillAge().toSeconds());
    }
    figures.put("alerts", report.alerts().stream().map(Alert::reason).toList());
    report
        .verification()
        .ifPresent(
            v -> {
              figures.put("verified", v.ok());
              figures.put("problems", v.problems().size());
            });
    return new LoggedOperation.Outcome(report.healthy() ? "success" : "failure", figures);
  }

  private StatusReport evaluate(SnapshotPlace place, Instant now) {
    String dir = place.location();
    List<HeldSnapshot> all = place.snapshots();
    Optional<HeldSnapshot> newestComplete = all.stream().filter(e -> !e.partial()).findFirst();
    List<Alert> alerts = new ArrayList<>();
    if (newestComplete.isEmpty()) {
      long partial = all.stream().filter(HeldSnapshot::partial).count();
      alerts.add(
          new Alert(
              Reason.NO_SNAPSHOT,
              "no complete snapshot in "
                  + dir
                  + (partial > 0
                      ? " (only " + partial + " partial: exports that died or are still running)"
                      : "")
                  + ": run pgsnap export --out "
                  + dir
                  + ", and check that the scheduled export runs"
                  + seeLog(place)));
      return new StatusReport(
          dir, now, options.maxAge(), Optional.empty(), Optional.empty(), alerts);
    }
    HeldSnapshot snapshot = newestComplete.get();
    Duration age = Duration.between(snapshot.takenAt(), now);
    if (age.isNegative()) {
      age = Duration.ZERO; // a skewed clock; the snapshot is certainly not too old
    }
    Optional<Manifest.Totals> totals = Optional.empty();
    try {
      totals = Optional.of(place.manifest(snapshot).totals());
    } catch (PgsnapException e) {
      // Verification names every problem of the manifest; without it, this is the one to report.
      if (!options.verify()) {
        alerts.add(
            new Alert(
                Reason.BROKEN,
                "the newest snapshot "
                    + snapshot.id()
                    + " is broken: "
                    + e.getMessage()
                    + "; run pgsnap verify "
                    + snapshot.location()
                    + ", and take a new snapshot"));
      }
    }
    if (age.compareTo(options.maxAge()) > 0) {
      alerts.add(
          new Alert(
              Reason.TOO_OLD,
              "the newest complete snapshot "
                  + snapshot.id()
                  + " is "
                  + Ages.human(age)
                  + " old, older than --max-age "
                  + Ages.human(options.maxAge())
                  + ": check that the scheduled export runs and succeeds"
                  + seeLog(place)));
    }
    if (options.maxDrillAge() != null) {
      DrillAge.check(
              place.logFolder().orElseThrow(), now, options.maxDrillAge(), snapshot.location())
          .ifPresent(alerts::add);
    }
    Optional<VerifyResult> verification = Optional.empty();
    if (options.verify()) {
      VerifyResult result = verify(place.source(snapshot));
      verification = Optional.of(result);
      if (!result.ok()) {
        int n = result.problems().size();
        alerts.add(
            new Alert(
                Reason.BROKEN,
                "the newest snapshot "
                    + snapshot.id()
                    + " fails verification with "
                    + n
                    + (n == 1 ? " problem" : " problems")
                    + " (first: "
                    + result.problems().get(0).line()
                    + "): run pgsnap verify "
                    + snapshot.location()
                    + " to see all of them, and take a new snapshot"));
      }
    }
    Newest newest = new Newest(snapshot.id(), snapshot.location(), snapshot.takenAt(), age, totals);
    return new StatusReport(dir, now, options.maxAge(), Optional.of(newest), verification, alerts);
  }

  /** A quick verification, logged as {@code verify} logs it where the snapshot is in a folder. */
  private VerifyResult verify(SnapshotSource snapshot) {
    Verifier verifier = new Verifier(VerifyOptions.quick(), ProgressListener.NONE, clock);
    return snapshot.folder().isPresent()
        ? verifier.verify(snapshot.folder().get())
        : verifier.verify(snapshot.store(), snapshot.id());
  }

  /** Where to look for the scheduled export's runs, when the place records them. */
  private static String seeLog(SnapshotPlace place) {
    return place
        .logFolder()
        .map(dir -> " (see " + dir.resolve(OperationLog.FILE_NAME) + ")")
        .orElse("");
  }
}
