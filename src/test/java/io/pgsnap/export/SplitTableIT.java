package io.pgsnap.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pgsnap.ExportOptions;
import io.pgsnap.Pgsnap;
import io.pgsnap.ProgressListener;
import io.pgsnap.catalog.CatalogReader;
import io.pgsnap.catalog.Table;
import io.pgsnap.catalog.TableSelection;
import io.pgsnap.fingerprint.Fingerprint;
import io.pgsnap.testsupport.AcrossServers;
import io.pgsnap.testsupport.Cli;
import io.pgsnap.testsupport.DatabaseContents;
import io.pgsnap.testsupport.OnOneServer;
import io.pgsnap.testsupport.PgServer;
import io.pgsnap.testsupport.Tampering;
import io.pgsnap.testsupport.TestDatabase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12's one big table split across workers: {@code export --jobs N} stores a table above
 * {@code --split-above} as block-range parts read under the export's one snapshot, and everything
 * that reads a snapshot reads them.
 */
class SplitTableIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path out;

  @AcrossServers
  void aSplitExportRestoresExactlyInParallelAndInOneTransactionAndPassesEveryCheck(PgServer server)
      throws IOException, InterruptedException {
    try (TestDatabase source = bigDatabase(server);
        TestDatabase parallel = server.createDatabase();
        TestDatabase single = server.createDatabase()) {
      Path snapshot = export(source, "--jobs", "3", "--split-above", "1MiB");

      JsonNode big = table(snapshot, "big");
      assertEquals(3, big.get("parts").size());
      assertFalse(big.has("file"));
      assertEquals(40_000, big.get("rows").asLong());
      assertEquals(partsSum(big), fingerprint(big));
      assertEquals(0, big.get("parts").get(0).get("fromBlock").asLong());
      assertEquals(
          big.get("parts").get(0).get("toBlock").asLong(),
          big.get("parts").get(1).get("fromBlock").asLong());
      assertFalse(big.get("parts").get(2).has("toBlock"));
      assertTrue(table(snapshot, "refs").has("file"));
      assertEquals("", sha256sumCheck(snapshot));
      assertSucceeds(Cli.run("verify", snapshot.toString(), "--deep"));
      assertSucceeds(Cli.run("inspect", snapshot.toString()));
      assertSucceeds(Cli.run("compare", snapshot.toString(), "--url", source.uri(), "--content"));

      assertSucceeds(restore(snapshot, parallel, "--create", "--jobs", "2", "--verify-content"));
      assertSucceeds(restore(snapshot, single, "--create", "--verify-content"));

      assertEquals(DatabaseContents.rows(source), DatabaseContents.rows(parallel));
      assertEquals(DatabaseContents.rows(source), DatabaseContents.rows(single));
    }
  }

  @OnOneServer
  void thePartsAreReadWithTidRangeScans(PgServer server) throws SQLException {
    try (TestDatabase source = bigDatabase(server);
        Connection c = source.connect()) {
      c.createStatement().execute("SET search_path = ''");
      Table big =
          new CatalogReader(c)
              .read(new TableSelection(List.of(), List.of("big"), List.of(), List.of()))
              .tables()
              .get(0);

      String closed = explain(c, TableCopy.selectSql(big, new BlockRange(10, 20L)));
      String openEnded = explain(c, TableCopy.selectSql(big, new BlockRange(20, null)));

      assertTrue(closed.startsWith("Tid Range Scan on big"), closed);
      assertTrue(openEnded.startsWith("Tid Range Scan on big"), openEnded);
    }
  }

  @OnOneServer
  void rowsChangedDuringASplitExportDoNotReachIt(PgServer server) throws IOException {
    try (TestDatabase source = bigDatabase(server);
        TestDatabase target = server.createDatabase()) {
      String before = DatabaseContents.rows(source);
      ProgressListener writesOnceTheSnapshotIsTaken =
          new ProgressListener() {
            @Override
            public void planned(int tables, long estimatedRows, long estimatedBytes) {
              source.execute(
                  "UPDATE big SET payload = 'changed' WHERE id % 3 = 0",
                  "DELETE FROM big WHERE id > 39000",
                  "INSERT INTO big SELECT i, repeat('x', 200) FROM generate_series(40001, 45000) i");
            }
          };

      Path snapshot =
          Pgsnap.using(source.dataSource())
              .withProgress(writesOnceTheSnapshotIsTaken)
              .export(
                  ExportOptions.defaults(out)
                      .withJobs(2)
                      .withSplitAbove(1L << 20)
                      .withSelection(TableSelection.defaults()))
              .snapshot();

      assertEquals(2, table(snapshot, "big").get("parts").size());
      assertNotEquals(before, DatabaseContents.rows(source));
      assertSucceeds(restore(snapshot, target, "--create", "--jobs", "2"));
      assertEquals(before, DatabaseContents.rows(target));
    }
  }

  @OnOneServer
  void aDamagedPartIsNamedByVerifyAndRefusedByRestore(PgServer server) throws IOException {
    try (TestDatabase source = bigDatabase(server);
        TestDatabase target = server.createDatabase()) {
      Path snapshot = export(source, "--jobs", "2", "--split-above", "1MiB", "--compress", "none");
      Path part = snapshot.resolve("tables/public.big.p002.csv");
      byte[] bytes = Files.readAllBytes(part);
      bytes[bytes.length / 2] ^= 1;
      Files.write(part, bytes);

      Cli.Result verify = Cli.run("verify", snapshot.toString());
      Cli.Result restore = restore(snapshot, target, "--create", "--jobs", "2");

      assertEquals(3, verify.exitCode(), verify::all);
      assertTrue(verify.out().contains("tables/public.big.p002.csv"), verify::all);
      assertFalse(verify.out().contains("tables/public.big.p001.csv"), verify::all);
      assertEquals(3, restore.exitCode(), restore::all);
      assertTrue(restore.err().contains("tables/public.big.p002.csv"), restore::all);
      assertEquals(0, count(target, "pg_class WHERE relname IN ('big', 'refs')"));
    }
  }

  @OnOneServer
  void partsThatDoNotAddUpToTheirTableAreRefused(PgServer server) {
    try (TestDatabase source = bigDatabase(server)) {
      Path snapshot = export(source, "--jobs", "2", "--split-above", "1MiB");
      Tampering.editTable(snapshot, "big", t -> t.put("rows", t.get("rows").asLong() + 1));

      Cli.Result verify = Cli.run("verify", snapshot.toString());

      assertEquals(3, verify.exitCode(), verify::all);
      assertTrue(
          verify.out().contains("rows of public.big is 40001 but its parts add up to 40000"),
          verify::all);
    }
  }

  @OnOneServer
  void aSplitAndAOneFileSnapshotOfTheSameDataCompareAsEqual(PgServer server) {
    try (TestDatabase source = bigDatabase(server)) {
      Path split = export(source, "--jobs", "2", "--split-above", "1MiB");
      Path whole = export(source);

      Cli.Result compared = Cli.run("compare", split.toString(), whole.toString());

      assertSucceeds(compared);
    }
  }

  @OnOneServer
  void aDrillOfASplitSnapshotPasses(PgServer server) throws IOException {
    try (TestDatabase source = bigDatabase(server)) {
      Path snapshot = export(source, "--jobs", "2", "--split-above", "1MiB");

      Cli.Result drill = Cli.run("drill", snapshot.toString(), "--url", source.uri(), "--json");

      assertSucceeds(drill);
      assertEquals(40_050, JSON.readTree(drill.out()).get("rows").asLong(), drill::all);
    }
  }

  @OnOneServer
  void restoringOnlyASplitTableLoadsAllItsParts(PgServer server) {
    try (TestDatabase source = bigDatabase(server);
        TestDatabase target = server.createDatabase()) {
      Path snapshot = export(source, "--jobs", "2", "--split-above", "1MiB");

      assertSucceeds(restore(snapshot, target, "--create", "--table", "big", "--jobs", "2"));

      assertEquals(40_000, count(target, "big"));
    }
  }

  @OnOneServer
  void aJsonLinesSplitTableLoadsIntoAnExistingEmptyTableWithJobs(PgServer server) {
    try (TestDatabase source = bigDatabase(server);
        TestDatabase target = bigDatabase(server)) {
      target.execute("TRUNCATE big, refs");
      Path snapshot = export(source, "--jobs", "2", "--split-above", "1MiB", "--format", "jsonl");

      assertSucceeds(restore(snapshot, target, "--jobs", "2"));

      assertEquals(DatabaseContents.rows(source), DatabaseContents.rows(target));
    }
  }

  @OnOneServer
  void aFormat5SnapshotStillRestores(PgServer server) {
    try (TestDatabase source = bigDatabase(server);
        TestDatabase target = server.createDatabase()) {
      // Format 5 wrote every table in one file, the shape format 6 keeps for unsplit tables.
      Path snapshot = export(source);
      Tampering.editManifest(snapshot, m -> m.put("formatVersion", 5), true);

      assertSucceeds(Cli.run("verify", snapshot.toString(), "--deep"));
      assertSucceeds(restore(snapshot, target, "--create", "--jobs", "2"));

      assertEquals(DatabaseContents.rows(source), DatabaseContents.rows(target));
    }
  }

  /** A table of about 6 MiB of heap, and a small one whose foreign key references it. */
  private static TestDatabase bigDatabase(PgServer server) {
    TestDatabase db = server.createDatabase();
    db.execute(
        "CREATE TABLE big (id integer PRIMARY KEY, payload text)",
        "INSERT INTO big SELECT i, repeat(md5(i::text), 4) FROM generate_series(1, 40000) i",
        "CREATE TABLE refs (id integer PRIMARY KEY, big_id integer REFERENCES big)",
        "INSERT INTO refs SELECT i, i * 7 FROM generate_series(1, 50) i");
    return db;
  }

  private Path export(TestDatabase db, String... options) {
    String folder = out.resolve(db.name() + "-" + String.join("", options)).toString();
    Cli.Result exported =
        Cli.run(
            Stream.concat(
                    Stream.of("export", "--url", db.uri(), "--out", folder, "--quiet"),
                    Stream.of(options))
                .toArray(String[]::new));
    assertSucceeds(exported);
    return Path.of(exported.out().strip());
  }

  private static Cli.Result restore(Path snapshot, TestDatabase target, String... options) {
    List<String> args =
        new ArrayList<>(List.of("restore", snapshot.toString(), "--url", target.uri(), "--yes"));
    args.addAll(List.of(options));
    return Cli.run(args.toArray(String[]::new));
  }

  private static void assertSucceeds(Cli.Result result) {
    assertEquals(0, result.exitCode(), result::all);
  }

  private static JsonNode table(Path snapshot, String name) throws IOException {
    for (JsonNode t : JSON.readTree(snapshot.resolve("manifest.json").toFile()).get("tables")) {
      if (t.get("name").asText().equals(name)) {
        return t;
      }
    }
    throw new AssertionError("no table " + name + " in the manifest");
  }

  private static Fingerprint fingerprint(JsonNode node) {
    JsonNode f = node.get("fingerprint");
    return new Fingerprint(f.get("rows").asLong(), f.get("sum").asText());
  }

  private static Fingerprint partsSum(JsonNode table) {
    Fingerprint sum = Fingerprint.EMPTY;
    for (JsonNode part : table.get("parts")) {
      sum = sum.plus(fingerprint(part));
    }
    return sum;
  }

  /** What {@code sha256sum -c --quiet} reports inside the snapshot: nothing when all files pass. */
  private static String sha256sumCheck(Path snapshot) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder("sha256sum", "-c", "--quiet", "SHA256SUMS")
            .directory(snapshot.toFile())
            .redirectErrorStream(true)
            .start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), output);
    return output;
  }

  private static String explain(Connection c, String query) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("EXPLAIN (COSTS OFF) " + query)) {
      rs.next();
      return rs.getString(1);
    }
  }

  private static long count(TestDatabase db, String table) {
    try (Connection c = db.connect();
        ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM " + table)) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new AssertionError(e);
    }
  }
}
