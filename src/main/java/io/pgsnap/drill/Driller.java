package io.pgsnap.drill;

import com.zaxxer.hikari.HikariDataSource;
import io.pgsnap.ErrorCode;
import io.pgsnap.Pgsnap;
import io.pgsnap.PgsnapException;
import io.pgsnap.RestoreOptions;
import io.pgsnap.RestoreResult;
import io.pgsnap.crypto.VerificationKey;
import io.pgsnap.db.ConnectionErrors;
import io.pgsnap.db.ConnectionSettings;
import io.pgsnap.db.SqlStates;
import io.pgsnap.server.PostgresVersions;
import io.pgsnap.server.ScratchDatabase;
import io.pgsnap.server.ServerBinaries;
import io.pgsnap.server.ThrowawayServer;
import io.pgsnap.signing.SignatureCheck;
import io.pgsnap.snapshot.LoggedOperation;
import io.pgsnap.snapshot.Manifest;
import io.pgsnap.snapshot.SnapshotSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Runs a drill: checks the snapshot through the gate every reader uses, starts a throwaway server
 * (or uses the given one), restores into a scratch database with {@code --create} and {@code
 * --verify-content}, reads every table back, and removes the scratch database and server. Logs one
 * {@code drill} line in the snapshot folder's parent, which {@code list} and {@code status} read.
 */
public final class Driller {
  /** How the drill's scratch databases are named: this and random hex digits. */
  public static final String SCRATCH_PREFIX = "pgsnap_drill_";

  private final DrillOptions options;
  private final Clock clock;
  private final Consumer<String> notices;

  /**
   * @param notices hears one line before each slow step (a download, a server's start)
   */
  public Driller(DrillOptions options, Clock clock, Consumer<String> notices) {
    this.options = Objects.requireNonNull(options, "options");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.notices = Objects.requireNonNull(notices, "notices");
  }

  /**
   * Drills {@code snapshot}.
   *
   * @return every table's check; a difference is a result ({@link DrillResult#passed()} false)
   * @throws PgsnapException {@link ErrorCode#INTEGRITY} when the snapshot fails its checks or the
   *     restore refuses it (a file whose content differs from its fingerprint); {@link
   *     ErrorCode#STORAGE} when the server binaries cannot be had; others as restore throws them
   */
  public DrillResult drill(SnapshotSource snapshot) {
    return snapshot
        .logged("drill", clock)
        .withContext("server", options.server() == null ? "throwaway" : options.server().describe())
        .run(() -> timed(snapshot), Driller::outcome);
  }

  private DrillResult timed(SnapshotSource snapshot) {
    long started = System.nanoTime();
    DrillResult result = run(snapshot);
    return result.took(Duration.ofNanos(System.nanoTime() - started));
  }

  private DrillResult run(SnapshotSource snapshot) {
    // A damaged (or, with a required signer, unsigned) snapshot is reported before any server is
    // started for it.
    VerificationKey signer = options.requiredSigner();
    Manifest manifest =
        snapshot
            .open(store -> signer == null ? store : SignatureCheck.read(store).require(signer))
            .manifest();
    if (options.server() != null) {
      try (ScratchDatabase db = ScratchDatabase.create(options.server(), SCRATCH_PREFIX)) {
        return restoreAndCheck(snapshot, manifest, db, options.server().hostList());
      }
    }
    int major = major(manifest);
    ServerBinaries binaries =
        new ServerBinaries(options.binaries(), PostgresVersions.bundled(), notices);
    try (ThrowawayServer server = ThrowawayServer.start(major, binaries, notices);
        ScratchDatabase db =
            ScratchDatabase.create(server.connectionSettings("postgres"), SCRATCH_PREFIX)) {
      return restoreAndCheck(snapshot, manifest, db, "throwaway PostgreSQL " + major);
    }
  }

  /** The chosen major, else the snapshot's source major. */
  private int major(Manifest manifest) {
    if (options.serverMajor() != null) {
      return options.serverMajor();
    }
    int source = manifest.source().serverVersionNum() / 10_000;
    if (!PostgresVersions.bundled().byMajor().containsKey(source)) {
      throw new PgsnapException(
          ErrorCode.USAGE,
          "the snapshot comes from PostgreSQL "
              + manifest.source().serverVersion()
              + ", and pgsnap has no server binaries of major "
              + source
              + ": choose one of "
              + PostgresVersions.bundled().byMajor().keySet().stream().sorted().toList()
              + " with --server-major");
    }
    return source;
  }

  private DrillResult restoreAndCheck(
      SnapshotSource snapshot, Manifest manifest, ScratchDatabase db, String server) {
    notices.accept("restoring " + snapshot.id() + " into " + db.name());
    ConnectionSettings settings = db.settings();
    try (HikariDataSource pool = settings.openPool("pgsnap-drill", 2)) {
      RestoreResult restored = restore(snapshot, pool);
      TableChecks.ReadBack readBack;
      try (Connection c = pool.getConnection()) {
        readBack = TableChecks.read(c, manifest.tables());
      } catch (SQLException e) {
        throw ConnectionErrors.translate(e, settings);
      }
      boolean fingerprints =
          manifest.tables().stream().allMatch(t -> t.recordedFingerprint().isPresent());
      return new DrillResult(
          snapshot.location(),
          server,
          readBack.serverVersion(),
          restored.elapsed(),
          Duration.ZERO,
          readBack.tables(),
          fingerprints);
    }
  }

  private RestoreResult restore(SnapshotSource snapshot, HikariDataSource pool) {
    try {
      return Pgsnap.using(pool)
          .withClock(clock)
          .restore(
              snapshot,
              RestoreOptions.defaults()
                  .withCreate(true)
                  .withVerifyContent(true)
                  .withSafetySnapshot(false)
                  .withAssumeYes(true)
                  .withRequiredSigner(options.requiredSigner()));
    } catch (PgsnapException e) {
      if (e.code() == ErrorCode.INTEGRITY) {
        String refused = "drill failed, the restore refused the snapshot: ";
        throw new PgsnapException(
            ErrorCode.INTEGRITY, refused + e.getMessage(), refused + e.logMessage(), e);
      }
      if (refusedRows(e)) {
        // Into an empty database, rows the server refuses (a value its type rejects, a key or a
        // constraint that does not hold) mean the snapshot cannot be restored as it stands.
        String refused = "drill failed, the server refused the snapshot's rows: ";
        throw new PgsnapException(
            ErrorCode.INTEGRITY, refused + e.getMessage(), refused + e.logMessage(), e);
      }
      String failed = "drill failed, the restore did not complete: ";
      throw new PgsnapException(e.code(), failed + e.getMessage(), failed + e.logMessage(), e);
    }
  }

  /** Whether the failure comes from data the server rejected: SQLSTATE class 22 or 23. */
  private static boolean refusedRows(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql && sql.getSQLState() != null) {
        // The classes whose messages quote row values are exactly the data errors.
        return SqlStates.quotesRowValues(sql.getSQLState());
      }
    }
    return false;
  }

  private static LoggedOperation.Outcome outcome(DrillResult result) {
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("durationMs", result.elapsed().toMillis());
    figures.put("serverVersion", result.serverVersion());
    figures.put("tables", result.tables().size());
    figures.put("rows", result.rows());
    figures.put("restoreMs", result.restoreTime().toMillis());
    figures.put("contentChecked", result.contentChecked());
    figures.put("differing", result.failures().stream().map(TableCheck::table).toList());
    return new LoggedOperation.Outcome(result.passed() ? "success" : "failure", figures);
  }
}
