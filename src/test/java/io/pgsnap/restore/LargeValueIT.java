package io.pgsnap.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgsnap.snapshot.OperationLog;
import io.pgsnap.testsupport.Cli;
import io.pgsnap.testsupport.OnOneServer;
import io.pgsnap.testsupport.PgServer;
import io.pgsnap.testsupport.PgsnapProcess;
import io.pgsnap.testsupport.Snapshots;
import io.pgsnap.testsupport.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;

/**
 * One very large value, in both formats: it comes back exactly, a restore streams it through a heap
 * smaller than the value, and running out of memory where a whole row must be held is one line
 * naming the table and what to do.
 */
class LargeValueIT {
  /**
   * Every kind of character the formats escape or encode differently: a backslash, a tab, a double
   * quote, a newline, a carriage return, a control character, and two- and four-byte UTF-8.
   */
  private static final String PIECE = "E'ab\\\\c\\td\"e\\nf\\rü😀\\x01 '";

  private static final int PIECE_BYTES = 19;

  private static final Duration LIMIT = Duration.ofMinutes(3);
  private static final List<String> SMALL_HEAP = List.of("-Xmx64m");

  @TempDir Path out;
  @TempDir Path work;

  @OnOneServer
  void aSixtyFourMebibyteValueComesBackExactlyInBothFormats(PgServer server) throws SQLException {
    try (TestDatabase source = server.createDatabase()) {
      createLargeValue(source, 64 * 1024 * 1024);
      String expected = digestOf(source);
      for (String format : List.of("csv", "jsonl")) {
        try (TestDatabase target = server.createDatabase()) {
          String snapshot = export(source, format).toString();
          Cli.Result deep = Cli.run("verify", snapshot, "--deep");
          assertEquals(0, deep.exitCode(), deep::all);
          String url = target.uri();

          Cli.Result restored =
              Cli.run("restore", snapshot, "--url", url, "--create", "--verify-content");

          assertEquals(0, restored.exitCode(), restored::all);
          assertEquals(expected, digestOf(target), format);
        }
      }
    }
  }

  @OnOneServer
  void aRestoreStreamsAValueLargerThanItsHeapInBothFormats(PgServer server) throws SQLException {
    try (TestDatabase source = server.createDatabase()) {
      createLargeValue(source, 96 * 1024 * 1024);
      String expected = digestOf(source);
      for (String format : List.of("csv", "jsonl")) {
        Path snapshot = export(source, format);
        try (TestDatabase target = server.createDatabase()) {
          PgsnapProcess.Exit exit =
              run(
                  target,
                  "restore",
                  snapshot.toString(),
                  "--url",
                  target.uriWithoutPassword(),
                  "--create");

          assertEquals(0, exit.status(), exit.err());
          assertEquals(expected, digestOf(target), format);
        }
      }
    }
  }

  @OnOneServer
  void anExportThatRunsOutOfMemoryFailsInOneLineNamingTheTableAndLeavesNoSnapshot(PgServer server) {
    try (TestDatabase source = server.createDatabase()) {
      createLargeValue(source, 96 * 1024 * 1024);

      PgsnapProcess.Exit exit =
          run(
              source,
              "export",
              "--url",
              source.uriWithoutPassword(),
              "--out",
              out.toString(),
              "--format",
              "jsonl");

      assertEquals(1, exit.status(), exit.err());
      assertEquals(
          "pgsnap: ran out of memory exporting table public.big (Java heap at most N MiB): give"
              + " Java a larger heap, e.g. PGSNAP_JAVA_OPTS='-XX:+UseSerialGC -Xmx4g' (pgsnap needs"
              + " about twice the largest row)\n",
          withoutHeapSize(exit.err()));
      assertEquals(List.of(OperationLog.FILE_NAME), Snapshots.entries(out));
    }
  }

  @OnOneServer
  void aRestoreThatRunsOutOfMemoryReadingBackFailsInOneLineAndRollsBack(PgServer server)
      throws SQLException {
    try (TestDatabase source = server.createDatabase();
        TestDatabase target = server.createDatabase()) {
      createLargeValue(source, 96 * 1024 * 1024);
      Path snapshot = export(source, "jsonl");

      PgsnapProcess.Exit exit =
          run(
              target,
              "restore",
              snapshot.toString(),
              "--url",
              target.uriWithoutPassword(),
              "--create",
              "--verify-content",
              "--quiet");

      assertEquals(1, exit.status(), exit.err());
      assertTrue(
          exit.err()
              .startsWith(
                  "pgsnap: ran out of memory reading back table public.big (Java heap at most "),
          exit.err());
      assertTrue(
          exit.err()
              .endsWith("; nothing was changed (the restore's transaction was rolled back)\n"),
          exit.err());
      assertEquals(1, exit.err().lines().count(), exit.err());
      assertEquals(0L, count(target, "SELECT count(*) FROM pg_tables WHERE tablename = 'big'"));
    }
  }

  /**
   * A table {@code big} of one row whose text value is {@code bytes} long, give or take a piece.
   */
  private static void createLargeValue(TestDatabase db, int bytes) {
    int pieces = bytes / PIECE_BYTES;
    db.execute(
        "CREATE TABLE big (id integer PRIMARY KEY, v text)",
        "INSERT INTO big VALUES (1, repeat(" + PIECE + ", " + pieces + "))");
  }

  private Path export(TestDatabase db, String format) {
    Cli.Result result =
        Cli.run(
            "export",
            "--url",
            db.uri(),
            "--out",
            out.resolve(format).toString(),
            "--format",
            format,
            "--quiet");
    assertEquals(0, result.exitCode(), result::all);
    return Path.of(result.out().strip());
  }

  /** pgsnap in a JVM of its own whose heap is smaller than the value. */
  private PgsnapProcess.Exit run(TestDatabase db, String... args) {
    try (PgsnapProcess pgsnap =
        PgsnapProcess.start(
            work, Map.of("PGPASSWORD", db.server().superuserPassword()), SMALL_HEAP, args)) {
      return pgsnap.waitFor(LIMIT);
    }
  }

  /** The JVM reports a little less than -Xmx as its heap, depending on the collector. */
  private static String withoutHeapSize(String message) {
    return message.replaceAll("at most \\d+ MiB", "at most N MiB");
  }

  private static String digestOf(TestDatabase db) throws SQLException {
    try (Connection c = db.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT octet_length(v) || ' ' || md5(v) FROM big")) {
      rs.next();
      return rs.getString(1);
    }
  }

  private static long count(TestDatabase db, String sql) throws SQLException {
    try (Connection c = db.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
