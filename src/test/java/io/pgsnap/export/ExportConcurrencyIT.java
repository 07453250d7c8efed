package io.pgsnap.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.pgsnap.CompareOptions;
import io.pgsnap.ExportOptions;
import io.pgsnap.ExportResult;
import io.pgsnap.Pgsnap;
import io.pgsnap.snapshot.ManifestTable;
import io.pgsnap.testsupport.AcrossServers;
import io.pgsnap.testsupport.PgServer;
import io.pgsnap.testsupport.TestDatabase;
import io.pgsnap.verify.Comparison;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;

/**
 * An export, or a comparison's count, that starts while another session changes a table waits for
 * that session and reads what it committed: the locks come before the snapshot.
 */
class ExportConcurrencyIT {
  @TempDir Path out;

  @AcrossServers
  void anExportStartedDuringATruncateExportsTheRowsTheTruncatingSessionCommitted(PgServer server)
      throws Exception {
    try (TestDatabase db = server.createDatabase()) {
      db.execute("CREATE TABLE t (id integer)", "INSERT INTO t SELECT generate_series(1, 100)");
      try (Connection other = db.connect()) {
        other.setAutoCommit(false);
        try (Statement s = other.createStatement()) {
          s.execute("TRUNCATE t");
          s.execute("INSERT INTO t VALUES (1)");
        }
        CompletableFuture<ExportResult> export = exportInBackground(db);
        awaitWaitingLock(db);
        other.commit();

        ManifestTable t = export.get(60, TimeUnit.SECONDS).manifest().tables().get(0);

        assertEquals(1, t.rows());
      }
    }
  }

  @AcrossServers
  void anExportStartedDuringAColumnTypeChangeExportsTheChangedTable(PgServer server)
      throws Exception {
    try (TestDatabase db = server.createDatabase()) {
      db.execute("CREATE TABLE t (id integer, v integer)", "INSERT INTO t VALUES (1, 2)");
      try (Connection other = db.connect()) {
        other.setAutoCommit(false);
        try (Statement s = other.createStatement()) {
          s.execute("ALTER TABLE t ALTER COLUMN v TYPE bigint");
        }
        CompletableFuture<ExportResult> export = exportInBackground(db);
        awaitWaitingLock(db);
        other.commit();

        ManifestTable t = export.get(60, TimeUnit.SECONDS).manifest().tables().get(0);

        assertEquals("bigint", t.columns().get(1).type());
        assertEquals(1, t.rows());
      }
    }
  }

  @AcrossServers
  void aComparisonStartedDuringATruncateCountsTheRowsTheTruncatingSessionCommitted(PgServer server)
      throws Exception {
    try (TestDatabase db = server.createDatabase()) {
      db.execute("CREATE TABLE t (id integer)", "INSERT INTO t VALUES (1)");
      Path snapshot = Pgsnap.using(db.dataSource()).export(ExportOptions.defaults(out)).snapshot();
      try (Connection other = db.connect()) {
        other.setAutoCommit(false);
        try (Statement s = other.createStatement()) {
          s.execute("TRUNCATE t");
          s.execute("INSERT INTO t VALUES (1)");
        }
        CompletableFuture<Comparison> compare =
            CompletableFuture.supplyAsync(
                () -> Pgsnap.using(db.dataSource()).compare(snapshot, CompareOptions.exact()));
        awaitWaitingLock(db);
        other.commit();

        Comparison result = compare.get(60, TimeUnit.SECONDS);

        assertEquals(1L, result.tables().get(0).secondRows());
      }
    }
  }

  private CompletableFuture<ExportResult> exportInBackground(TestDatabase db) {
    return CompletableFuture.supplyAsync(
        () -> Pgsnap.using(db.dataSource()).export(ExportOptions.defaults(out)));
  }

  /** Waits until some session waits for a lock on {@code t}: the export reached it. */
  private static void awaitWaitingLock(TestDatabase db) throws SQLException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      try (Connection c = db.connect();
          Statement s = c.createStatement();
          ResultSet rs =
              s.executeQuery(
                  "SELECT count(*) FROM pg_locks WHERE NOT granted AND relation = 't'::regclass")) {
        rs.next();
        if (rs.getInt(1) > 0) {
          return;
        }
      }
      Thread.sleep(50);
    }
    fail("the export never waited for the lock on t");
  }
}
