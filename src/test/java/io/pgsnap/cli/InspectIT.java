package io.pgsnap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pgsnap.snapshot.OperationLog;
import io.pgsnap.testsupport.AcrossServers;
import io.pgsnap.testsupport.Cli;
import io.pgsnap.testsupport.PgServer;
import io.pgsnap.testsupport.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;

/** {@code pgsnap inspect} on a snapshot that export took from a real server. */
class InspectIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path out;

  @AcrossServers
  void inspectDescribesTheSnapshotAndPrintsRunnableDdl(PgServer server) throws Exception {
    try (TestDatabase db = server.createDatabase();
        TestDatabase scratch = server.createDatabase()) {
      db.execute(
          "CREATE TABLE orders (id serial PRIMARY KEY, total numeric(10,2) NOT NULL)",
          "INSERT INTO orders (total) VALUES (1.50), (2.25), (3.00)",
          "CREATE TABLE \"Mixed Case\" (id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
              + " order_id integer REFERENCES orders, \"Name\" text CHECK (\"Name\" <> ''))",
          "CREATE INDEX \"Mixed Case_Name_idx\" ON \"Mixed Case\" (\"Name\")",
          "INSERT INTO \"Mixed Case\" (order_id, \"Name\") VALUES (1, 'a'), (2, 'b')",
          "CREATE TABLE events (at date, v integer) PARTITION BY RANGE (at)",
          "CREATE TABLE events_2026 PARTITION OF events"
              + " FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')");
      Cli.Result export =
          Cli.run(
              "export",
              "--quiet",
              "--url",
              db.uri(),
              "--out",
              out.toString(),
              "--label",
              "nightly");
      assertEquals(0, export.exitCode(), export::all);
      Path snapshot = Path.of(export.out().trim());

      Cli.Result r = Cli.run("inspect", snapshot.toString());
      assertEquals(0, r.exitCode(), r::all);
      List<String> lines = r.out().lines().toList();
      assertTrue(lines.contains("Label       nightly"), r::all);
      assertTrue(lines.contains("Snapshot    " + snapshot.getFileName()), r::all);
      assertTrue(
          lines.stream().anyMatch(l -> l.startsWith("Database    " + db.name() + " on ")), r::all);
      assertTrue(
          lines.stream().anyMatch(l -> l.startsWith("Server      PostgreSQL " + server.major())),
          r::all);
      assertTrue(lines.contains("Options     format csv, compression zstd, jobs 1"), r::all);
      assertTrue(lines.contains("3 tables:"), r::all);
      assertTrue(
          lines.stream()
              .anyMatch(
                  l ->
                      l.matches(
                          "public\\.orders +ordinary +3 +\\S+ B +\\S+ B"
                              + " +tables/public\\.orders\\.csv\\.zst")),
          r::all);
      assertTrue(
          lines.stream().anyMatch(l -> l.matches("public\\.events +partitioned +0 .*")), r::all);
      assertTrue(lines.stream().anyMatch(l -> l.matches("total +3 tables +5 .*")), r::all);
      assertTrue(
          lines.stream()
              .anyMatch(l -> l.matches("public\\.orders_id_seq +3 +4 +public\\.orders\\.id")),
          r::all);

      Cli.Result json = Cli.run("inspect", "--json", snapshot.toString());
      assertEquals(0, json.exitCode(), json::all);
      JsonNode manifest = JSON.readTree(json.out());
      assertEquals(snapshot.getFileName().toString(), manifest.get("id").asText());
      assertEquals(5, manifest.get("totals").get("rows").asInt());

      // Each table's script holds its own statements; the whole script runs in an empty database.
      Cli.Result ordersDdl = Cli.run("inspect", snapshot.toString(), "--ddl", "orders");
      Cli.Result mixedDdl = Cli.run("inspect", snapshot.toString(), "--ddl", "\"Mixed Case\"");
      Cli.Result eventsDdl = Cli.run("inspect", snapshot.toString(), "--ddl", "public.events");
      for (Cli.Result ddl : List.of(ordersDdl, mixedDdl, eventsDdl)) {
        assertEquals(0, ddl.exitCode(), ddl::all);
        assertTrue(ddl.out().strip().endsWith(";"), ddl::all);
      }
      assertTrue(
          mixedDdl.out().contains("CREATE TABLE \"public\".\"Mixed Case\" ("), mixedDdl::all);
      assertTrue(mixedDdl.out().contains("CREATE INDEX \"Mixed Case_Name_idx\""), mixedDdl::all);
      assertTrue(mixedDdl.out().contains("FOREIGN KEY (order_id)"), mixedDdl::all);
      assertTrue(ordersDdl.out().contains("CREATE SEQUENCE \"public\".\"orders_id_seq\""));
      assertTrue(eventsDdl.out().contains("PARTITION OF \"public\".\"events\""), eventsDdl::all);
      Cli.Result all = Cli.run("inspect", snapshot.toString(), "--ddl-all");
      assertEquals(0, all.exitCode(), all::all);
      scratch.execute(all.out());
      assertEquals(List.of("Mixed Case", "events", "events_2026", "orders"), tablesOf(scratch));

      Cli.Result ddlJson =
          Cli.run("inspect", snapshot.toString(), "--ddl", "public.\"Mixed Case\"", "--json");
      assertEquals(0, ddlJson.exitCode(), ddlJson::all);
      assertTrue(
          JSON.readTree(ddlJson.out())
              .get("createTable")
              .asText()
              .startsWith("CREATE TABLE \"public\".\"Mixed Case\""),
          ddlJson::all);

      Cli.Result unknown = Cli.run("inspect", snapshot.toString(), "--ddl", "nope");
      assertEquals(2, unknown.exitCode(), unknown::all);
      assertTrue(unknown.err().contains("'nope' matches no table"), unknown::all);
      assertTrue(
          unknown.err().contains("public.\"Mixed Case\", public.events, public.orders"),
          unknown::all);
      Cli.Result unquoted = Cli.run("inspect", snapshot.toString(), "--ddl", "Mixed Case");
      assertEquals(2, unquoted.exitCode(), unquoted::all);
      assertTrue(unquoted.err().contains("did you mean public.\"Mixed Case\""), unquoted::all);
      Cli.Result partition = Cli.run("inspect", snapshot.toString(), "--ddl", "events_2026");
      assertEquals(2, partition.exitCode(), partition::all);
      assertTrue(partition.err().contains("is a partition of public.events"), partition::all);

      List<String> log = Files.readAllLines(out.resolve(OperationLog.FILE_NAME));
      assertEquals(
          10,
          log.stream().filter(l -> l.contains("\"command\":\"inspect\"")).count(),
          log::toString);

      // An incomplete snapshot is refused with a pointer to verify, before any connection.
      Path partial = snapshot.resolveSibling(snapshot.getFileName() + ".partial");
      Files.move(snapshot, partial);
      Cli.Result incomplete = Cli.run("inspect", snapshot.toString());
      assertEquals(3, incomplete.exitCode(), incomplete::all);
      assertTrue(incomplete.err().contains("is an incomplete snapshot"), incomplete::all);
      assertTrue(incomplete.err().contains("pgsnap verify " + partial), incomplete::all);
      Cli.Result compare = Cli.run("compare", partial.toString(), "--url", db.uri());
      assertEquals(3, compare.exitCode(), compare::all);
      assertTrue(compare.err().contains("is an incomplete snapshot"), compare::all);
    }
  }

  private static List<String> tablesOf(TestDatabase db) throws Exception {
    try (Connection c = db.connect();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT relname FROM pg_class WHERE relnamespace = 'public'::regnamespace"
                    + " AND relkind IN ('r', 'p') ORDER BY relname COLLATE \"C\"")) {
      List<String> names = new java.util.ArrayList<>();
      while (rs.next()) {
        names.add(rs.getString(1));
      }
      return names;
    }
  }
}
