package io.pgsnap.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pgsnap.ExportOptions;
import io.pgsnap.Pgsnap;
import io.pgsnap.RestoreOptions;
import io.pgsnap.catalog.Catalog;
import io.pgsnap.catalog.CatalogReader;
import io.pgsnap.catalog.ExistingObjectsReader;
import io.pgsnap.catalog.TableSelection;
import io.pgsnap.catalog.UsedObject;
import io.pgsnap.testsupport.AcrossServers;
import io.pgsnap.testsupport.Cli;
import io.pgsnap.testsupport.DatabaseContents;
import io.pgsnap.testsupport.OnOneServer;
import io.pgsnap.testsupport.PgServer;
import io.pgsnap.testsupport.Tampering;
import io.pgsnap.testsupport.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code restore --create} into a database that lacks what the tables use: the define phase creates
 * the schemas, extension, collation, types and functions of {@code /catalog/used.sql} before the
 * tables, reuses what the target has with the same definition, and refuses what it has with another
 * one unless {@code --keep-target-objects} is given.
 */
class RestoreDefinitionsIT {
  private static final TableSelection USED =
      new TableSelection(List.of("used"), List.of(), List.of(), List.of());

  private static final String ROWS =
      "INSERT INTO used.things (id, mood, moods, qty, code, at, span, email, name) VALUES"
          + " (2, 'happy', '{sad,ok}', 5, 'ab', '(1.5,2.25,x)', '[a,c)', 'Foo@Example.com',"
          + " 'Name'),"
          + " (4, 'sad', NULL, 99, NULL, NULL, 'empty', NULL, NULL)";

  @TempDir Path out;

  @AcrossServers
  void createRebuildsWhatTheTablesUseInAnEmptyDatabase(PgServer server) throws Exception {
    String owner = "pgsnap_types_" + UUID.randomUUID().toString().substring(0, 8);
    String clerk = "pgsnap_clerk_" + UUID.randomUUID().toString().substring(0, 8);
    try (TestDatabase source = source(server);
        TestDatabase target = server.createDatabase()) {
      source.execute(
          "CREATE ROLE " + owner,
          "CREATE ROLE " + clerk,
          "ALTER TYPE kinds.mood OWNER TO " + owner,
          "REVOKE USAGE ON TYPE kinds.mood FROM PUBLIC",
          "GRANT USAGE ON TYPE kinds.mood TO " + clerk + " WITH GRANT OPTION",
          "ALTER FUNCTION kinds.double_it(integer) OWNER TO " + owner,
          "REVOKE EXECUTE ON FUNCTION kinds.double_it(integer) FROM PUBLIC",
          "GRANT USAGE ON SCHEMA kinds TO " + clerk);
      Path snapshot = export(source);

      Pgsnap.using(target.dataSource())
          .restore(snapshot, RestoreOptions.defaults().withCreate(true));

      assertEquals(rows(source), rows(target));
      // Everything the source's tables use reads back the same from the target, by name.
      List<UsedObject> used = usedObjects(source);
      assertEquals(16, used.size());
      assertEquals(used, sameNames(target, used));
    } finally {
      try (TestDatabase cleanup = server.createDatabase()) {
        cleanup.execute("DROP ROLE IF EXISTS " + owner, "DROP ROLE IF EXISTS " + clerk);
      }
    }
  }

  @OnOneServer
  void anExistingTypeWithTheSameDefinitionIsReused(PgServer server) throws Exception {
    try (TestDatabase source = source(server);
        TestDatabase target = server.createDatabase()) {
      Path snapshot = export(source);
      target.execute(
          "CREATE SCHEMA kinds", "CREATE TYPE kinds.mood AS ENUM ('sad', 'ok', 'happy')");

      Cli.Result plan =
          Cli.run("restore", snapshot.toString(), "--url", target.uri(), "--create", "--dry-run");
      Cli.Result restored =
          Cli.run("restore", snapshot.toString(), "--url", target.uri(), "--create");

      assertEquals(0, plan.exitCode(), plan::all);
      assertTrue(
          plan.out()
              .contains(
                  "Note: type kinds.mood: exists in the target with the same"
                      + " definition, reused"),
          plan.out());
      assertTrue(plan.out().contains("Note: schema kinds: exists in the target"), plan.out());
      assertFalse(plan.out().contains("CREATE TYPE \"kinds\".\"mood\""), plan.out());
      assertTrue(
          plan.out()
              .contains(
                  "CREATE TYPE \"kinds\".\"point3\" AS (\"x\" double precision,"
                      + " \"y\" numeric(6,2), \"label\" text COLLATE \"kinds\".\"bytewise\");"),
          plan.out());
      assertEquals(0, restored.exitCode(), restored::all);
      assertEquals(rows(source), rows(target));
    }
  }

  @OnOneServer
  void intoSchemaMovesTheTablesWhileSharedTypesAndFunctionsStayWhereTheyWere(PgServer server)
      throws Exception {
    try (TestDatabase source = source(server);
        TestDatabase target = server.createDatabase()) {
      Path snapshot = export(source);

      Cli.Result r =
          Cli.run(
              "restore",
              snapshot.toString(),
              "--url",
              target.uri(),
              "--create",
              "--into-schema",
              "copy");

      assertEquals(0, r.exitCode(), r::all);
      assertEquals(
          List.of("copy", "kinds", "public"),
          strings(
              target,
              "SELECT nspname::text FROM pg_namespace WHERE nspname NOT LIKE 'pg\\_%'"
                  + " AND nspname <> 'information_schema' ORDER BY 1"));
      assertEquals(
          List.of("kinds.mood"),
          strings(
              target,
              "SELECT atttypid::regtype::text FROM pg_attribute"
                  + " WHERE attrelid = 'copy.things'::regclass AND attname = 'mood'"));
    }
  }

  @OnOneServer
  void anExistingTypeWithAnotherDefinitionIsRefusedAndNothingChanges(PgServer server)
      throws Exception {
    try (TestDatabase source = source(server);
        TestDatabase target = server.createDatabase()) {
      Path snapshot = export(source);
      target.execute(
          "CREATE SCHEMA kinds", "CREATE TYPE kinds.mood AS ENUM ('sad', 'ok', 'happy', 'meh')");
      String before = DatabaseContents.of(target);

      Cli.Result r = Cli.run("restore", snapshot.toString(), "--url", target.uri(), "--create");

      assertEquals(2, r.exitCode(), r::all);
      assertTrue(
          r.err()
              .contains(
                  "type kinds.mood: labels is [\"sad\",\"ok\",\"happy\",\"meh\"] in the target,"
                      + " [\"sad\",\"ok\",\"happy\"] in the snapshot"),
          r.err());
      assertTrue(r.err().contains("--keep-target-objects"), r.err());
      assertEquals(before, DatabaseContents.of(target));
    }
  }

  @OnOneServer
  void keepTargetObjectsAcceptsTheTargetsVersion(PgServer server) throws Exception {
    try (TestDatabase source = source(server);
        TestDatabase target = server.createDatabase()) {
      Path snapshot = export(source);
      target.execute(
          "CREATE SCHEMA kinds", "CREATE TYPE kinds.mood AS ENUM ('sad', 'ok', 'happy', 'meh')");

      Cli.Result r =
          Cli.run(
              "restore",
              snapshot.toString(),
              "--url",
              target.uri(),
              "--create",
              "--keep-target-objects");

      assertEquals(0, r.exitCode(), r::all);
      assertEquals(rows(source), rows(target));
      assertEquals(List.of("sad", "ok", "happy", "meh"), labels(target));
    }
  }

  @OnOneServer
  void anExtensionTheServerLacksIsNamedWithItsVersion(PgServer server) throws Exception {
    try (TestDatabase source = source(server);
        TestDatabase target = server.createDatabase()) {
      Path snapshot = export(source);
      Tampering.editManifest(
          snapshot,
          m -> {
            for (JsonNode o : m.get("objects")) {
              if (o.get("kind").asText().equals("extension")) {
                ((ObjectNode) o).put("name", "no_such_extension").put("version", "2.1");
              }
            }
          },
          true);
      String before = DatabaseContents.of(target);

      Cli.Result r = Cli.run("restore", snapshot.toString(), "--url", target.uri(), "--create");

      assertEquals(2, r.exitCode(), r::all);
      assertTrue(
          r.err()
              .contains(
                  "the tables use extension no_such_extension version 2.1 (the server has no such"
                      + " extension), which the target server cannot install"),
          r.err());
      assertEquals(before, DatabaseContents.of(target));
    }
  }

  @OnOneServer
  void withJobsAFailedLoadDropsWhatTheDefinePhaseMadeToo(PgServer server) throws Exception {
    try (TestDatabase source = source(server);
        TestDatabase target = server.createDatabase()) {
      Path snapshot = export(source);
      // A damaged file of the same size fails its load after define and create were committed.
      Path file =
          Files.list(snapshot.resolve("tables"))
              .filter(f -> f.toString().contains("plain"))
              .findFirst()
              .orElseThrow();
      byte[] bytes = Files.readAllBytes(file);
      bytes[bytes.length / 2] ^= 0x55;
      Files.write(file, bytes);
      String before = DatabaseContents.of(target);

      Cli.Result r =
          Cli.run("restore", snapshot.toString(), "--url", target.uri(), "--create", "--jobs", "2");

      assertTrue(r.err().contains("dropped the 2 tables it had created"), r::all);
      assertEquals(before, DatabaseContents.of(target));
      assertEquals(
          List.of(),
          strings(
              target,
              "SELECT typname::text FROM pg_type t"
                  + " JOIN pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'kinds'"));
    }
  }

  @OnOneServer
  void aDomainWhoseDefaultDrawsFromASequenceGetsItOnceTheSequenceExists(PgServer server)
      throws Exception {
    try (TestDatabase source = server.createDatabase();
        TestDatabase target = server.createDatabase()) {
      source.execute(
          "CREATE SCHEMA ids",
          "CREATE SEQUENCE ids.ticket_no",
          "CREATE DOMAIN ids.ticket AS bigint DEFAULT nextval('ids.ticket_no') NOT NULL",
          "CREATE TABLE ids.tickets (no ids.ticket, subject text)",
          "INSERT INTO ids.tickets (subject) VALUES ('first'), ('second')");
      Path dir = Files.createDirectories(out.resolve(source.name()));
      Path snapshot =
          Pgsnap.using(source.dataSource())
              .export(
                  ExportOptions.defaults(dir)
                      .withSelection(
                          new TableSelection(
                              List.of(), List.of("ids.tickets"), List.of(), List.of())))
              .snapshot();

      Cli.Result r = Cli.run("restore", snapshot.toString(), "--url", target.uri(), "--create");
      assertEquals(0, r.exitCode(), r::all);
      target.execute("INSERT INTO ids.tickets (subject) VALUES ('third')");

      assertEquals(
          List.of("(1,first)", "(2,second)", "(3,third)"),
          strings(target, "SELECT ROW(t.*)::text FROM ids.tickets t ORDER BY no"));
      String domainDefault =
          "SELECT pg_get_expr(typdefaultbin, 0) FROM pg_type WHERE oid = 'ids.ticket'::regtype";
      assertEquals(strings(source, domainDefault), strings(target, domainDefault));
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Helpers

  private static TestDatabase source(PgServer server) {
    TestDatabase db = server.createDatabase();
    try {
      db.runScript("/catalog/used.sql");
      db.execute(ROWS, "INSERT INTO used.plain VALUES (1, 'one')");
      return db;
    } catch (RuntimeException e) {
      db.close();
      throw e;
    }
  }

  private Path export(TestDatabase db) throws Exception {
    Path dir = Files.createDirectories(out.resolve(db.name()));
    return Pgsnap.using(db.dataSource())
        .export(ExportOptions.defaults(dir).withSelection(USED))
        .snapshot();
  }

  private static List<String> rows(TestDatabase db) throws SQLException {
    return strings(
        db,
        "SELECT ROW(t.*)::text FROM used.things t UNION ALL"
            + " SELECT ROW(p.*)::text FROM used.plain p ORDER BY 1");
  }

  private static List<String> labels(TestDatabase db) throws SQLException {
    return strings(
        db,
        "SELECT enumlabel::text FROM pg_enum WHERE enumtypid = 'kinds.mood'::regtype"
            + " ORDER BY enumsortorder");
  }

  private static List<String> strings(TestDatabase db, String sql) throws SQLException {
    List<String> result = new ArrayList<>();
    try (Connection c = db.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        result.add(rs.getString(1));
      }
    }
    return result;
  }

  /** The target's definitions of the objects named {@code like}, in that order. */
  private static List<UsedObject> sameNames(TestDatabase db, List<UsedObject> like)
      throws SQLException {
    try (Connection c = db.connect()) {
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        s.execute("SELECT pg_catalog.set_config('search_path', '', true)");
      }
      try {
        ExistingObjectsReader.Existing existing = new ExistingObjectsReader(c).read(like);
        return like.stream().map(o -> existing.found().get(ExistingObjectsReader.key(o))).toList();
      } finally {
        c.rollback();
      }
    }
  }

  /** What the restored tables use, read as the export reads it. */
  private static List<UsedObject> usedObjects(TestDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        s.execute("SELECT pg_catalog.set_config('search_path', '', true)");
      }
      try {
        Catalog catalog = new CatalogReader(c).read(USED);
        return catalog.objects();
      } finally {
        c.rollback();
      }
    }
  }
}
