package io.pgsnap.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pgsnap.ErrorCode;
import io.pgsnap.ExportOptions;
import io.pgsnap.Pgsnap;
import io.pgsnap.PgsnapException;
import io.pgsnap.ProgressListener;
import io.pgsnap.catalog.TableId;
import io.pgsnap.snapshot.Compression;
import io.pgsnap.snapshot.OperationLog;
import io.pgsnap.testsupport.AcrossServers;
import io.pgsnap.testsupport.Cli;
import io.pgsnap.testsupport.OnOneServer;
import io.pgsnap.testsupport.PgServer;
import io.pgsnap.testsupport.Snapshots;
import io.pgsnap.testsupport.TestDatabase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every way an export can fail gives one clear message, its exit status, and no snapshot. The
 * failures are pgsnap's own handling of what the driver reports, and run on one server; row
 * security, which pgsnap finds through the catalog, runs on every major.
 */
class ExportFailureIT {
  private static final String SECRET = "Sup3r-Secret-Pw";

  @TempDir Path out;

  private static String url(PgServer server, String user, String password, String database) {
    return "postgresql://"
        + user
        + ":"
        + password
        + "@"
        + server.host()
        + ":"
        + server.port()
        + "/"
        + database;
  }

  /** The output folder holds nothing but the operation log: no snapshot, complete or partial. */
  private void assertNoSnapshotLeft() {
    if (Files.exists(out)) {
      assertTrue(
          Snapshots.entries(out).stream().allMatch(OperationLog.FILE_NAME::equals),
          () -> "left behind: " + Snapshots.entries(out));
    }
  }

  private Cli.Result export(String url, String... more) {
    List<String> args =
        Stream.concat(Stream.of("export", "--url", url, "--out", out.toString()), Stream.of(more))
            .toList();
    return Cli.run(args.toArray(String[]::new));
  }

  private static void createRole(TestDatabase db, String role, String... grants) {
    db.execute(
        "CREATE ROLE " + role + " LOGIN PASSWORD '" + SECRET + "'",
        "GRANT CONNECT ON DATABASE " + db.name() + " TO " + role,
        "GRANT USAGE ON SCHEMA public TO " + role);
    for (String grant : grants) {
      db.execute(grant);
    }
  }

  @OnOneServer
  void aWrongPasswordIsAConnectionFailureThatNamesTheUser(PgServer server) {
    try (TestDatabase db = server.createDatabase()) {
      Cli.Result r = export(url(server, server.superuser(), SECRET, db.name()));
      assertEquals(ErrorCode.CONNECTION.exitStatus(), r.exitCode(), r.err());
      assertTrue(r.err().contains("password authentication failed"), r.err());
      assertTrue(r.err().contains(server.superuser()), r.err());
      assertFalse(r.all().contains(SECRET), "the password must never be printed");
      assertNoSnapshotLeft();
    }
  }

  @OnOneServer
  void anUnknownHostIsAConnectionFailureThatNamesTheHost(PgServer server) {
    Cli.Result r = export("postgresql://u:" + SECRET + "@no-such-host.invalid:5432/db");
    assertEquals(ErrorCode.CONNECTION.exitStatus(), r.exitCode(), r.err());
    assertTrue(r.err().contains("no-such-host.invalid"), r.err());
    assertFalse(r.all().contains(SECRET));
    assertNoSnapshotLeft();
  }

  @OnOneServer
  void aMissingDatabaseIsAConnectionFailureThatNamesIt(PgServer server) {
    Cli.Result r =
        export(url(server, server.superuser(), server.superuserPassword(), "no_such_database"));
    assertEquals(ErrorCode.CONNECTION.exitStatus(), r.exitCode(), r.err());
    assertTrue(r.err().contains("no_such_database"), r.err());
    assertTrue(r.err().contains("does not exist"), r.err());
    assertNoSnapshotLeft();
  }

  @OnOneServer
  void sslModeRequireAgainstAServerWithoutSslIsAConnectionFailureThatSaysSo(PgServer server) {
    try (TestDatabase db = server.createDatabase()) {
      Cli.Result r = export(db.uri() + "?sslmode=require");
      assertEquals(ErrorCode.CONNECTION.exitStatus(), r.exitCode(), r.err());
      assertTrue(r.err().contains("SSL"), r.err());
      assertTrue(r.err().contains("sslmode"), r.err());
      assertNoSnapshotLeft();
    }
  }

  @OnOneServer
  void aTablePatternThatMatchesNothingIsAUsageError(PgServer server) {
    try (TestDatabase db = server.createDatabase()) {
      db.execute("CREATE TABLE present (x integer)");
      Cli.Result r = export(db.uri(), "--table", "absent*");
      assertEquals(ErrorCode.USAGE.exitStatus(), r.exitCode(), r.err());
      assertTrue(r.err().contains("absent*"), r.err());
      assertNoSnapshotLeft();
    }
  }

  @OnOneServer
  void aTableTheUserCannotReadFailsTheExportAndIsNamed(PgServer server) {
    try (TestDatabase db = server.createDatabase()) {
      String role = db.name() + "_reader";
      db.execute(
          "CREATE TABLE open_data (x integer)",
          "CREATE TABLE payroll (salary integer)",
          "INSERT INTO payroll VALUES (1)");
      createRole(db, role, "GRANT SELECT ON open_data TO " + role);
      Cli.Result r = export(url(server, role, SECRET, db.name()));
      assertEquals(ErrorCode.PERMISSION.exitStatus(), r.exitCode(), r.err());
      assertTrue(r.err().contains("public.payroll"), r.err());
      assertFalse(r.err().contains("open_data"), r.err());
      assertTrue(r.err().contains("--exclude-table"), r.err());
      assertNoSnapshotLeft();

      Cli.Result without =
          export(url(server, role, SECRET, db.name()), "--exclude-table", "payroll");
      assertEquals(0, without.exitCode(), without.err());
    }
  }

  @AcrossServers
  void rowSecurityThatWouldHideRowsFailsTheExportAndNamesTheTable(PgServer server) {
    try (TestDatabase db = server.createDatabase()) {
      String role = db.name() + "_rls";
      db.execute(
          "CREATE TABLE secrets (owner_name text, secret text)",
          "ALTER TABLE secrets ENABLE ROW LEVEL SECURITY",
          "CREATE POLICY own ON secrets USING (owner_name = current_user)",
          "INSERT INTO secrets VALUES ('someone', 'x')");
      createRole(db, role, "GRANT SELECT ON secrets TO " + role);
      Cli.Result r = export(url(server, role, SECRET, db.name()));
      assertEquals(ErrorCode.PERMISSION.exitStatus(), r.exitCode(), r.err());
      assertTrue(r.err().contains("row-level security"), r.err());
      assertTrue(r.err().contains("public.secrets"), r.err());
      assertTrue(r.err().contains("BYPASSRLS"), r.err());
      assertNoSnapshotLeft();
    }
  }

  @AcrossServers
  void theTableOwnerExportsATableWithRowSecurityInFull(PgServer server) {
    try (TestDatabase db = server.createDatabase()) {
      db.execute(
          "CREATE TABLE secrets (owner_name text, secret text)",
          "ALTER TABLE secrets ENABLE ROW LEVEL SECURITY",
          "CREATE POLICY own ON secrets USING (owner_name = current_user)",
          "INSERT INTO secrets VALUES ('someone', 'x'), ('other', 'y')");
      var result = Pgsnap.using(db.dataSource()).export(ExportOptions.defaults(out));
      assertEquals(2, result.manifest().tables().get(0).rows());
    }
  }

  @OnOneServer
  void aConnectionKilledMidCopyFailsNamingTheTableAndLeavesNoSnapshot(PgServer server) {
    try (TestDatabase db = server.createDatabase()) {
      db.execute(
          "CREATE TABLE big AS SELECT g AS id, repeat(md5(g::text), 4) AS v"
              + " FROM generate_series(1, 300000) g");
      AtomicBoolean killed = new AtomicBoolean();
      ProgressListener killer =
          new ProgressListener() {
            @Override
            public void advanced(TableId table, long rows, long bytes) {
              if (killed.compareAndSet(false, true)) {
                db.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                        + " WHERE datname = current_database() AND pid <> pg_backend_pid()");
              }
            }
          };
      PgsnapException e =
          assertThrows(
              PgsnapException.class,
              () ->
                  Pgsnap.using(db.dataSource())
                      .withProgress(killer)
                      .export(ExportOptions.defaults(out)));
      assertTrue(killed.get());
      assertEquals(ErrorCode.CONNECTION, e.code(), e.getMessage());
      assertTrue(e.getMessage().contains("public.big"), e.getMessage());
      assertNoSnapshotLeft();
    }
  }

  @OnOneServer
  void aFullDiskFailsTheExportSayingSoAndLeavesNoSnapshot(PgServer server) throws Exception {
    assumeTrue(
        "root".equals(System.getProperty("user.name")),
        "simulating a full disk mounts a small tmpfs, which needs root (CI runs as root)");
    Path small = Files.createDirectories(out.resolve("small"));
    run("mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", small.toString());
    try (TestDatabase db = server.createDatabase()) {
      db.execute(
          "CREATE TABLE big AS SELECT g AS id, md5(g::text) AS v FROM generate_series(1, 50000) g");
      Path snapshots = small.resolve("backups");
      PgsnapException e =
          assertThrows(
              PgsnapException.class,
              () ->
                  Pgsnap.using(db.dataSource())
                      .export(ExportOptions.defaults(snapshots).withCompression(Compression.NONE)));
      assertEquals(ErrorCode.STORAGE, e.code(), e.getMessage());
      assertTrue(e.getMessage().startsWith("disk full while writing "), e.getMessage());
      try (Stream<Path> left = Files.list(snapshots)) {
        assertTrue(
            left.allMatch(p -> p.getFileName().toString().equals(OperationLog.FILE_NAME)),
            "no snapshot may be left on the full disk");
      }
    } finally {
      run("umount", small.toString());
    }
  }

  @OnOneServer
  void thePasswordReachesNoOutputManifestOrLogAndDrawsAWarning(PgServer server) throws Exception {
    try (TestDatabase db = server.createDatabase()) {
      String role = db.name() + "_owner";
      db.execute(
          "CREATE ROLE " + role + " LOGIN PASSWORD '" + SECRET + "'",
          "GRANT ALL ON DATABASE " + db.name() + " TO " + role,
          "GRANT ALL ON SCHEMA public TO " + role);
      db.execute(
          "SET ROLE " + role + "; CREATE TABLE mine (x integer); INSERT INTO mine VALUES (1)");
      Cli.Result r = export(url(server, role, SECRET, db.name()), "--json");
      assertEquals(0, r.exitCode(), r.err());
      assertTrue(r.err().contains("warning: a password in --url"), r.err());
      assertFalse(r.all().contains(SECRET));
      try (Stream<Path> files = Files.walk(out)) {
        for (Path f : files.filter(Files::isRegularFile).toList()) {
          String content = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
          assertFalse(content.contains(SECRET), () -> "password found in " + f);
        }
      }
    }
  }

  @OnOneServer
  void aFailedExportIsRecordedInTheOperationLog(PgServer server) throws Exception {
    try (TestDatabase db = server.createDatabase()) {
      db.execute("CREATE TABLE present (x integer)");
      export(db.uri(), "--table", "absent");
      List<String> lines = Files.readAllLines(out.resolve(OperationLog.FILE_NAME));
      assertEquals(1, lines.size());
      JsonNode entry = new ObjectMapper().readTree(lines.get(0));
      assertEquals("failure", entry.get("outcome").asText());
      assertEquals("usage", entry.get("errorCode").asText());
      List<String> fields = new java.util.ArrayList<>();
      entry.fieldNames().forEachRemaining(fields::add);
      assertEquals(
          List.of("time", "command", "outcome", "durationMs", "errorCode", "error"), fields);
    }
  }

  @OnOneServer
  void aFailureThatQuotesARowValueLogsOnlyItsSqlstate(PgServer server) throws Exception {
    // A partition read through file_fdw fails on a value the server quotes in its message.
    Path rows = Files.createTempFile(Path.of("/tmp"), "pgsnap-cards-", ".csv");
    try (TestDatabase db = server.createDatabase()) {
      Files.writeString(rows, "1,4111-1111-1111-1111\n");
      Files.setPosixFilePermissions(rows, PosixFilePermissions.fromString("rw-r--r--"));
      db.execute(
          "CREATE EXTENSION file_fdw",
          "CREATE SERVER files FOREIGN DATA WRAPPER file_fdw",
          "CREATE TABLE cards (id integer, number bigint) PARTITION BY RANGE (id)",
          "CREATE FOREIGN TABLE cards_old PARTITION OF cards FOR VALUES FROM (0) TO (100)"
              + " SERVER files OPTIONS (filename '"
              + rows
              + "', format 'csv')");

      Cli.Result r = export(db.uri());

      assertEquals(ErrorCode.FAILURE.exitStatus(), r.exitCode(), r.err());
      assertTrue(r.err().contains("4111-1111-1111-1111"), r.err());
      List<String> lines = Files.readAllLines(out.resolve(OperationLog.FILE_NAME));
      JsonNode entry = new ObjectMapper().readTree(lines.get(lines.size() - 1));
      assertEquals(
          "export of public.cards failed: SQLSTATE 22P02 (row values are not logged)",
          entry.get("error").asText());
    } finally {
      Files.deleteIfExists(rows);
    }
  }

  private static void run(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
    }
  }
}
