package io.pgsnap.export;

import io.pgsnap.Cancellation;
import io.pgsnap.ErrorCode;
import io.pgsnap.ExportOptions;
import io.pgsnap.ExportResult;
import io.pgsnap.OutOfMemory;
import io.pgsnap.PgsnapException;
import io.pgsnap.ProgressListener;
import io.pgsnap.Versions;
import io.pgsnap.catalog.Catalog;
import io.pgsnap.catalog.Identifiers;
import io.pgsnap.catalog.Table;
import io.pgsnap.catalog.TableId;
import io.pgsnap.db.Connections;
import io.pgsnap.db.SessionSettings;
import io.pgsnap.snapshot.ExportSettings;
import io.pgsnap.snapshot.LoggedOperation;
import io.pgsnap.snapshot.Manifest;
import io.pgsnap.snapshot.ManifestTable;
import io.pgsnap.snapshot.SnapshotDestination;
import io.pgsnap.snapshot.SnapshotIds;
import io.pgsnap.snapshot.SnapshotSigner;
import io.pgsnap.snapshot.SnapshotWriter;
import io.pgsnap.snapshot.Source;
import io.pgsnap.snapshot.StoredFile;
import io.pgsnap.snapshot.TableFileOutput;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.postgresql.core.BaseConnection;
import org.postgresql.util.HostSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exports the selected tables of one database into a new snapshot.
 *
 * <p>A coordinating connection finds the tables, then opens a {@code REPEATABLE READ} read-only
 * transaction whose first statements take {@code ACCESS SHARE} locks on every selected table,
 * before its snapshot (see {@link LockedStart}), so a concurrent {@code TRUNCATE} or {@code DROP}
 * either finishes first and is seen, or waits. With one job the coordinator copies the tables
 * itself; with more, workers import its snapshot ({@code SET TRANSACTION SNAPSHOT}, as {@code
 * pg_dump -j} does), so every table comes from the same moment. Largest tables go first, so the
 * parallel export ends evenly.
 */
public final class Exporter {
  private static final Logger log = LoggerFactory.getLogger(Exporter.class);

  private final DataSource dataSource;
  private final SnapshotDestination destination;
  private final ExportOptions options;
  private final ProgressListener progress;
  private final Clock clock;
  private final Cancellation cancellation;

  /**
   * @param destination where the snapshot goes; {@link ExportOptions#outDir()} is not used
   * @param cancellation stops the export: the running COPYs are cancelled and the unfinished
   *     snapshot removed
   */
  public Exporter(
      DataSource dataSource,
      SnapshotDestination destination,
      ExportOptions options,
      ProgressListener progress,
      Clock clock,
      Cancellation cancellation) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.destination = Objects.requireNonNull(destination, "destination");
    this.options = Objects.requireNonNull(options, "options");
    this.progress = Objects.requireNonNull(progress, "progress");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.cancellation = Objects.requireNonNull(cancellation, "cancellation");
  }

  /**
   * Runs the export.
   *
   * @return the complete snapshot
   * @throws PgsnapException when anything fails, {@link ErrorCode#INTERRUPTED} when cancelled; no
   *     complete-looking snapshot is left behind
   */
  public ExportResult export() {
    Instant started = clock.instant();
    long startNanos = System.nanoTime();
    return destination
        .logged("export", clock)
        .run(() -> exportOrInterrupted(started, startNanos), Exporter::outcome);
  }

  private ExportResult exportOrInterrupted(Instant started, long startNanos) {
    try {
      cancellation.throwIfCancelled();
      // A destination that refuses writes fails before the database is touched.
      destination.checkWritable();
      return exportInTransaction(started, startNanos);
    } catch (RuntimeException e) {
      if (!cancellation.isCancelled() || Cancellation.isReport(e)) {
        throw e;
      }
      throw cancellation.interrupted(
          "export", "no snapshot folder had been started; nothing is left behind", e);
    }
  }

  /** The log line's figures; the duration is the result's, so the line and the result agree. */
  private static LoggedOperation.Outcome outcome(ExportResult result) {
    Manifest.Totals totals = result.manifest().totals();
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("snapshot", result.manifest().id());
    figures.put("tables", totals.tables());
    figures.put("rows", totals.rows());
    figures.put("storedBytes", totals.storedBytes());
    figures.put("durationMs", result.elapsed().toMillis());
    return new LoggedOperation.Outcome("success", figures);
  }

  @SuppressWarnings("try") // a registration lasts as long as its block
  private ExportResult exportInTransaction(Instant started, long startNanos) {
    try (Connection coordinator = ExportErrors.connect(dataSource);
        Cancellation.Registration cancels = Connections.cancelledBy(cancellation, coordinator)) {
      try {
        LockedStart.Started start =
            LockedStart.begin(
                coordinator,
                options.selection(),
                options.lockWaitTimeout(),
                Exporter::readSource,
                planned -> Preflight.check(planned.catalog(), planned.source().user()));
        Source source = start.source();
        Catalog catalog = start.catalog();
        String snapshotName = options.jobs() > 1 ? exportSnapshot(coordinator) : null;
        log.debug(
            "exporting {} tables of {} with {} job(s)",
            catalog.tables().size(),
            source.database(),
            options.jobs());
        cancellation.throwIfCancelled();
        SnapshotWriter writer =
            SnapshotWriter.over(
                destination.create(SnapshotIds.of(source.database(), started)),
                options.encryption());
        // Closing the writer removes the unfinished snapshot; until then a process that ends
        // without its cleanup leaves it.
        try (Cancellation.Registration left = cancellation.leaving(writer.target()::leftBehind);
            writer) {
          Map<TableId, List<BlockRange>> splits =
              TableSplits.read(coordinator, catalog.tables(), options.splitAbove(), options.jobs());
          List<CopyJob> largestFirst =
              CopyJobs.plan(
                  writer, catalog.tables(), splits, options.format(), options.compression());
          progress.planned(
              largestFirst.size(),
              catalog.tables().stream().mapToLong(Table::estimatedRows).sum(),
              catalog.tables().stream().mapToLong(Table::estimatedBytes).sum());
          Map<String, StoredFile> stored =
              options.jobs() > 1 && largestFirst.size() > 1
                  ? copyInParallel(snapshotName, largestFirst, writer)
                  : copySerially(coordinator, largestFirst, writer);
          Instant finished = clock.instant();
          List<ManifestTable> entries =
              CopyJobs.entries(
                  catalog.tables(), largestFirst, stored, options.format(), options.compression());
          List<StoredFile> storedFiles = List.copyOf(stored.values());
          Manifest manifest =
              manifest(
                  writer.id(),
                  started,
                  finished,
                  source,
                  catalog,
                  entries,
                  SnapshotWriter.overallChecksum(storedFiles));
          // The last moment to stop: once committed, the snapshot is complete.
          cancellation.throwIfCancelled();
          String snapshot =
              writer.commit(
                  storedFiles,
                  manifest,
                  Optional.ofNullable(options.signer()).orElse(SnapshotSigner.NONE));
          coordinator.commit();
          return new ExportResult(
              snapshot, manifest, Duration.ofNanos(System.nanoTime() - startNanos));
        } catch (RuntimeException e) {
          if (cancellation.isCancelled()) {
            throw cancellation.interrupted("export", writer.target().afterCleanup(), e);
          }
          throw e;
        }
      } finally {
        Connections.rollbackQuietly(coordinator);
      }
    } catch (SQLException e) {
      throw ExportErrors.translate(e, null);
    }
  }

  private Manifest manifest(
      String id,
      Instant started,
      Instant finished,
      Source source,
      Catalog catalog,
      List<ManifestTable> entries,
      String overallChecksum) {
    return new Manifest(
        Manifest.FORMAT_VERSION,
        new Manifest.Tool("pgsnap", Versions.pgsnap()),
        id,
        options.label(),
        started,
        finished,
        source,
        new ExportSettings(
            options.format(), options.compression(), options.jobs(), options.selection()),
        entries,
        catalog.sequences(),
        catalog.objects(),
        new Manifest.Totals(
            entries.size(),
            entries.stream().mapToLong(ManifestTable::rows).sum(),
            entries.stream().mapToLong(ManifestTable::storedBytes).sum(),
            entries.stream().mapToLong(ManifestTable::rawBytes).sum()),
        overallChecksum);
  }

  private Map<String, StoredFile> copySerially(
      Connection connection, List<CopyJob> jobs, SnapshotWriter writer) {
    TableCopy copy = new TableCopy(options.format(), progress, cancellation::isCancelled);
    Map<String, StoredFile> stored = new LinkedHashMap<>();
    for (CopyJob job : jobs) {
      stored.put(job.file(), copyOne(copy, connection, job, writer));
    }
    return stored;
  }

  private Map<String, StoredFile> copyInParallel(
      String snapshotName, List<CopyJob> tables, SnapshotWriter writer) {
    ConcurrentLinkedQueue<CopyJob> queue = new ConcurrentLinkedQueue<>(tables);
    Map<String, StoredFile> stored = new ConcurrentHashMap<>();
    AtomicBoolean failed = new AtomicBoolean();
    int workers = Math.min(options.jobs(), tables.size());
    AtomicInteger threadNumber = new AtomicInteger();
    ExecutorService executor =
        Executors.newFixedThreadPool(
            workers,
            r -> {
              Thread t = new Thread(r, "pgsnap-export-" + threadNumber.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int i = 0; i < workers; i++) {
        futures.add(
            executor.submit(
                () -> {
                  try {
                    runWorker(snapshotName, queue, writer, stored, failed);
                  } catch (RuntimeException e) {
                    failed.set(true);
                    throw e;
                  }
                  return null;
                }));
      }
      RuntimeException first = null;
      for (Future<?> f : futures) {
        try {
          f.get();
        } catch (ExecutionException e) {
          RuntimeException cause =
              e.getCause() instanceof RuntimeException re
                  ? re
                  : new PgsnapException(
                      ErrorCode.FAILURE, String.valueOf(e.getCause()), e.getCause());
          if (first == null || first instanceof CancelledFailure) {
            first = cause;
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          failed.set(true);
          throw new PgsnapException(ErrorCode.FAILURE, "the export was interrupted", e);
        }
      }
      if (first != null) {
        throw first;
      }
      return stored;
    } finally {
      executor.shutdownNow();
    }
  }

  @SuppressWarnings("try") // a registration lasts as long as its block
  private void runWorker(
      String snapshotName,
      ConcurrentLinkedQueue<CopyJob> queue,
      SnapshotWriter writer,
      Map<String, StoredFile> stored,
      AtomicBoolean failed) {
    try (Connection connection = ExportErrors.connect(dataSource);
        Cancellation.Registration cancels = Connections.cancelledBy(cancellation, connection)) {
      try {
        connection.setAutoCommit(false);
        connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        connection.setReadOnly(true);
        try (Statement s = connection.createStatement()) {
          s.execute("SET TRANSACTION SNAPSHOT " + Identifiers.literal(snapshotName));
        }
        SessionSettings.applyLocally(connection, SessionSettings.EXPORT);
        TableCopy copy =
            new TableCopy(
                options.format(), progress, () -> failed.get() || cancellation.isCancelled());
        CopyJob job;
        while (!failed.get() && (job = queue.poll()) != null) {
          stored.put(job.file(), copyOne(copy, connection, job, writer));
        }
        if (failed.get()) {
          throw new CancelledFailure();
        }
      } finally {
        Connections.rollbackQuietly(connection);
      }
    } catch (SQLException e) {
      throw ExportErrors.translate(e, null);
    }
  }

  private StoredFile copyOne(
      TableCopy copy, Connection connection, CopyJob job, SnapshotWriter writer) {
    cancellation.throwIfCancelled();
    Table table = job.table();
    String file = job.file();
    try (TableFileOutput out =
        writer.openTableFile(file, options.format(), options.compression())) {
      try {
        return copy.export(connection, table, job.blocks(), out);
      } catch (IOException e) {
        throw writer.writeFailed(out.relativePath(), e);
      } catch (OutOfMemoryError e) {
        // The row that did not fit is garbage now; the partial folder is abandoned as on any
        // failure.
        Connections.abandon(connection);
        throw OutOfMemory.during("exporting table " + table.id(), e);
      }
    } catch (SQLException e) {
      throw ExportErrors.translate(e, table.id());
    } catch (TableCopy.CancelledException e) {
      throw new CancelledFailure();
    } catch (IOException e) {
      throw writer.writeFailed(file, e);
    }
  }

  private static String exportSnapshot(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT pg_catalog.pg_export_snapshot()")) {
      rs.next();
      return rs.getString(1);
    }
  }

  private static Source readSource(Connection c) throws SQLException {
    String serverVersion;
    int versionNum;
    String database;
    String user;
    String encoding;
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT pg_catalog.current_setting('server_version'),"
                    + " pg_catalog.current_setting('server_version_num')::int,"
                    + " pg_catalog.current_database(), current_user,"
                    + " pg_catalog.current_setting('server_encoding')")) {
      rs.next();
      serverVersion = rs.getString(1);
      versionNum = rs.getInt(2);
      database = rs.getString(3);
      user = rs.getString(4);
      encoding = rs.getString(5);
    }
    HostSpec host = c.unwrap(BaseConnection.class).getQueryExecutor().getHostSpec();
    Map<String, String> settings = new LinkedHashMap<>(SessionSettings.EXPORT);
    settings.putAll(SessionSettings.read(c, SessionSettings.RECORDED));
    return new Source(
        serverVersion,
        versionNum,
        database,
        host.getHost(),
        host.getPort(),
        user,
        encoding,
        settings);
  }

  /** A worker stopped because another failed; never the failure reported to the user. */
  private static final class CancelledFailure extends PgsnapException {
    private static final long serialVersionUID = 1L;

    CancelledFailure() {
      super(ErrorCode.FAILURE, "cancelled because another table failed");
    }
  }
}
