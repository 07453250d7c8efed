package io.pgsnap.restore;

import io.pgsnap.Cancellation;
import io.pgsnap.ErrorCode;
import io.pgsnap.PgsnapException;
import io.pgsnap.ProgressListener;
import io.pgsnap.RestoreConfirmation;
import io.pgsnap.RestoreMode;
import io.pgsnap.RestoreOptions;
import io.pgsnap.RestorePlan;
import io.pgsnap.RestorePlan.Action;
import io.pgsnap.RestoreResult;
import io.pgsnap.db.Connections;
import io.pgsnap.restore.Selection.Chosen;
import io.pgsnap.signing.SignatureCheck;
import io.pgsnap.snapshot.LoggedOperation;
import io.pgsnap.snapshot.Manifest;
import io.pgsnap.snapshot.OpenSnapshot;
import io.pgsnap.snapshot.SnapshotSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restores tables of a snapshot into a database: the one entry point, which wires the parts.
 *
 * <p>It opens the snapshot and checks the files it will load before connecting; {@link
 * RestorePlanner} locks the existing targets, reads the target and returns every statement the
 * restore will run (a dry run stops there); a destructive restore is confirmed and its targets
 * saved by a {@link SafetySnapshot}; then {@link SingleTransactionRestore} runs everything in the
 * planning transaction, or {@link ParallelRestore} loads tables in transactions of their own.
 */
public final class Restorer {
  private static final Logger log = LoggerFactory.getLogger(Restorer.class);

  private final DataSource dataSource;
  private final SnapshotSource snapshot;
  private final RestoreOptions options;
  private final ProgressListener progress;
  private final RestoreConfirmation confirmation;
  private final Clock clock;
  private final Cancellation cancellation;

  private static final String ROLLED_BACK =
      "the transaction was rolled back: every target table is as it was";

  /**
   * @param snapshot the snapshot, in a local folder or a store such as a bucket
   * @param cancellation stops the restore: the running statements are cancelled and what the
   *     restore changed is rolled back or, with {@code --jobs}, undone
   */
  public Restorer(
      DataSource dataSource,
      SnapshotSource snapshot,
      RestoreOptions options,
      ProgressListener progress,
      RestoreConfirmation confirmation,
      Clock clock,
      Cancellation cancellation) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.snapshot = Objects.requireNonNull(snapshot, "snapshot");
    this.options = Objects.requireNonNull(options, "options");
    this.progress = Objects.requireNonNull(progress, "progress");
    this.confirmation = Objects.requireNonNull(confirmation, "confirmation");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.cancellation = Objects.requireNonNull(cancellation, "cancellation");
  }

  /**
   * Runs the restore (or, with {@link RestoreOptions#dryRun()}, plans it) and logs one line in
   * {@code pgsnap.log} beside a snapshot folder (a snapshot in object storage is not logged).
   */
  public RestoreResult restore() {
    long startNanos = System.nanoTime();
    Map<String, Object> context = new LinkedHashMap<>();
    context.put("dryRun", options.dryRun());
    context.put("mode", options.mode().toString());
    context.put("jobs", options.jobs());
    context.put("create", options.create());
    return snapshot
        .logged("restore", clock)
        .withContext(context)
        .run(() -> runOrInterrupted(startNanos), Restorer::outcome);
  }

  private RestoreResult runOrInterrupted(long startNanos) {
    try {
      cancellation.throwIfCancelled();
      return run(startNanos);
    } catch (RuntimeException e) {
      if (!cancellation.isCancelled() || Cancellation.isReport(e)) {
        throw e;
      }
      // A parallel restore reports its own undoing; everything else ran in the one transaction.
      throw cancellation.interrupted("restore", ROLLED_BACK, e);
    }
  }

  private static LoggedOperation.Outcome outcome(RestoreResult result) {
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("tables", result.plan().steps().size());
    figures.put("rows", result.rowsLoaded());
    figures.put("targets", result.plan().steps().stream().map(s -> s.target().toString()).toList());
    if (result.safetySnapshot() != null) {
      figures.put("safetySnapshot", result.safetySnapshot().toString());
    }
    return new LoggedOperation.Outcome("success", figures);
  }

  @SuppressWarnings("try") // a registration lasts as long as its block
  private RestoreResult run(long startNanos) {
    checkSafetySnapshotPlace();
    // A required signature is checked first, and the snapshot opened from the records it covers.
    OpenSnapshot open =
        snapshot.open(
            store ->
                options.requiredSigner() == null
                    ? store
                    : SignatureCheck.read(store).require(options.requiredSigner()));
    Manifest manifest = open.manifest();
    List<Chosen> chosen = Selection.resolve(manifest, options);
    open.checkFiles(chosen.stream().map(Chosen::table).toList());
    try (Connection connection = RestoreErrors.connect(dataSource);
        Cancellation.Registration cancels = Connections.cancelledBy(cancellation, connection)) {
      try {
        connection.setAutoCommit(false);
        PlannedRestore planned = new RestorePlanner(connection, manifest, chosen, options).plan();
        RestorePlan plan = planned.plan();
        log.debug(
            "restore plan: {} tables, {} rows, mode {}, {} job(s)",
            plan.steps().size(),
            plan.rows(),
            plan.mode(),
            plan.jobs());
        if (options.dryRun()) {
          return new RestoreResult(
              snapshot.location(),
              plan,
              true,
              0,
              null,
              Duration.ofNanos(System.nanoTime() - startNanos),
              0);
        }
        if (plan.destructive() && !options.assumeYes() && !confirmation.confirm(plan)) {
          throw new PgsnapException(
              ErrorCode.USAGE,
              "the restore would delete rows ("
                  + destructiveSummary(plan)
                  + ") and was not confirmed; nothing was changed. Check the plan with --dry-run,"
                  + " then run again with --yes");
        }
        Path safety =
            plan.destructive() && options.safetySnapshot()
                ? SafetySnapshot.take(dataSource, plan, safetyDir(), clock, cancellation)
                : null;
        long rows;
        TableLoader loader = new TableLoader(progress, open, cancellation);
        try {
          rows =
              options.jobs() > 1
                  ? new ParallelRestore(
                          dataSource,
                          planned,
                          loader,
                          progress,
                          options.lockWaitTimeout(),
                          cancellation)
                      .run(connection, options.jobs())
                  : SingleTransactionRestore.run(
                      connection, planned, loader, progress, cancellation);
        } catch (PgsnapException e) {
          if (safety == null || Cancellation.isReport(e)) {
            throw e;
          }
          if (cancellation.isCancelled()) {
            throw cancellation.interrupted(
                "restore",
                ROLLED_BACK + "; the safety snapshot taken before it is kept at " + safety,
                e);
          }
          throw SafetySnapshot.failedAfter(e, safety);
        }
        return new RestoreResult(
            snapshot.location(),
            plan,
            false,
            rows,
            safety,
            Duration.ofNanos(System.nanoTime() - startNanos),
            loader.contentChecked());
      } finally {
        Connections.rollbackQuietly(connection);
      }
    } catch (SQLException e) {
      throw RestoreErrors.translate(e, null);
    }
  }

  private Path safetyDir() {
    return options.safetySnapshotDir() != null
        ? options.safetySnapshotDir()
        : snapshot.folder().orElseThrow().toAbsolutePath().normalize().getParent();
  }

  /**
   * A truncating restore's safety snapshot is an export to a local folder, by default beside the
   * snapshot; a snapshot in object storage has no such folder, so one must be named (or the safety
   * snapshot declined) before anything is read or touched.
   */
  private void checkSafetySnapshotPlace() {
    if (options.mode() == RestoreMode.TRUNCATE
        && options.safetySnapshot()
        && options.safetySnapshotDir() == null
        && snapshot.folder().isEmpty()) {
      throw new PgsnapException(
          ErrorCode.USAGE,
          "--mode truncate takes a safety snapshot of the tables it empties, by default in the"
              + " folder that holds the snapshot, and "
              + snapshot.location()
              + " is not in a local folder: give --safety-snapshot-dir DIR (a local folder), or"
              + " --no-safety-snapshot to go without one");
    }
  }

  private static String destructiveSummary(RestorePlan plan) {
    List<String> tables = new ArrayList<>();
    plan.steps().stream()
        .filter(s -> s.action() == Action.TRUNCATE && s.existingRows())
        .forEach(s -> tables.add("truncates " + s.target().display()));
    plan.cascaded().forEach(t -> tables.add("empties " + t.display() + " by cascade"));
    return String.join(", ", tables);
  }
}
