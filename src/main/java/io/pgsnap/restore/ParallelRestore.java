package io.pgsnap.restore;

import io.pgsnap.Cancellation;
import io.pgsnap.ErrorCode;
import io.pgsnap.PgsnapException;
import io.pgsnap.ProgressListener;
import io.pgsnap.RestorePlan.Action;
import io.pgsnap.catalog.TableId;
import io.pgsnap.db.Connections;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * {@code --jobs N}: the created tables are committed first, then up to N workers load one table
 * each, each in its own transaction that commits only once the table's rows, checksum and indexes
 * held (a table waits for the tables it references), then foreign keys and sequences are added in a
 * last transaction. The parts of a table stored in parts that the restore created load side by
 * side, each in a transaction of its own, and a last one adds the table's indexes (see {@link
 * LoadUnit}). A failure is undone by hand: the tables loaded are emptied again (they were empty:
 * only {@code --mode empty} runs in parallel) and the tables, sequences and schemas created are
 * dropped. A cancellation is undone the same way.
 */
final class ParallelRestore {
  private final DataSource dataSource;
  private final PlannedRestore restore;
  private final TableLoader loader;
  private final ProgressListener progress;
  private final Duration lockTimeout;
  private final Cancellation cancellation;
  private final List<TableLoad> loadedExisting = Collections.synchronizedList(new ArrayList<>());

  ParallelRestore(
      DataSource dataSource,
      PlannedRestore restore,
      TableLoader loader,
      ProgressListener progress,
      Duration lockTimeout,
      Cancellation cancellation) {
    this.dataSource = dataSource;
    this.restore = restore;
    this.loader = loader;
    this.progress = progress;
    this.lockTimeout = lockTimeout;
    this.cancellation = cancellation;
  }

  /**
   * Runs the restore; {@code coordinator} is the planning connection, whose transaction is still
   * open.
   *
   * @return the rows loaded
   */
  @SuppressWarnings("try") // a registration lasts as long as its block
  long run(Connection coordinator, int jobs) {
    StatementRunner.run(coordinator, restore.define());
    StatementRunner.run(coordinator, restore.create());
    StatementRunner.commit(coordinator, "committing the created tables");
    // From here on a process that ends without undoing leaves tables behind.
    try (Cancellation.Registration left = cancellation.leaving(this::leftBehind)) {
      return loadAndLink(coordinator, jobs);
    }
  }

  /** Loads the tables and adds the links; undoes everything when that fails. */
  private long loadAndLink(Connection coordinator, int jobs) {
    try {
      long rows = loadInParallel(jobs);
      try {
        RestoreSession.apply(coordinator, restore.manifest(), lockTimeout);
      } catch (SQLException e) {
        throw RestoreErrors.translate(e, "preparing to add the foreign keys", null);
      }
      StatementRunner.run(coordinator, restore.link());
      StatementRunner.run(coordinator, restore.attach());
      StatementRunner.run(coordinator, restore.finish());
      // The last moment to stop: after this commit the restore is complete.
      cancellation.throwIfCancelled();
      StatementRunner.commit(coordinator, "committing");
      return rows;
    } catch (RuntimeException e) {
      Connections.rollbackQuietly(coordinator);
      if (cancellation.isCancelled()) {
        throw cancellation.interrupted("restore", undo(), e);
      }
      PgsnapException failure = e instanceof PgsnapException pe ? pe : wrap(e);
      throw failure.extended("; " + undo());
    }
  }

  /** What a process that ends now, without undoing, leaves in the target; null for nothing. */
  private String leftBehind() {
    List<TableId> created = created();
    List<TableId> loaded;
    synchronized (loadedExisting) {
      loaded = loadedExisting.stream().map(l -> l.step().target()).toList();
    }
    List<String> parts = new ArrayList<>();
    if (!created.isEmpty()) {
      parts.add("the tables --create made (drop them): " + TargetChecks.displayAll(created));
    }
    if (!loaded.isEmpty()) {
      parts.add("rows in tables loaded already (empty them): " + TargetChecks.displayAll(loaded));
    }
    return parts.isEmpty() ? null : String.join("; ", parts);
  }

  private List<TableId> created() {
    return restore.loads().stream()
        .filter(l -> l.step().action() == Action.CREATE)
        .map(l -> l.step().target())
        .toList();
  }

  private static PgsnapException wrap(Throwable e) {
    return new PgsnapException(ErrorCode.FAILURE, "the restore failed: " + e, e);
  }

  private long loadInParallel(int jobs) {
    SingleTransactionRestore.announce(restore.plan(), progress);
    List<LoadUnit> units = restore.loads().stream().flatMap(l -> LoadUnit.of(l).stream()).toList();
    LoadScheduler<LoadUnit, Object> scheduler =
        new LoadScheduler<>(units, LoadUnit::rawBytes, LoadUnit::completes, waitsFor(units));
    int workers = Math.max(1, Math.min(jobs, units.size()));
    AtomicInteger number = new AtomicInteger();
    ExecutorService executor =
        Executors.newFixedThreadPool(
            workers,
            r -> {
              Thread t = new Thread(r, "pgsnap-restore-" + number.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    try {
      List<Future<Long>> futures = new ArrayList<>();
      for (int i = 0; i < workers; i++) {
        futures.add(executor.submit(() -> work(scheduler)));
      }
      long rows = 0;
      PgsnapException first = null;
      for (Future<Long> f : futures) {
        try {
          rows += f.get();
        } catch (ExecutionException e) {
          if (first == null) {
            first = e.getCause() instanceof PgsnapException pe ? pe : wrap(e.getCause());
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          scheduler.fail();
          throw new PgsnapException(ErrorCode.FAILURE, "the restore was interrupted", e);
        }
      }
      if (first != null) {
        throw first;
      }
      return rows;
    } finally {
      executor.shutdownNow();
    }
  }

  private static Map<LoadUnit, Set<Object>> waitsFor(List<LoadUnit> units) {
    Map<LoadUnit, Set<Object>> waits = new LinkedHashMap<>();
    units.forEach(u -> waits.put(u, u.waitsFor(units)));
    return waits;
  }

  /** One worker: takes ready work until none is left or another worker failed. */
  @SuppressWarnings("try") // a registration lasts as long as its block
  private long work(LoadScheduler<LoadUnit, Object> scheduler) {
    long rows = 0;
    try (Connection c = RestoreErrors.connect(dataSource);
        Cancellation.Registration cancels = Connections.cancelledBy(cancellation, c)) {
      c.setAutoCommit(false);
      LoadUnit unit;
      while ((unit = scheduler.next()) != null) {
        TableLoad load = unit.load();
        try {
          rows +=
              switch (unit.stage()) {
                case WHOLE -> loadAlone(c, load);
                case PART -> loadPart(c, load, unit.part());
                case FINISH -> finish(c, load);
              };
        } catch (RuntimeException e) {
          Connections.rollbackQuietly(c);
          throw e;
        }
        if (load.step().action() == Action.LOAD) {
          loadedExisting.add(load);
        }
        scheduler.finished(unit);
      }
      return rows;
    } catch (SQLException e) {
      scheduler.fail();
      throw RestoreErrors.translate(e, null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      scheduler.fail();
      throw new PgsnapException(ErrorCode.FAILURE, "the restore was interrupted", e);
    } catch (RuntimeException e) {
      scheduler.fail();
      throw e;
    }
  }

  /** Loads one table in a transaction of its own, which commits only once everything held. */
  private long loadAlone(Connection c, TableLoad load) {
    TableId target = load.step().target();
    cancellation.throwIfCancelled();
    prepare(c, target);
    StatementRunner.run(c, TargetStatements.lock(List.of(target)));
    if (load.existing() != null && hasRows(c, load)) {
      throw new PgsnapException(
          ErrorCode.USAGE,
          target.display()
              + " received rows from another session while the restore ran; --mode empty"
              + " loads only into empty tables");
    }
    StatementRunner.run(c, load.disableTriggers());
    long rows = loader.load(c, load);
    StatementRunner.run(c, load.afterLoad());
    StatementRunner.run(c, load.enableTriggers());
    StatementRunner.commit(c, "committing " + target.display());
    return rows;
  }

  /**
   * Loads one part of a table the restore created, in a transaction of its own, side by side with
   * its other parts: no lock beyond the one COPY takes, which lets the parts' COPYs run together.
   */
  private long loadPart(Connection c, TableLoad load, int part) {
    TableId target = load.step().target();
    cancellation.throwIfCancelled();
    prepare(c, target);
    long rows = loader.loadPart(c, load, part);
    StatementRunner.commit(
        c,
        "committing part "
            + (part + 1)
            + " of "
            + load.entry().parts().size()
            + " of "
            + target.display());
    return rows;
  }

  /** Adds a created table's constraints and indexes once all its parts are in, and checks it. */
  private long finish(Connection c, TableLoad load) {
    TableId target = load.step().target();
    cancellation.throwIfCancelled();
    prepare(c, target);
    StatementRunner.run(c, TargetStatements.lock(List.of(target)));
    loader.checkContent(c, load);
    StatementRunner.run(c, load.afterLoad());
    StatementRunner.commit(c, "committing " + target.display());
    return 0;
  }

  private void prepare(Connection c, TableId target) {
    try {
      RestoreSession.apply(c, restore.manifest(), lockTimeout);
    } catch (SQLException e) {
      throw RestoreErrors.translate(e, "preparing to load " + target.display(), null);
    }
  }

  private static boolean hasRows(Connection c, TableLoad load) {
    try {
      return new TargetReader(c).hasRows(load.existing());
    } catch (SQLException e) {
      throw RestoreErrors.translate(
          e, "reading whether " + load.step().target().display() + " is still empty", null);
    }
  }

  private static String count(int tables) {
    return tables == 1 ? "table" : tables + " tables";
  }

  /** Empties the loaded tables and drops what was created; says what it did. */
  private String undo() {
    List<TableLoad> emptied;
    synchronized (loadedExisting) {
      emptied = List.copyOf(loadedExisting);
    }
    List<TableId> created = created();
    try (Connection c = RestoreErrors.connect(dataSource)) {
      c.setAutoCommit(false);
      emptied.forEach(l -> StatementRunner.run(c, l.empty()));
      StatementRunner.run(c, restore.undoCreate());
      StatementRunner.commit(c, "undoing the restore");
      List<String> undone = new ArrayList<>();
      if (!emptied.isEmpty()) {
        undone.add("emptied again the " + count(emptied.size()) + " it had loaded");
      }
      if (!created.isEmpty()) {
        undone.add("dropped the " + count(created.size()) + " it had created");
      }
      return "with --jobs the tables were loaded in separate transactions; pgsnap "
          + (undone.isEmpty() ? "had changed none yet" : String.join(" and ", undone))
          + ", so the target is as it was";
    } catch (SQLException | RuntimeException e) {
      return "with --jobs the tables were loaded in separate transactions, and undoing them"
          + " failed ("
          + e.getMessage()
          + "): empty these tables by hand: "
          + TargetChecks.displayAll(emptied.stream().map(l -> l.step().target()).toList())
          + (created.isEmpty() ? "" : "; and drop these: " + TargetChecks.displayAll(created));
    }
  }
}
