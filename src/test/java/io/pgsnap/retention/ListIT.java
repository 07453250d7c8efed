package io.pgsnap.retention;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pgsnap.ErrorCode;
import io.pgsnap.ExportOptions;
import io.pgsnap.Pgsnap;
import io.pgsnap.snapshot.Compression;
import io.pgsnap.snapshot.OperationLog;
import io.pgsnap.testsupport.Cli;
import io.pgsnap.testsupport.OnOneServer;
import io.pgsnap.testsupport.PgServer;
import io.pgsnap.testsupport.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.io.TempDir;

/** {@code pgsnap list} on snapshots that export made from a real server. */
class ListIT {
  @TempDir Path out;

  private static Clock at(String time) {
    return Clock.fixed(Instant.parse(time), ZoneOffset.UTC);
  }

  /** Exports {@code db} as if at {@code time}, uncompressed so that sizes are the CSV bytes. */
  private void export(TestDatabase db, String time) {
    Pgsnap.using(db.dataSource())
        .withClock(at(time))
        .export(ExportOptions.defaults(out).withCompression(Compression.NONE).withLabel("nightly"));
  }

  @OnOneServer
  void listsExportedSnapshotsWithFiguresFromTheirManifests(PgServer server) throws Exception {
    try (TestDatabase db = server.createDatabase()) {
      db.execute(
          "CREATE TABLE t (id integer PRIMARY KEY, name text)",
          "INSERT INTO t VALUES (1, 'a'), (2, 'b'), (3, 'c')",
          "CREATE TABLE u (id integer)",
          "INSERT INTO u VALUES (1), (2)");
      export(db, "2025-03-01T03:00:00Z");
      db.execute("INSERT INTO t VALUES (4, 'd')");
      export(db, "2025-03-02T03:00:00Z");
      String older = db.name() + "-20250301T030000Z";
      String newer = db.name() + "-20250302T030000Z";
      // What verify records when a snapshot fails it.
      Files.writeString(
          out.resolve(OperationLog.FILE_NAME),
          "{\"time\":\"2025-03-02T04:00:00Z\",\"command\":\"verify\",\"snapshot\":\""
              + older
              + "\",\"outcome\":\"failure\"}\n",
          StandardOpenOption.APPEND);

      Cli.Result r = Cli.run(at("2025-03-02T05:00:00Z"), "list", out.toString());

      assertEquals(0, r.exitCode(), r.err());
      String pad = " ".repeat(newer.length() - 2);
      // CSV with a header line: t holds "id,name\n" and 8 bytes of rows per 2 rows, u "id\n1\n2\n".
      assertEquals(
          "ID"
              + pad
              + "  CREATED (UTC)        AGE  STATE                TABLES  ROWS  SIZE  LAST DRILL (UTC)"
              + "  LABEL\n"
              + newer
              + "  2025-03-02 03:00:00   2h  complete                  2     6  31 B                    nightly\n"
              + older
              + "  2025-03-01 03:00:00  26h  failed verification       2     5  27 B                    nightly\n",
          r.out());
      assertEquals("", r.err());

      Cli.Result json = Cli.run(at("2025-03-02T05:00:00Z"), "list", "--json", out.toString());
      assertEquals(0, json.exitCode(), json.err());
      JsonNode rows = new ObjectMapper().readTree(json.out());
      assertEquals(2, rows.size());
      assertEquals(newer, rows.get(0).get("id").asText());
      assertEquals("complete", rows.get(0).get("state").asText());
      assertEquals(6, rows.get(0).get("rows").asLong());
      assertEquals(31, rows.get(0).get("storedBytes").asLong());
      assertEquals(7200, rows.get(0).get("ageSeconds").asLong());
      assertEquals("failed_verification", rows.get(1).get("state").asText());
      assertEquals("failure", rows.get(1).get("lastVerification").get("outcome").asText());
    }
  }

  @OnOneServer
  void aSnapshotWhoseManifestIsDamagedIsListedAsUnreadable(PgServer server) throws Exception {
    try (TestDatabase db = server.createDatabase()) {
      db.execute("CREATE TABLE t (id integer)", "INSERT INTO t VALUES (1)");
      export(db, "2025-03-01T03:00:00Z");
      String id = db.name() + "-20250301T030000Z";
      Files.writeString(out.resolve(id).resolve("manifest.json"), "{\"truncated\": ");

      Cli.Result r = Cli.run(at("2025-03-01T03:00:30Z"), "list", out.toString());

      assertEquals(0, r.exitCode(), r.err());
      String pad = " ".repeat(id.length() - 2);
      assertEquals(
          "ID"
              + pad
              + "  CREATED (UTC)        AGE  STATE       TABLES  ROWS  SIZE  LAST DRILL (UTC)  LABEL\n"
              + id
              + "  2025-03-01 03:00:00  30s  unreadable       -     -     -\n",
          r.out());

      Cli.Result missing = Cli.run("list", out.resolve("elsewhere").toString());
      assertEquals(ErrorCode.STORAGE.exitStatus(), missing.exitCode());
    }
  }
}
