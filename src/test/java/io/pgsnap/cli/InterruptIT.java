package io.pgsnap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pgsnap.snapshot.OperationLog;
import io.pgsnap.testsupport.Cli;
import io.pgsnap.testsupport.OnOneServer;
import io.pgsnap.testsupport.PgServer;
import io.pgsnap.testsupport.PgsnapProcess;
import io.pgsnap.testsupport.Snapshots;
import io.pgsnap.testsupport.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGINT and SIGTERM sent to a real pgsnap process while its COPY runs: the work is cancelled and
 * cleaned up, one line says so, the operation log records it, and the exit status is 128 plus the
 * signal's number. A second signal skips the cleanup and says what it leaves.
 *
 * <p>The COPYs are made to wait deterministically: an export's client is stopped (SIGSTOP) while
 * its COPY is under way, so the COPY cannot finish before the signal; a restore loads a column
 * whose domain check waits for an advisory lock the test holds. Every run is {@code --quiet}, so
 * that a slow machine's plain progress line (one every 10 seconds) cannot join the messages the
 * tests compare.
 */
class InterruptIT {
  private static final Duration START_LIMIT = Duration.ofSeconds(90);
  private static final Duration EXIT_LIMIT = Duration.ofSeconds(60);
  private static final long GATE_LOCK = 4242;

  @TempDir Path out;
  @TempDir Path work;

  // ---- export -----------------------------------------------------------------------------

  @OnOneServer
  void sigintDuringAnExportsCopyRemovesThePartialFolderPrintsOneLineAndExits130(PgServer server) {
    try (TestDatabase db = server.createDatabase()) {
      createBigTables(db, "big");
      PgsnapProcess.Exit exit =
          exportInterrupted(
              db, "INT", "export", "--url", db.uriWithoutPassword(), "--out", out.toString());

      assertEquals(130, exit.status(), exit.err());
      assertEquals(
          "pgsnap: export interrupted by SIGINT; the unfinished snapshot folder was removed;"
              + " nothing is left behind\n",
          exit.err());
      assertEquals(List.of(OperationLog.FILE_NAME), Snapshots.entries(out));
    }
  }

  @OnOneServer
  void anInterruptedExportIsLoggedWithTheOutcomeInterrupted(PgServer server) throws Exception {
    try (TestDatabase db = server.createDatabase()) {
      createBigTables(db, "big");
      exportInterrupted(
          db, "INT", "export", "--url", db.uriWithoutPassword(), "--out", out.toString());

      List<String> lines = Files.readAllLines(out.resolve(OperationLog.FILE_NAME));
      assertEquals(1, lines.size(), lines::toString);
      JsonNode line = new ObjectMapper().readTree(lines.get(0));
      assertEquals("export", line.get("command").asText());
      assertEquals("interrupted", line.get("outcome").asText());
      assertEquals("interrupted", line.get("errorCode").asText());
      assertEquals(
          "export interrupted by SIGINT; the unfinished snapshot folder was removed;"
              + " nothing is left behind",
          line.get("error").asText());
    }
  }

  @OnOneServer
  void sigtermDuringAParallelExportCancelsItsCopiesAndExits143(PgServer server) {
    try (TestDatabase db = server.createDatabase()) {
      createBigTables(db, "big_a", "big_b");
      PgsnapProcess.Exit exit =
          exportInterrupted(
              db,
              "TERM",
              "export",
              "--quiet",
              "--url",
              db.uriWithoutPassword(),
              "--out",
              out.toString(),
              "--jobs",
              "2");

      assertEquals(143, exit.status(), exit.err());
      assertEquals(
          "pgsnap: export interrupted by SIGTERM; the unfinished snapshot folder was removed;"
              + " nothing is left behind\n",
          exit.err());
      assertEquals(List.of(OperationLog.FILE_NAME), Snapshots.entries(out));
      assertEquals(0L, queryLong(db, "SELECT count(*) FROM pg_stat_progress_copy"));
    }
  }

  @OnOneServer
  void sigintWhileAnExportWaitsForALockEndsItBeforeAnyFolderExists(PgServer server)
      throws Exception {
    try (TestDatabase db = server.createDatabase()) {
      db.execute("CREATE TABLE busy (id integer)");
      try (Connection migration = db.connect()) {
        migration.setAutoCommit(false);
        try (Statement s = migration.createStatement()) {
          s.execute("LOCK TABLE busy IN ACCESS EXCLUSIVE MODE");
        }
        try (PgsnapProcess pgsnap =
            PgsnapProcess.start(
                work,
                server.superuserPassword(),
                "export",
                "--quiet",
                "--url",
                db.uriWithoutPassword(),
                "--out",
                out.toString())) {
          waitUntil(
              pgsnap,
              () ->
                  queryLong(
                          db,
                          "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                              + " AND application_name = 'pgsnap' AND wait_event_type = 'Lock'")
                      == 1,
              "the export waiting for its lock");
          pgsnap.signal("INT");
          PgsnapProcess.Exit exit = pgsnap.waitFor(EXIT_LIMIT);
          migration.rollback();

          assertEquals(130, exit.status(), exit.err());
          assertEquals(
              "pgsnap: export interrupted by SIGINT; no snapshot folder had been started; nothing"
                  + " is left behind\n",
              exit.err());
          assertEquals(List.of(OperationLog.FILE_NAME), Snapshots.entries(out));
        }
      }
    }
  }

  // ---- restore ----------------------------------------------------------------------------

  @OnOneServer
  void sigintDuringAParallelRestoreWithCreateDropsWhatItCreated(PgServer server) throws Exception {
    try (TestDatabase source = server.createDatabase();
        TestDatabase target = server.createDatabase()) {
      Path snapshot = exportGatedTables(source);
      createGate(target);
      try (Connection gate = holdGateLock(target);
          PgsnapProcess pgsnap =
              PgsnapProcess.start(
                  work,
                  server.superuserPassword(),
                  "restore",
                  "--quiet",
                  snapshot.toString(),
                  "--url",
                  target.uriWithoutPassword(),
                  "--create",
                  // The target's domain is the snapshot's with a check that waits for the test.
                  "--keep-target-objects",
                  "--jobs",
                  "2")) {
        waitUntil(
            pgsnap,
            () -> rowsIfPresent(target, "small") == 100 && gateIsWaited(target),
            "the small table loaded and the gated COPY waiting");
        pgsnap.signal("INT");
        PgsnapProcess.Exit exit = pgsnap.waitFor(EXIT_LIMIT);

        assertEquals(130, exit.status(), exit.err());
        assertEquals(
            "pgsnap: restore interrupted by SIGINT; with --jobs the tables were loaded in separate"
                + " transactions; pgsnap dropped the 2 tables it had created, so the target is as it"
                + " was\n",
            exit.err());
        assertEquals(List.of(), tables(target));
      }
    }
  }

  @OnOneServer
  void sigtermDuringASingleTransactionRestoreLeavesTheTargetUnchanged(PgServer server)
      throws Exception {
    try (TestDatabase source = server.createDatabase();
        TestDatabase target = server.createDatabase()) {
      Path snapshot = exportGatedTables(source);
      createGate(target);
      target.execute(
          "CREATE TABLE small (id integer PRIMARY KEY, note text)",
          "CREATE TABLE gated (id integer PRIMARY KEY, g gate)");
      try (Connection gate = holdGateLock(target);
          PgsnapProcess pgsnap =
              PgsnapProcess.start(
                  work,
                  server.superuserPassword(),
                  "restore",
                  "--quiet",
                  snapshot.toString(),
                  "--url",
                  target.uriWithoutPassword())) {
        waitUntil(pgsnap, () -> gateIsWaited(target), "the gated COPY waiting");
        pgsnap.signal("TERM");
        PgsnapProcess.Exit exit = pgsnap.waitFor(EXIT_LIMIT);

        assertEquals(143, exit.status(), exit.err());
        assertEquals(
            "pgsnap: restore interrupted by SIGTERM; the transaction was rolled back: every"
                + " target table is as it was\n",
            exit.err());
        assertEquals(List.of("gated", "small"), tables(target));
        assertEquals(
            0L, queryLong(target, "SELECT (SELECT count(*) FROM small) + count(*) FROM gated"));
      }
    }
  }

  @OnOneServer
  void sigtermDuringAParallelRestoreIntoExistingTablesEmptiesWhatItLoaded(PgServer server)
      throws Exception {
    try (TestDatabase source = server.createDatabase();
        TestDatabase target = server.createDatabase()) {
      Path snapshot = exportGatedTables(source);
      createGate(target);
      target.execute(
          "CREATE TABLE small (id integer PRIMARY KEY, note text)",
          "CREATE TABLE gated (id integer PRIMARY KEY, g gate)");
      try (Connection gate = holdGateLock(target);
          PgsnapProcess pgsnap =
              PgsnapProcess.start(
                  work,
                  server.superuserPassword(),
                  "restore",
                  "--quiet",
                  snapshot.toString(),
                  "--url",
                  target.uriWithoutPassword(),
                  "--jobs",
                  "2")) {
        waitUntil(
            pgsnap,
            () -> rowsIfPresent(target, "small") == 100 && gateIsWaited(target),
            "the small table loaded and the gated COPY waiting");
        pgsnap.signal("TERM");
        PgsnapProcess.Exit exit = pgsnap.waitFor(EXIT_LIMIT);

        assertEquals(143, exit.status(), exit.err());
        assertEquals(
            "pgsnap: restore interrupted by SIGTERM; with --jobs the tables were loaded in"
                + " separate transactions; pgsnap emptied again the table it had loaded, so the"
                + " target is as it was\n",
            exit.err());
        assertEquals(List.of("gated", "small"), tables(target));
        assertEquals(
            0L, queryLong(target, "SELECT (SELECT count(*) FROM small) + count(*) FROM gated"));
      }
    }
  }

  @OnOneServer
  void aSecondSigintSkipsTheCleanupAndSaysWhatItLeaves(PgServer server) throws Exception {
    try (TestDatabase source = server.createDatabase();
        TestDatabase target = server.createDatabase()) {
      Path snapshot = exportGatedTables(source);
      createGate(target);
      try (Connection gate = holdGateLock(target);
          Connection reader = target.connect();
          PgsnapProcess pgsnap =
              PgsnapProcess.start(
                  work,
                  server.superuserPassword(),
                  "restore",
                  "--quiet",
                  snapshot.toString(),
                  "--url",
                  target.uriWithoutPassword(),
                  "--create",
                  // The target's domain is the snapshot's with a check that waits for the test.
                  "--keep-target-objects",
                  "--jobs",
                  "2")) {
        waitUntil(
            pgsnap,
            () -> rowsIfPresent(target, "small") == 100 && gateIsWaited(target),
            "the small table loaded and the gated COPY waiting");
        // A reader in the middle of a transaction keeps the undo's DROP TABLE waiting.
        reader.setAutoCommit(false);
        try (Statement s = reader.createStatement()) {
          s.execute("SELECT count(*) FROM small");
        }
        pgsnap.signal("INT");
        waitUntil(
            pgsnap,
            () ->
                queryLong(
                        target,
                        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                            + " AND query LIKE 'DROP TABLE%' AND wait_event_type = 'Lock'")
                    == 1,
            "the undo waiting for the reader");
        pgsnap.signal("INT");
        PgsnapProcess.Exit exit = pgsnap.waitFor(EXIT_LIMIT);

        assertEquals(130, exit.status(), exit.err());
        assertEquals(
            "pgsnap: SIGINT again: stopped without cleaning up, leaving the tables --create made"
                + " (drop them): public.gated, public.small\n",
            exit.err());
        reader.rollback();
        waitUntil(
            null,
            () ->
                queryLong(
                        target,
                        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                            + " AND application_name = 'pgsnap'")
                    == 0,
            "the stopped restore's sessions gone");
        assertEquals(List.of("gated", "small"), tables(target));
      }
    }
  }

  // ---- helpers ----------------------------------------------------------------------------

  /**
   * Starts {@code args}, stops the process once a COPY of its runs, checks that the COPY is still
   * under way, then sends {@code signal} and lets the process go on.
   */
  private PgsnapProcess.Exit exportInterrupted(TestDatabase db, String signal, String... args) {
    try (PgsnapProcess pgsnap = PgsnapProcess.start(work, db.server().superuserPassword(), args)) {
      waitUntil(pgsnap, () -> copiesRunning(db) > 0, "a COPY under way");
      pgsnap.signal("STOP");
      sleep(Duration.ofMillis(300));
      assertTrue(copiesRunning(db) > 0, "the COPY finished before the signal");
      pgsnap.signal(signal);
      pgsnap.signal("CONT");
      return pgsnap.waitFor(EXIT_LIMIT);
    }
  }

  private static long copiesRunning(TestDatabase db) {
    return queryLong(
        db, "SELECT count(*) FROM pg_stat_progress_copy WHERE datname = current_database()");
  }

  /** Tables large enough that a stopped client cannot have received all of them. */
  private static void createBigTables(TestDatabase db, String... names) {
    for (String name : names) {
      db.execute(
          "CREATE TABLE "
              + name
              + " AS SELECT g AS id, md5(g::text) AS v FROM generate_series(1, 200000) g");
    }
  }

  /** A snapshot of {@code small} (100 rows) and {@code gated} (3 rows of domain {@code gate}). */
  private Path exportGatedTables(TestDatabase source) {
    source.execute(
        "CREATE DOMAIN gate AS integer",
        "CREATE TABLE small (id integer PRIMARY KEY, note text)",
        "INSERT INTO small SELECT g, 'row ' || g FROM generate_series(1, 100) g",
        "CREATE TABLE gated (id integer PRIMARY KEY, g gate)",
        "INSERT INTO gated VALUES (1, 1), (2, 2), (3, 3)");
    Cli.Result r =
        Cli.run("export", "--url", source.uri(), "--out", work.resolve("snapshots").toString());
    assertEquals(0, r.exitCode(), r.err());
    return Path.of(r.out().trim());
  }

  /** Domain {@code gate}, whose check waits while the test holds {@link #GATE_LOCK}. */
  private static void createGate(TestDatabase target) {
    target.execute(
        "CREATE FUNCTION through_gate(integer) RETURNS boolean LANGUAGE sql AS"
            + " $$ SELECT true FROM pg_advisory_xact_lock_shared("
            + GATE_LOCK
            + ") $$",
        "CREATE DOMAIN gate AS integer CHECK (through_gate(VALUE))");
  }

  private static Connection holdGateLock(TestDatabase target) throws SQLException {
    Connection c = target.connect();
    try (Statement s = c.createStatement()) {
      s.execute("SELECT pg_advisory_lock(" + GATE_LOCK + ")");
    }
    return c;
  }

  private static boolean gateIsWaited(TestDatabase target) {
    return queryLong(
            target,
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                + " AND wait_event = 'advisory' AND query LIKE 'COPY%'")
        > 0;
  }

  private static List<String> tables(TestDatabase db) {
    List<String> names = new ArrayList<>();
    try (Connection c = db.connect();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")) {
      while (rs.next()) {
        names.add(rs.getString(1));
      }
      return names;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The rows of {@code table}, or -1 while it does not exist. */
  private static long rowsIfPresent(TestDatabase db, String table) {
    try (Connection c = db.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      return -1;
    }
  }

  private static long queryLong(TestDatabase db, String sql) {
    try (Connection c = db.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(sql + ": " + e, e);
    }
  }

  /** Waits for {@code condition}, while {@code pgsnap} (when not null) still runs. */
  private static void waitUntil(PgsnapProcess pgsnap, BooleanSupplier condition, String what) {
    PgsnapProcess.waitUntil(pgsnap, condition, what, START_LIMIT);
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
