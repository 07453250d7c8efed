package io.pgsnap.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pgsnap.ExportOptions;
import io.pgsnap.ExportResult;
import io.pgsnap.Pgsnap;
import io.pgsnap.ProgressListener;
import io.pgsnap.catalog.Attached;
import io.pgsnap.catalog.Column;
import io.pgsnap.catalog.Table;
import io.pgsnap.catalog.TableId;
import io.pgsnap.catalog.TableSelection;
import io.pgsnap.db.SessionSettings;
import io.pgsnap.snapshot.Compression;
import io.pgsnap.snapshot.DataFormat;
import io.pgsnap.snapshot.Manifest;
import io.pgsnap.snapshot.ManifestJson;
import io.pgsnap.snapshot.ManifestTable;
import io.pgsnap.snapshot.OperationLog;
import io.pgsnap.testsupport.AcrossServers;
import io.pgsnap.testsupport.OnOneServer;
import io.pgsnap.testsupport.PgServer;
import io.pgsnap.testsupport.Snapshots;
import io.pgsnap.testsupport.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.io.TempDir;

/**
 * Export against real servers, on the database of edge cases in {@code export/edge-cases.sql} (with
 * the types of {@code export/edge-case-types.sql}). What the catalog and COPY print runs on every
 * major; how pgsnap writes, names and logs its files runs on one server.
 */
class ExportIT {
  private static final String EDGE_CASE_TYPES = "/export/edge-case-types.sql";
  private static final String EDGE_CASES = "/export/edge-cases.sql";
  private static final TableSelection EVERYTHING =
      new TableSelection(
          List.of("public", "app", "\"Other Schema\""), List.of(), List.of(), List.of());

  @TempDir Path out;

  private static void loadEdgeCases(TestDatabase db) {
    db.runScript(EDGE_CASE_TYPES);
    db.runScript(EDGE_CASES);
  }

  private static ExportResult export(TestDatabase db, ExportOptions options) {
    return Pgsnap.using(db.dataSource()).export(options);
  }

  private ExportOptions everything() {
    return ExportOptions.defaults(out).withSelection(EVERYTHING);
  }

  @AcrossServers
  void everyEdgeCaseTableIsExportedWithTheRowCountOfTheDatabase(PgServer server) throws Exception {
    try (TestDatabase db = server.createDatabase()) {
      loadEdgeCases(db);
      Manifest manifest = export(db, everything()).manifest();

      Map<String, Long> expected = liveRowCounts(db, manifest.tables());
      Map<String, Long> exported = new LinkedHashMap<>();
      manifest.tables().forEach(t -> exported.put(t.id().toString(), t.rows()));
      assertEquals(expected, exported);
      assertEquals(
          expected.values().stream().mapToLong(Long::longValue).sum(), manifest.totals().rows());
      assertEquals(25, manifest.tables().size(), () -> "tables: " + exported.keySet());
    }
  }

  @AcrossServers
  void everyCsvFileHoldsExactlyWhatCopyPrints(PgServer server) throws Exception {
    try (TestDatabase db = server.createDatabase()) {
      loadEdgeCases(db);
      ExportResult result = export(db, everything());
      for (ManifestTable t : result.manifest().tables()) {
        String expected = copyCsv(db, t);
        String actual = new String(Snapshots.content(result.snapshot(), t), StandardCharsets.UTF_8);
        assertEquals(expected, actual, () -> "content of " + t.file());
      }
    }
  }

  @AcrossServers
  void jsonLinesHoldEveryValueAsPostgresPrintsIt(PgServer server) throws Exception {
    try (TestDatabase db = server.createDatabase()) {
      loadEdgeCases(db);
      ExportResult result = export(db, everything().withFormat(DataFormat.JSONL));
      ObjectMapper json =
          new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
      for (ManifestTable t : result.manifest().tables()) {
        List<List<String>> expected = liveRowsAsText(db, t);
        List<List<String>> actual = new ArrayList<>();
        String text = new String(Snapshots.content(result.snapshot(), t), StandardCharsets.UTF_8);
        for (String line : text.lines().toList()) {
          JsonNode row = json.readTree(line);
          assertEquals(t.fileColumns(), fieldNames(row), () -> "keys in " + t.file());
          List<String> values = new ArrayList<>();
          for (String column : t.fileColumns()) {
            JsonNode v = row.get(column);
            values.add(
                v.isNull() ? null : v.isBoolean() ? (v.booleanValue() ? "t" : "f") : v.asText());
          }
          actual.add(values);
        }
        assertEquals(expected, actual, () -> "values of " + t.file());
      }
    }
  }

  @AcrossServers
  void integersAndBooleansAreJsonNumbersAndBooleansAndEverythingElseIsAString(PgServer server)
      throws Exception {
    try (TestDatabase db = server.createDatabase()) {
      db.execute(
          "CREATE TABLE t (i integer, b boolean, n numeric, d double precision, j jsonb)",
          "INSERT INTO t VALUES (42, true, 1.50, 'NaN', '{\"k\": 1}')");
      ExportResult result =
          export(
              db,
              ExportOptions.defaults(out)
                  .withFormat(DataFormat.JSONL)
                  .withCompression(Compression.NONE));
      String line = Files.readString(result.snapshot().resolve("tables/public.t.jsonl"));
      assertEquals(
          "{\"i\":42,\"b\":true,\"n\":\"1.50\",\"d\":\"NaN\",\"j\":\"{\\\"k\\\": 1}\"}\n", line);
    }
  }

  @OnOneServer
  void sha256sumAcceptsTheChecksumFile(PgServer server) throws Exception {
    try (TestDatabase db = server.createDatabase()) {
      loadEdgeCases(db);
      ExportResult result = export(db, everything());
      Process p =
          new ProcessBuilder("sha256sum", "--check", "--strict", "SHA256SUMS")
              .directory(result.snapshot().toFile())
              .redirectErrorStream(true)
              .start();
      String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertEquals(0, p.waitFor(), output);
      assertEquals(
          result.manifest().tables().size(),
          output.lines().filter(l -> l.endsWith(": OK")).count());
      String sums = Files.readString(result.snapshot().resolve("SHA256SUMS"));
      assertEquals(
          io.pgsnap.snapshot.Hashing.sha256Hex(sums.getBytes(StandardCharsets.UTF_8)),
          result.manifest().overallChecksum());
    }
  }

  @AcrossServers
  void theManifestValidatesAgainstItsSchemaInEveryFormatAndCompression(PgServer server)
      throws Exception {
    try (TestDatabase db = server.createDatabase()) {
      loadEdgeCases(db);
      for (DataFormat format : DataFormat.values()) {
        for (Compression compression : Compression.values()) {
          ExportResult result =
              export(
                  db,
                  everything()
                      .withFormat(format)
                      .withCompression(compression)
                      .withLabel("nightly"));
          assertEquals(
              List.of(),
              io.pgsnap.snapshot.ManifestSchema.load()
                  .problems(result.snapshot().resolve("manifest.json")),
              () -> format + "/" + compression);
        }
      }
    }
  }

  @AcrossServers
  void twoExportsOfUnchangedDataAreByteIdentical(PgServer server) throws Exception {
    try (TestDatabase db = server.createDatabase()) {
      loadEdgeCases(db);
      for (DataFormat format : DataFormat.values()) {
        for (Compression compression : Compression.values()) {
          ExportOptions options = everything().withFormat(format).withCompression(compression);
          ExportResult first = export(db, options);
          ExportResult second = export(db, options);
          assertEquals(
              Files.readString(first.snapshot().resolve("SHA256SUMS")),
              Files.readString(second.snapshot().resolve("SHA256SUMS")),
              () -> format + "/" + compression);
        }
      }
    }
  }

  @OnOneServer
  void fourParallelJobsWriteTheSameFilesAsOne(PgServer server) throws Exception {
    try (TestDatabase db = server.createDatabase()) {
      loadEdgeCases(db);
      ExportResult serial = export(db, everything());
      ExportResult parallel = export(db, everything().withJobs(4));
      assertEquals(
          Files.readString(serial.snapshot().resolve("SHA256SUMS")),
          Files.readString(parallel.snapshot().resolve("SHA256SUMS")));
      assertEquals(4, parallel.manifest().options().jobs());
    }
  }

  @AcrossServers
  void aPartitionedTableIsExportedOnceThroughItsRoot(PgServer server) throws Exception {
    try (TestDatabase db = server.createDatabase()) {
      loadEdgeCases(db);
      Manifest manifest = export(db, everything()).manifest();
      ManifestTable root = table(manifest, "public", "measurements");
      assertEquals(Table.Kind.PARTITIONED, root.kind());
      assertEquals(2000, root.rows());
      assertTrue(
          manifest.tables().stream().noneMatch(t -> t.name().startsWith("measurements_")),
          "partitions must not be exported on their own");
      assertEquals(
          List.of(
              "measurements_2023",
              "measurements_2024",
              "measurements_2024_h0",
              "measurements_2024_h1",
              "measurements_default"),
          root.partitions().stream().map(p -> p.id().name()).sorted().toList());
    }
  }

  @AcrossServers
  void theManifestOnDiskRecordsWhatIsAttachedToEachTable(PgServer server) throws Exception {
    try (TestDatabase db = server.createDatabase()) {
      loadEdgeCases(db);
      ExportResult result = export(db, everything());

      Manifest onDisk = new ManifestJson().read(result.snapshot().resolve("manifest.json"));
      Attached secrets = table(onDisk, "public", "secrets").attached();

      assertEquals(Manifest.FORMAT_VERSION, onDisk.formatVersion());
      assertEquals(result.manifest(), onDisk);
      assertEquals(server.superuser(), secrets.owner());
      assertEquals(
          new Attached.RowSecurity(
              true,
              false,
              List.of(
                  new Attached.Policy(
                      "own_rows",
                      true,
                      Attached.Policy.Command.ALL,
                      List.of("public"),
                      "(owner_name = CURRENT_USER)",
                      null))),
          secrets.rowSecurity());
    }
  }

  @AcrossServers
  void anInheritanceParentFileHoldsOnlyItsOwnRows(PgServer server) throws Exception {
    try (TestDatabase db = server.createDatabase()) {
      loadEdgeCases(db);
      ExportResult result = export(db, everything().withCompression(Compression.NONE));
      ManifestTable parent = table(result.manifest(), "public", "animal");
      ManifestTable child = table(result.manifest(), "public", "dog");
      assertEquals(1, parent.rows());
      assertEquals(2, child.rows());
      assertEquals(List.of(new TableId("public", "animal")), child.inheritsFrom());
      assertEquals(
          "id,name\n1,generic\n", Files.readString(result.snapshot().resolve(parent.file())));
    }
  }

  @AcrossServers
  void generatedColumnsAreDescribedButNotStored(PgServer server) throws Exception {
    try (TestDatabase db = server.createDatabase()) {
      loadEdgeCases(db);
      ExportResult result = export(db, everything().withCompression(Compression.NONE));
      ManifestTable t = table(result.manifest(), "public", "generated_identity");
      assertEquals(List.of("id", "by_default", "serial_col", "price", "quantity"), t.fileColumns());
      Column total =
          t.columns().stream().filter(c -> c.name().equals("total")).findFirst().orElseThrow();
      assertEquals(Column.Generated.STORED, total.generated());
      assertEquals(
          "id,by_default,serial_col,price,quantity\n100,1,1,1.50,2\n110,3,3,10.00,1\n",
          Files.readString(result.snapshot().resolve(t.file())));
    }
  }

  @AcrossServers
  void sequencesAreRecordedWithTheirValues(PgServer server) throws Exception {
    try (TestDatabase db = server.createDatabase()) {
      loadEdgeCases(db);
      Manifest manifest = export(db, everything()).manifest();
      Map<String, Long> values =
          manifest.sequences().stream()
              .collect(Collectors.toMap(s -> s.id().toString(), s -> s.lastValue()));
      assertEquals(1001L, values.get("public.invoice_numbers"));
      assertEquals(4L, values.get("public.generated_identity_serial_col_seq"));
      assertEquals(110L, values.get("public.generated_identity_id_seq"));
    }
  }

  @AcrossServers
  void parallelWorkersExportFromOneConsistentSnapshot(PgServer server) throws Exception {
    try (TestDatabase db = server.createDatabase()) {
      db.execute(
          "CREATE TABLE big1 AS SELECT g AS id, md5(g::text) AS v FROM generate_series(1, 200000) g",
          "CREATE TABLE big2 AS SELECT g AS id, md5(g::text) AS v FROM generate_series(1, 200000) g",
          "CREATE TABLE small (id integer)",
          "INSERT INTO small VALUES (1), (2)",
          "ANALYZE");
      AtomicBoolean inserted = new AtomicBoolean();
      AtomicReference<Throwable> listenerFailure = new AtomicReference<>();
      ProgressListener insertWhileBigTablesRun =
          new ProgressListener() {
            @Override
            public void tableStarted(TableId table) {
              // Both workers take a big table first; small is copied only after one finishes,
              // long after this committed insert.
              if (table.name().startsWith("big") && inserted.compareAndSet(false, true)) {
                try {
                  db.execute("INSERT INTO small VALUES (3)");
                } catch (RuntimeException e) {
                  listenerFailure.set(e);
                }
              }
            }
          };
      ExportResult result =
          Pgsnap.using(db.dataSource())
              .withProgress(insertWhileBigTablesRun)
              .export(ExportOptions.defaults(out).withJobs(2));
      assertEquals(null, listenerFailure.get());
      assertTrue(inserted.get());
      assertEquals(2, table(result.manifest(), "public", "small").rows());
      assertEquals(3, count(db, "SELECT count(*) FROM small"));
    }
  }

  @AcrossServers
  void aConcurrentTruncateWaitsUntilTheExportEnds(PgServer server) throws Exception {
    try (TestDatabase db = server.createDatabase()) {
      db.execute(
          "CREATE TABLE a AS SELECT g AS id FROM generate_series(1, 100000) g",
          "CREATE TABLE b AS SELECT g AS id FROM generate_series(1, 10) g",
          "ANALYZE");
      AtomicReference<String> truncateOutcome = new AtomicReference<>();
      ProgressListener truncateDuringExport =
          new ProgressListener() {
            @Override
            public void tableStarted(TableId table) {
              if (table.name().equals("a")) {
                try (Connection c = db.connect();
                    Statement s = c.createStatement()) {
                  s.execute("SET lock_timeout = '300ms'");
                  s.execute("TRUNCATE b");
                  truncateOutcome.set("truncated");
                } catch (SQLException e) {
                  truncateOutcome.set(e.getSQLState());
                }
              }
            }
          };
      ExportResult result =
          Pgsnap.using(db.dataSource())
              .withProgress(truncateDuringExport)
              .export(ExportOptions.defaults(out));
      assertEquals("55P03", truncateOutcome.get(), "TRUNCATE must wait for the export's lock");
      assertEquals(10, table(result.manifest(), "public", "b").rows());
    }
  }

  @OnOneServer
  void snapshotFilesAndFoldersAreReadableByTheirOwnerOnly(PgServer server) throws Exception {
    try (TestDatabase db = server.createDatabase()) {
      loadEdgeCases(db);
      ExportResult result = export(db, everything());
      try (var paths = Files.walk(result.snapshot())) {
        for (Path p : paths.toList()) {
          String expected = Files.isDirectory(p) ? "rwx------" : "rw-------";
          assertEquals(
              expected,
              PosixFilePermissions.toString(Files.getPosixFilePermissions(p)),
              p::toString);
        }
      }
      assertEquals(
          "rw-------",
          PosixFilePermissions.toString(
              Files.getPosixFilePermissions(out.resolve(OperationLog.FILE_NAME))));
    }
  }

  @OnOneServer
  void eachExportAppendsOneLineToTheOperationLog(PgServer server) throws Exception {
    try (TestDatabase db = server.createDatabase()) {
      db.execute("CREATE TABLE t (x integer)", "INSERT INTO t VALUES (1), (2)");
      ExportResult first = export(db, ExportOptions.defaults(out));
      export(db, ExportOptions.defaults(out).withLabel("second"));
      List<String> lines = Files.readAllLines(out.resolve(OperationLog.FILE_NAME));
      assertEquals(2, lines.size());
      JsonNode entry = new ObjectMapper().readTree(lines.get(0));
      assertEquals("export", entry.get("command").asText());
      assertEquals("success", entry.get("outcome").asText());
      assertEquals(first.manifest().id(), entry.get("snapshot").asText());
      assertEquals(2, entry.get("rows").asLong());
      assertTrue(entry.get("durationMs").isIntegralNumber());
      assertEquals(
          List.of(
              "time",
              "command",
              "outcome",
              "snapshot",
              "tables",
              "rows",
              "storedBytes",
              "durationMs"),
          fieldNames(entry));
    }
  }

  @OnOneServer
  void onlyTheCompleteSnapshotFolderRemainsAfterAnExport(PgServer server) throws Exception {
    try (TestDatabase db = server.createDatabase()) {
      db.execute("CREATE TABLE t (x integer)");
      Instant before = Instant.now();
      ExportResult result = export(db, ExportOptions.defaults(out));
      Instant after = Instant.now();
      assertEquals(
          List.of(OperationLog.FILE_NAME, result.manifest().id()).stream().sorted().toList(),
          Snapshots.entries(out));
      assertEquals(
          List.of("SHA256SUMS", "manifest.json", "manifest.sha256", "tables"),
          Snapshots.entries(result.snapshot()));
      assertTrue(result.manifest().id().startsWith(db.name() + "-"));
      Manifest manifest = result.manifest();
      assertFalse(manifest.startedAt().isBefore(before), () -> "started " + manifest.startedAt());
      assertFalse(
          manifest.finishedAt().isBefore(manifest.startedAt()),
          () -> "finished " + manifest.finishedAt() + " before it started");
      assertFalse(manifest.finishedAt().isAfter(after), () -> "finished " + manifest.finishedAt());
      assertEquals(1, manifest.totals().tables());
      assertEquals(0, manifest.totals().rows(), "t is empty");
      assertFalse(result.snapshot().getFileName().toString().endsWith(".partial"));
    }
  }

  // --- helpers -------------------------------------------------------------------------------

  private static ManifestTable table(Manifest manifest, String schema, String name) {
    return manifest.tables().stream()
        .filter(t -> t.schema().equals(schema) && t.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no table " + schema + "." + name + " in manifest"));
  }

  private static List<String> fieldNames(JsonNode row) {
    List<String> names = new ArrayList<>();
    row.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static String from(ManifestTable t) {
    return (t.kind() == Table.Kind.PARTITIONED ? "" : "ONLY ") + t.id().sql();
  }

  private static Map<String, Long> liveRowCounts(TestDatabase db, List<ManifestTable> tables)
      throws SQLException {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (ManifestTable t : tables) {
      counts.put(t.id().toString(), count(db, "SELECT count(*) FROM " + from(t)));
    }
    return counts;
  }

  private static long count(TestDatabase db, String sql) throws SQLException {
    try (Connection c = db.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /**
   * Every row's values as the server's output functions print them, with the export's session
   * settings (the test connection uses the simple protocol, so every value arrives as text; a
   * {@code ::text} cast would differ for some types, e.g. inet).
   */
  private static List<List<String>> liveRowsAsText(TestDatabase db, ManifestTable t)
      throws SQLException {
    String columns =
        t.fileColumns().isEmpty()
            ? ""
            : t.fileColumns().stream()
                .map(io.pgsnap.catalog.Identifiers::quote)
                .collect(Collectors.joining(", "));
    List<List<String>> rows = new ArrayList<>();
    try (Connection c = db.connect()) {
      c.setAutoCommit(false);
      SessionSettings.applyLocally(c, SessionSettings.EXPORT);
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT " + columns + " FROM " + from(t))) {
        while (rs.next()) {
          List<String> row = new ArrayList<>();
          for (int i = 1; i <= t.fileColumns().size(); i++) {
            row.add(rs.getString(i));
          }
          rows.add(row);
        }
      }
      c.rollback();
    }
    return rows;
  }

  /** What {@code COPY ... TO STDOUT CSV HEADER} prints for the table, with the same settings. */
  private static String copyCsv(TestDatabase db, ManifestTable t) throws Exception {
    try (Connection c = db.connect()) {
      c.setAutoCommit(false);
      SessionSettings.applyLocally(c, SessionSettings.EXPORT);
      String columns =
          t.fileColumns().stream()
              .map(io.pgsnap.catalog.Identifiers::quote)
              .collect(Collectors.joining(", "));
      String sql =
          "COPY (SELECT "
              + columns
              + " FROM "
              + from(t)
              + ") TO STDOUT WITH (FORMAT csv, HEADER true)";
      java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
      c.unwrap(org.postgresql.PGConnection.class).getCopyAPI().copyOut(sql, bytes);
      c.rollback();
      return bytes.toString(StandardCharsets.UTF_8);
    }
  }
}
