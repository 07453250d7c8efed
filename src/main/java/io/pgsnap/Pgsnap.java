package io.pgsnap;

import io.pgsnap.drill.DrillOptions;
import io.pgsnap.drill.DrillResult;
import io.pgsnap.drill.Driller;
import io.pgsnap.export.Exporter;
import io.pgsnap.restore.Restorer;
import io.pgsnap.retention.PruneOptions;
import io.pgsnap.retention.PruneResult;
import io.pgsnap.retention.Pruner;
import io.pgsnap.retention.SnapshotInfo;
import io.pgsnap.retention.SnapshotLister;
import io.pgsnap.snapshot.SnapshotDestination;
import io.pgsnap.snapshot.SnapshotSource;
import io.pgsnap.storage.S3Location;
import io.pgsnap.storage.S3Settings;
import io.pgsnap.storage.S3SnapshotTarget;
import io.pgsnap.storage.S3Storage;
import io.pgsnap.storage.SnapshotAccess;
import io.pgsnap.verify.Comparison;
import io.pgsnap.verify.LiveComparer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * pgsnap as a library: every operation against one database, configured once. What needs no
 * database (verifying, inspecting, comparing two snapshots) is in {@link SnapshotFiles}.
 *
 * <pre>{@code
 * ExportResult result = Pgsnap.using(dataSource).export(ExportOptions.defaults(Path.of("backups")));
 * VerifyResult check = SnapshotFiles.verify(result.snapshot(), VerifyOptions.deepCheck());
 * }</pre>
 *
 * <p>Instances are immutable; the {@code with...} methods return changed copies.
 */
public final class Pgsnap {
  private final DataSource dataSource;
  private final ProgressListener progress;
  private final Clock clock;
  private final RestoreConfirmation confirmation;
  private final Cancellation cancellation;

  private Pgsnap(
      DataSource dataSource,
      ProgressListener progress,
      Clock clock,
      RestoreConfirmation confirmation,
      Cancellation cancellation) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.progress = Objects.requireNonNull(progress, "progress");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.confirmation = Objects.requireNonNull(confirmation, "confirmation");
    this.cancellation = Objects.requireNonNull(cancellation, "cancellation");
  }

  /**
   * pgsnap over {@code dataSource}. An export with {@code jobs > 1} needs {@code jobs + 1}
   * connections from it at once.
   */
  public static Pgsnap using(DataSource dataSource) {
    return new Pgsnap(
        dataSource,
        ProgressListener.NONE,
        Clock.systemUTC(),
        RestoreConfirmation.REFUSE,
        new Cancellation());
  }

  /** The same, reporting progress to {@code listener}. */
  public Pgsnap withProgress(ProgressListener listener) {
    return new Pgsnap(dataSource, listener, clock, confirmation, cancellation);
  }

  /** The same, taking the time (snapshot ids, manifest times) from {@code clock}. */
  public Pgsnap withClock(Clock clock) {
    return new Pgsnap(dataSource, progress, clock, confirmation, cancellation);
  }

  /**
   * The same, asking {@code confirmation} before a restore whose plan deletes rows (by default such
   * a plan runs only with {@link RestoreOptions#assumeYes()}).
   */
  public Pgsnap withConfirmation(RestoreConfirmation confirmation) {
    return new Pgsnap(dataSource, progress, clock, confirmation, cancellation);
  }

  /**
   * The same, stopping an export or restore when {@code cancellation} is cancelled: the operation
   * cleans up as after a failure and throws {@link ErrorCode#INTERRUPTED}.
   */
  public Pgsnap withCancellation(Cancellation cancellation) {
    return new Pgsnap(dataSource, progress, clock, confirmation, cancellation);
  }

  /**
   * Exports the selected tables into a new snapshot folder under {@link ExportOptions#outDir()}.
   *
   * @return the complete snapshot and its manifest
   * @throws PgsnapException when the export fails or is cancelled; no complete-looking snapshot is
   *     left behind
   */
  public ExportResult export(ExportOptions options) {
    return export(SnapshotDestination.folder(options.outDir()), options);
  }

  /**
   * Exports the selected tables into a new snapshot under {@code out} in object storage ({@code
   * s3://bucket/prefix}), as {@code out/<id>/...}; {@link ExportOptions#outDir()} is not used.
   * Table files are uploaded while they are written (memory: one 8 MiB part per job; nothing on
   * local disk), {@code manifest.json} last: a prefix without it is a partial snapshot. The bucket
   * is checked writable before the database is touched. On failure or cancellation the open uploads
   * are aborted and the objects written are deleted (best effort). Not logged: {@code pgsnap.log}
   * is a local file.
   *
   * @param settings how to reach object storage; credentials come from the SDK's standard chain
   * @return the complete snapshot; {@link ExportResult#location()} is its {@code s3://} location
   * @throws PgsnapException as {@link #export(ExportOptions)}; {@link ErrorCode#STORAGE} for
   *     missing credentials, a missing bucket or denied access, {@link ErrorCode#CONNECTION} when
   *     the storage cannot be reached
   */
  public ExportResult export(S3Location out, S3Settings settings, ExportOptions options) {
    try (S3Storage storage = S3Storage.connect(settings)) {
      return export(S3SnapshotTarget.destination(storage, out), options);
    }
  }

  private ExportResult export(SnapshotDestination destination, ExportOptions options) {
    return new Exporter(dataSource, destination, options, progress, clock, cancellation).export();
  }

  /**
   * Restores tables of a snapshot into the database, in foreign-key order, in one transaction: when
   * it fails, every target table is left as it was. File checksums are checked before the database
   * is touched, and each table's row count after it is loaded. Logs one line in {@code pgsnap.log}
   * beside the snapshot.
   *
   * @param snapshot a complete snapshot folder
   * @param options which tables, into which targets, how
   * @return the plan that ran (or, for a dry run, would run) and the rows loaded
   * @throws PgsnapException {@link ErrorCode#INTEGRITY} when a file fails its checksum or holds
   *     other rows than the manifest says; {@link ErrorCode#USAGE} when the plan is refused (tables
   *     that hold rows in {@code empty} mode, missing tables or columns, a truncate that needs
   *     cascade, a destructive plan not confirmed); {@link ErrorCode#CONNECTION} and {@link
   *     ErrorCode#PERMISSION} for the database; {@link ErrorCode#FAILURE} when the server refuses
   *     the rows (a key clash in {@code append} mode, a foreign key that does not hold); {@link
   *     ErrorCode#INTERRUPTED} when cancelled, after undoing what it did
   */
  public RestoreResult restore(Path snapshot, RestoreOptions options) {
    return restore(SnapshotSource.folder(snapshot), options);
  }

  /**
   * Restores tables of {@code snapshot}, in a folder or a store such as a bucket ({@link
   * SnapshotAccess} opens an {@code s3://} location), as {@link #restore(Path, RestoreOptions)}
   * does: table files are streamed from the store and hashed as they are loaded. A restore from
   * object storage is not logged. In {@link RestoreMode#TRUNCATE} mode, a snapshot outside a local
   * folder needs {@link RestoreOptions#safetySnapshotDir()} or no safety snapshot ({@link
   * ErrorCode#USAGE} otherwise).
   *
   * @throws PgsnapException as {@link #restore(Path, RestoreOptions)}; {@link ErrorCode#CONNECTION}
   *     also when the connection to the store is lost while a file is read (the table's transaction
   *     is rolled back)
   */
  public RestoreResult restore(SnapshotSource snapshot, RestoreOptions options) {
    return new Restorer(dataSource, snapshot, options, progress, confirmation, clock, cancellation)
        .restore();
  }

  /**
   * Proves that a snapshot restores: restores it with {@code --create} and {@code --verify-content}
   * into a scratch database on a throwaway server of the snapshot's source major (or of {@link
   * DrillOptions#serverMajor()}, or on {@link DrillOptions#server()}), compares every table's rows
   * and content fingerprint with the manifest, and removes the scratch database and server. Static,
   * since it needs no database of the caller's. Logs one {@code drill} line in the snapshot
   * folder's parent.
   *
   * @param snapshot a complete snapshot folder
   * @param options where to restore
   * @param notices hears one line before each slow step (a download of server binaries, a start)
   * @return every table's comparison; {@link DrillResult#passed()} says whether the drill passed
   * @throws PgsnapException {@link ErrorCode#INTEGRITY} when the snapshot fails its checks or the
   *     restore refuses it; {@link ErrorCode#STORAGE} when the server binaries cannot be found or
   *     downloaded; {@link ErrorCode#USAGE} for a major without binaries; others as {@link
   *     #restore}
   */
  public static DrillResult drill(
      Path snapshot, DrillOptions options, java.util.function.Consumer<String> notices) {
    return drill(SnapshotSource.folder(snapshot), options, notices);
  }

  /**
   * The same for {@code snapshot} in a folder or a store such as a bucket; a drill of a snapshot in
   * object storage is not logged.
   */
  public static DrillResult drill(
      SnapshotSource snapshot, DrillOptions options, java.util.function.Consumer<String> notices) {
    return new Driller(options, Clock.systemUTC(), notices).drill(snapshot);
  }

  /**
   * Compares a snapshot with the live database, table by table: row counts (exact, all from one
   * consistent database snapshot, or estimated from statistics), tables on one side only, and
   * tables whose copied columns changed; with {@link CompareOptions#content()}, also each table's
   * content fingerprint recomputed from the database (in the same transaction) against the
   * snapshot's, and with {@link CompareOptions#keys()} the keys of up to that many differing rows
   * per table ({@link Comparison#content()}). The live tables considered are those the snapshot's
   * own table selection selects now. Logs one line in the snapshot folder's parent.
   *
   * @param snapshot a complete snapshot folder
   * @param options exact or estimated counts, content, keys
   * @return what differs; {@link Comparison#equal()} says whether the validation passed
   * @throws PgsnapException {@link ErrorCode#INTEGRITY} when the snapshot is incomplete, {@link
   *     ErrorCode#CONNECTION} or {@link ErrorCode#PERMISSION} when the database cannot be counted;
   *     a difference is a result, not an exception
   */
  public Comparison compare(Path snapshot, CompareOptions options) {
    return compare(SnapshotSource.folder(snapshot), options);
  }

  /**
   * The same for {@code snapshot} in a folder or a store such as a bucket; a comparison of a
   * snapshot in object storage is not logged.
   */
  public Comparison compare(SnapshotSource snapshot, CompareOptions options) {
    return new LiveComparer(dataSource, snapshot, options, progress, clock).compare();
  }

  /**
   * The snapshots in a folder, complete and partial, newest first, with what their manifests and
   * {@code pgsnap.log} say (tables, rows, size, label, the latest verification).
   *
   * @param dir the folder that holds snapshots
   * @return one entry per snapshot folder
   * @throws PgsnapException {@link ErrorCode#STORAGE} when the folder is missing or unreadable
   */
  public static List<SnapshotInfo> list(Path dir) {
    return new SnapshotLister(Clock.systemUTC()).list(dir);
  }

  /**
   * Applies a retention policy to a folder of snapshots (nothing is deleted with {@link
   * PruneOptions#dryRun()}); never removes the newest complete snapshot, nor anything that is not a
   * snapshot folder. Logs one line in the folder's {@code pgsnap.log}.
   *
   * @param options the folder, the policy, and whether to delete
   * @return what was kept and removed, and which rule kept each
   * @throws PgsnapException {@link ErrorCode#STORAGE} when the folder is missing or unreadable, or
   *     a snapshot cannot be deleted
   */
  public static PruneResult prune(PruneOptions options) {
    return new Pruner(Clock.systemUTC()).prune(options);
  }
}
