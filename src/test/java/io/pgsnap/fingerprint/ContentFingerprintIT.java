package io.pgsnap.fingerprint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pgsnap.testsupport.AcrossServers;
import io.pgsnap.testsupport.Cli;
import io.pgsnap.testsupport.OnOneServer;
import io.pgsnap.testsupport.PgServer;
import io.pgsnap.testsupport.Tampering;
import io.pgsnap.testsupport.TestDatabase;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11's fingerprints, end to end: an export records each table's content fingerprint, and the
 * same value comes back from the other format, from {@code verify --deep}, and from a restore that
 * reads its tables back. On every major, with the edge-case database of every type kind.
 */
class ContentFingerprintIT {
  private static final String EDGE_CASES = "/restore/empty-database/edge-cases.sql";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path out;

  @AcrossServers
  void csvAndJsonLinesExportsRecordTheSameFingerprintsAndVerifyDeepRecomputesThem(PgServer server)
      throws IOException {
    try (TestDatabase source = server.createDatabase(EDGE_CASES)) {
      Path csv = export(source, "--format", "csv");
      Path jsonLines = export(source, "--format", "jsonl", "--compress", "gzip");

      Map<String, JsonNode> fingerprints = fingerprints(csv);
      assertEquals(fingerprints, fingerprints(jsonLines));
      assertTrue(fingerprints.values().stream().anyMatch(f -> f.get("rows").asLong() > 0));
      for (Path snapshot : List.of(csv, jsonLines)) {
        Cli.Result deep = Cli.run("verify", snapshot.toString(), "--deep");
        assertEquals(0, deep.exitCode(), deep::all);
      }
    }
  }

  @AcrossServers
  void aRestoreWithVerifyContentReadsEveryTableBackWithTheExportsFingerprint(PgServer server)
      throws IOException {
    try (TestDatabase source = server.createDatabase(EDGE_CASES);
        TestDatabase target = server.createDatabase()) {
      Path snapshot = export(source, "--format", "jsonl");

      Cli.Result restored =
          Cli.run(
              "restore",
              snapshot.toString(),
              "--url",
              target.uri(),
              "--create",
              "--verify-content",
              "--json");

      assertEquals(0, restored.exitCode(), restored::all);
      assertEquals(
          fingerprints(snapshot).size(),
          JSON.readTree(restored.out()).get("contentChecked").asInt());
      assertEquals(fingerprints(snapshot), fingerprints(export(target, "--format", "csv")));
    }
  }

  @AcrossServers
  void aFileEditedWithItsChecksumsRecomputedPassesVerifyButNotVerifyDeep(PgServer server)
      throws SQLException {
    try (TestDatabase source = notes(server)) {
      Path snapshot = export(source, "--compress", "none");
      Tampering.editTableFile(snapshot, "notes", text -> text.replace("beta", "bETA"));

      Cli.Result quick = Cli.run("verify", snapshot.toString());
      Cli.Result deep = Cli.run("verify", snapshot.toString(), "--deep");

      assertEquals(0, quick.exitCode(), quick::all);
      assertEquals(3, deep.exitCode(), deep::all);
      assertTrue(
          deep.out()
              .startsWith(
                  "tables/public.notes.csv: holds other values than the snapshot recorded: its"
                      + " content fingerprint "),
          deep.out());
    }
  }

  @OnOneServer
  void aRestoreWithVerifyContentOfAnEditedFileRollsBackAndExits3(PgServer server)
      throws SQLException {
    try (TestDatabase source = notes(server);
        TestDatabase target = server.createDatabase()) {
      Path snapshot = export(source, "--compress", "none");
      Tampering.editTableFile(snapshot, "notes", text -> text.replace("beta", "bETA"));

      Cli.Result restored =
          Cli.run(
              "restore",
              snapshot.toString(),
              "--url",
              target.uri(),
              "--create",
              "--verify-content");

      assertEquals(3, restored.exitCode(), restored::all);
      assertTrue(
          restored
              .err()
              .contains(
                  "public.notes does not hold the values the snapshot recorded after loading"
                      + " tables/public.notes.csv"),
          restored.err());
      assertFalse(tableExists(target, "notes"));
    }
  }

  @OnOneServer
  void aTargetColumnThatRoundsValuesFailsVerifyContentAndKeepsTheTargetEmpty(PgServer server)
      throws SQLException {
    try (TestDatabase source = server.createDatabase();
        TestDatabase target = server.createDatabase()) {
      source.execute(
          "CREATE TABLE prices (id integer PRIMARY KEY, amount numeric(10,2))",
          "INSERT INTO prices VALUES (1, 1.25), (2, 2.50)");
      target.execute("CREATE TABLE prices (id integer PRIMARY KEY, amount numeric(10,1))");
      Path snapshot = export(source);

      Cli.Result restored =
          Cli.run(
              "restore",
              snapshot.toString(),
              "--url",
              target.uri(),
              "--allow-type-changes",
              "--verify-content");

      assertEquals(3, restored.exitCode(), restored::all);
      assertEquals(0, count(target, "prices"));
    }
  }

  private static TestDatabase notes(PgServer server) {
    TestDatabase db = server.createDatabase();
    db.execute(
        "CREATE TABLE notes (id integer PRIMARY KEY, note text)",
        "INSERT INTO notes VALUES (1, 'alpha'), (2, 'beta'), (3, 'gamma')");
    return db;
  }

  /** {@code pgsnap export} of every schema of {@code db} but pgsnap's test extras. */
  private Path export(TestDatabase db, String... options) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "export",
                "--url",
                db.uri(),
                "--schema",
                "*",
                "--out",
                out.resolve(db.name() + "-" + options.length + "-" + String.join("", options))
                    .toString(),
                "--quiet"));
    args.addAll(List.of(options));
    Cli.Result exported = Cli.run(args.toArray(String[]::new));
    assertEquals(0, exported.exitCode(), exported::all);
    return Path.of(exported.out().strip());
  }

  /** Each table's recorded fingerprint, by schema-qualified name. */
  private static Map<String, JsonNode> fingerprints(Path snapshot) throws IOException {
    Map<String, JsonNode> byTable = new TreeMap<>();
    for (JsonNode t : JSON.readTree(snapshot.resolve("manifest.json").toFile()).get("tables")) {
      byTable.put(t.get("schema").asText() + "." + t.get("name").asText(), t.get("fingerprint"));
    }
    return byTable;
  }

  private static boolean tableExists(TestDatabase db, String name) throws SQLException {
    try (Connection c = db.connect();
        ResultSet rs =
            c.createStatement()
                .executeQuery("SELECT to_regclass('public." + name + "') IS NOT NULL")) {
      rs.next();
      return rs.getBoolean(1);
    }
  }

  private static long count(TestDatabase db, String table) throws SQLException {
    try (Connection c = db.connect();
        ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM " + table)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
