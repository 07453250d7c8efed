package io.pgsnap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pgsnap.snapshot.OperationLog;
import io.pgsnap.testsupport.Cli;
import io.pgsnap.testsupport.OnOneServer;
import io.pgsnap.testsupport.PgServer;
import io.pgsnap.testsupport.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pgsnap compare} on snapshots that export took from a real server. The live side is read by
 * the catalog reader, which {@code CatalogReaderIT} runs on every major; the comparison and its
 * report are pgsnap's own, so they run on one server.
 */
class CompareIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path out;

  private Path export(TestDatabase db, String... more) {
    Cli.Result r =
        Cli.run(
            Stream.concat(
                    Stream.of("export", "--quiet", "--url", db.uri(), "--out", out.toString()),
                    Stream.of(more))
                .toArray(String[]::new));
    assertEquals(0, r.exitCode(), r::all);
    return Path.of(r.out().trim());
  }

  private static Cli.Result compare(TestDatabase db, Path snapshot, String... more) {
    return Cli.run(
        Stream.concat(Stream.of("compare", snapshot.toString(), "--url", db.uri()), Stream.of(more))
            .toArray(String[]::new));
  }

  /** The report line of {@code table}, e.g. {@code public.orders 3 5 +2 rows differ}. */
  private static String line(Cli.Result r, String table) {
    return r.out()
        .lines()
        .filter(l -> l.startsWith(table + " "))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no line for " + table + " in:\n" + r.all()));
  }

  private static List<String> cells(String line) {
    return List.of(line.trim().split("\\s{2,}"));
  }

  @OnOneServer
  void theLiveDatabaseIsComparedTableByTable(PgServer server) throws Exception {
    try (TestDatabase db = server.createDatabase()) {
      db.execute(
          "CREATE TABLE orders (id integer PRIMARY KEY, total numeric)",
          "INSERT INTO orders SELECT g, g * 1.5 FROM generate_series(1, 3) g",
          "CREATE TABLE \"Mixed Case\" (x integer)",
          "INSERT INTO \"Mixed Case\" VALUES (1), (2)",
          // An inheritance parent's file holds only its own rows, so it is counted FROM ONLY.
          "CREATE TABLE parent (id integer)",
          "CREATE TABLE child () INHERITS (parent)",
          "INSERT INTO parent VALUES (1)",
          "INSERT INTO child VALUES (2), (3)",
          // A partitioned table's file holds its partitions' rows.
          "CREATE TABLE events (at date, v integer) PARTITION BY RANGE (at)",
          "CREATE TABLE events_2025 PARTITION OF events"
              + " FOR VALUES FROM ('2025-01-01') TO ('2026-01-01')",
          "CREATE TABLE events_2026 PARTITION OF events"
              + " FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')",
          "INSERT INTO events VALUES ('2025-06-01', 1), ('2026-06-01', 2), ('2026-07-01', 3)",
          "CREATE TABLE doomed (x integer)",
          "INSERT INTO doomed VALUES (1)",
          "CREATE TABLE widened (a integer)",
          "INSERT INTO widened VALUES (1)");
      Path snapshot = export(db);

      Cli.Result same = compare(db, snapshot);
      assertEquals(0, same.exitCode(), same::all);
      assertTrue(same.out().contains("all 7 tables are equal in snapshot and database"), same::all);
      assertEquals(
          List.of("public.parent", "1", "1", "0", "equal"), cells(line(same, "public.parent")));
      assertEquals(
          List.of("public.events", "3", "3", "0", "equal"), cells(line(same, "public.events")));
      assertTrue(line(same, "public.\"Mixed Case\"").endsWith("equal"), same::all);

      db.execute(
          "INSERT INTO orders VALUES (4, 1), (5, 1)",
          "DROP TABLE doomed",
          "CREATE TABLE fresh (x integer)",
          "INSERT INTO fresh VALUES (1), (2), (3), (4)",
          "ALTER TABLE widened ADD COLUMN b integer");
      Cli.Result changed = compare(db, snapshot);

      assertEquals(3, changed.exitCode(), changed::all);
      assertEquals(
          List.of("public.orders", "3", "5", "+2", "rows differ"),
          cells(line(changed, "public.orders")));
      assertEquals(
          List.of("public.doomed", "1", "-", "-", "only in snapshot"),
          cells(line(changed, "public.doomed")));
      assertEquals(
          List.of("public.fresh", "-", "4", "-", "only in database"),
          cells(line(changed, "public.fresh")));
      assertEquals(
          List.of("public.widened", "1", "1", "0", "columns differ"),
          cells(line(changed, "public.widened")));
      assertTrue(changed.out().contains("    \"b\" integer only in database"), changed::all);
      assertTrue(line(changed, "public.parent").endsWith("equal"), changed::all);
      assertTrue(
          changed.out().contains("4 of 8 tables differ between snapshot and database"),
          changed::all);

      Cli.Result json = compare(db, snapshot, "--json");
      assertEquals(3, json.exitCode(), json::all);
      JsonNode result = JSON.readTree(json.out());
      assertEquals(false, result.get("equal").asBoolean());
      assertEquals("exact", result.get("counting").asText());
      assertEquals(4, result.get("differing").asInt());

      List<JsonNode> log = logLines("compare");
      assertEquals(
          List.of("success", "mismatch", "mismatch"),
          log.stream().map(l -> l.get("outcome").asText()).toList());
      assertEquals(4, log.get(1).get("differing").asInt());
      assertTrue(log.get(1).has("durationMs"));
    }
  }

  @OnOneServer
  void aChangedTriggerPolicyOrCommentIsReportedAsDrift(PgServer server) throws Exception {
    try (TestDatabase db = server.createDatabase()) {
      db.execute(
          "CREATE TABLE orders (id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY, owner text)",
          "CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql"
              + " AS $$BEGIN RETURN NEW; END$$",
          "CREATE TRIGGER orders_touch BEFORE INSERT ON orders"
              + " FOR EACH ROW EXECUTE FUNCTION touch()",
          "INSERT INTO orders (owner) VALUES ('a')");
      Path snapshot = export(db);
      Cli.Result same = compare(db, snapshot);
      assertEquals(0, same.exitCode(), same::all);

      db.execute(
          "ALTER TABLE orders DISABLE TRIGGER orders_touch",
          "CREATE POLICY own_rows ON orders FOR SELECT USING (owner = current_user)",
          "COMMENT ON COLUMN orders.owner IS 'who placed it'");
      Cli.Result drifted = compare(db, snapshot);

      assertEquals(3, drifted.exitCode(), drifted::all);
      assertEquals(
          List.of("public.orders", "1", "1", "0", "attached objects differ"),
          cells(line(drifted, "public.orders")));
      String trigger =
          "trigger orders_touch (%s): CREATE TRIGGER orders_touch BEFORE INSERT ON public.orders"
              + " FOR EACH ROW EXECUTE FUNCTION public.touch()";
      String details =
          drifted
              .out()
              .lines()
              .filter(l -> l.startsWith("    "))
              .map(String::strip)
              .collect(java.util.stream.Collectors.joining("\n"));
      assertEquals(
          String.join(
              "\n",
              "- " + trigger.formatted("enabled"),
              "+ policy own_rows: permissive for select to public"
                  + " using ((owner = CURRENT_USER))",
              "+ " + trigger.formatted("disabled"),
              "+ column owner comment 'who placed it'"),
          details);
    }
  }

  @OnOneServer
  void anEnumLabelAddedSinceTheSnapshotIsReportedLiveAndOffline(PgServer server) throws Exception {
    try (TestDatabase db = server.createDatabase()) {
      db.execute(
          "CREATE TYPE mood AS ENUM ('sad', 'ok')",
          "CREATE TABLE diary (id integer PRIMARY KEY, feeling mood)",
          "INSERT INTO diary VALUES (1, 'ok')");
      Path before = export(db);

      db.execute("ALTER TYPE mood ADD VALUE 'happy'");
      Cli.Result live = compare(db, before);
      Path after = export(db);
      Cli.Result offline = Cli.run("compare", before.toString(), after.toString());

      String enumLine = "enum public.mood: {\"kind\":\"enum\",\"id\":{\"schema\":\"public\",";
      for (Cli.Result r : List.of(live, offline)) {
        assertEquals(3, r.exitCode(), r::all);
        List<String> lines = r.out().lines().map(String::strip).toList();
        int heading =
            lines.indexOf(
                "what the tables use differs (types, domains, functions, collations, extensions):");
        assertTrue(heading >= 0, r::all);
        assertTrue(lines.get(heading + 1).startsWith("- " + enumLine), r::all);
        assertTrue(lines.get(heading + 1).contains("[\"sad\",\"ok\"]"), r::all);
        assertTrue(lines.get(heading + 2).startsWith("+ " + enumLine), r::all);
        assertTrue(lines.get(heading + 2).contains("[\"sad\",\"ok\",\"happy\"]"), r::all);
        assertTrue(
            r.out().contains("the table is equal in ")
                && r.out().contains(", but what they use differs"),
            r::all);
      }
    }
  }

  @OnOneServer
  void estimatesComeFromStatisticsAndSaySo(PgServer server) throws Exception {
    try (TestDatabase db = server.createDatabase()) {
      db.execute(
          "CREATE TABLE t (id integer)",
          "INSERT INTO t SELECT generate_series(1, 100)",
          "CREATE TABLE events (at date) PARTITION BY RANGE (at)",
          "CREATE TABLE events_a PARTITION OF events"
              + " FOR VALUES FROM ('2025-01-01') TO ('2026-01-01')",
          "CREATE TABLE events_b PARTITION OF events"
              + " FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')",
          "INSERT INTO events SELECT DATE '2025-12-01' + g FROM generate_series(1, 60) g",
          // Autovacuum must not analyze this one: its estimate stays unknown.
          "CREATE TABLE unanalyzed (x integer) WITH (autovacuum_enabled = false)",
          "INSERT INTO unanalyzed VALUES (1)");
      Path snapshot = export(db);
      db.execute("ANALYZE t", "ANALYZE events");

      Cli.Result r = compare(db, snapshot, "--estimate");
      assertEquals(3, r.exitCode(), r::all);
      assertTrue(r.out().contains("DATABASE ROWS (ESTIMATE)"), r::all);
      assertTrue(r.out().contains("estimated from the planner's statistics"), r::all);
      assertEquals(List.of("public.t", "100", "100", "0", "equal"), cells(line(r, "public.t")));
      assertEquals(
          List.of("public.events", "60", "60", "0", "equal"), cells(line(r, "public.events")));
      assertTrue(line(r, "public.unanalyzed").endsWith("no statistics"), r::all);
      assertTrue(r.out().contains("run ANALYZE \"public\".\"unanalyzed\""), r::all);

      db.execute("ANALYZE unanalyzed", "INSERT INTO t SELECT generate_series(1, 10)", "ANALYZE t");
      Cli.Result beyond = compare(db, snapshot, "--estimate");
      assertEquals(3, beyond.exitCode(), beyond::all);
      assertEquals(
          List.of("public.t", "100", "110", "+10", "rows differ"), cells(line(beyond, "public.t")));

      Cli.Result tolerant = compare(db, snapshot, "--estimate", "--tolerance", "15");
      assertEquals(0, tolerant.exitCode(), tolerant::all);
      assertTrue(tolerant.out().contains("within 15%"), tolerant::all);

      Cli.Result misuse = compare(db, snapshot, "--tolerance", "15");
      assertEquals(2, misuse.exitCode(), misuse::all);
      assertTrue(misuse.err().contains("--tolerance applies only with --estimate"), misuse::all);
    }
  }

  @OnOneServer
  void twoSnapshotsCompareOffline(PgServer server) throws Exception {
    try (TestDatabase db = server.createDatabase()) {
      db.execute(
          "CREATE TABLE a (id integer PRIMARY KEY, v text)",
          "INSERT INTO a VALUES (1, 'x'), (2, 'y'), (3, 'z')",
          "CREATE TABLE b (id integer, v text)",
          "INSERT INTO b VALUES (1, 'p'), (2, 'q')");
      Path first = export(db);
      Path second = export(db);
      Path asJsonl = export(db, "--format", "jsonl", "--compress", "gzip");

      Cli.Result same = Cli.run("compare", first.toString(), second.toString());
      assertEquals(0, same.exitCode(), same::all);
      assertTrue(same.out().contains("all 2 tables are equal in A and B"), same::all);
      assertTrue(same.out().contains("as recorded in each snapshot's manifest"), same::all);

      // Content fingerprints do not depend on the format, so they compare across formats.
      Cli.Result otherFormat = Cli.run("compare", first.toString(), asJsonl.toString());
      assertEquals(0, otherFormat.exitCode(), otherFormat::all);
      assertTrue(otherFormat.out().contains("all 2 tables are equal in A and B"), otherFormat::all);

      db.execute(
          "UPDATE a SET v = 'changed' WHERE id = 2",
          "INSERT INTO a VALUES (4, 'w')",
          "CREATE INDEX b_v_idx ON b (v)",
          "CREATE TABLE c (id integer)");
      Path third = export(db);

      Cli.Result changed = Cli.run("compare", first.toString(), third.toString());
      assertEquals(3, changed.exitCode(), changed::all);
      assertEquals(
          List.of("public.a", "3", "4", "+1", "rows differ, content differs"),
          cells(line(changed, "public.a")));
      assertEquals(
          List.of("public.b", "2", "2", "0", "DDL differs"), cells(line(changed, "public.b")));
      assertTrue(
          changed.out().contains("    + CREATE INDEX b_v_idx ON public.b USING btree (v)"),
          changed::all);
      assertEquals(
          List.of("public.c", "-", "0", "-", "only in B"), cells(line(changed, "public.c")));

      Cli.Result json = Cli.run("compare", "--json", first.toString(), third.toString());
      assertEquals(3, json.exitCode(), json::all);
      JsonNode b = JSON.readTree(json.out()).get("tables").get(1);
      assertEquals("b", b.get("name").asText());
      assertEquals("ddl", b.get("differences").get(0).get("kind").asText());

      Cli.Result withUrl =
          Cli.run("compare", first.toString(), third.toString(), "--url", db.uri());
      assertEquals(2, withUrl.exitCode(), withUrl::all);
      assertTrue(withUrl.err().contains("leave out --url"), withUrl::all);
    }
  }

  private List<JsonNode> logLines(String command) throws Exception {
    return Files.readAllLines(out.resolve(OperationLog.FILE_NAME)).stream()
        .map(
            l -> {
              try {
                return JSON.readTree(l);
              } catch (Exception e) {
                throw new AssertionError("not JSON: " + l, e);
              }
            })
        .filter(n -> n.get("command").asText().equals(command))
        .toList();
  }
}
