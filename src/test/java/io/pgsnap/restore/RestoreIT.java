package io.pgsnap.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pgsnap.ExportOptions;
import io.pgsnap.Pgsnap;
import io.pgsnap.RestoreMode;
import io.pgsnap.RestoreOptions;
import io.pgsnap.RestorePlan;
import io.pgsnap.RestorePlan.Action;
import io.pgsnap.RestorePlan.ForeignKeyRef;
import io.pgsnap.RestoreResult;
import io.pgsnap.catalog.TableId;
import io.pgsnap.snapshot.ManifestTable;
import io.pgsnap.snapshot.SnapshotReader;
import io.pgsnap.testsupport.AcrossServers;
import io.pgsnap.testsupport.Cli;
import io.pgsnap.testsupport.OnOneServer;
import io.pgsnap.testsupport.PgServer;
import io.pgsnap.testsupport.TestDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Restore behaviour against real servers, on the small shop database of {@code restore/shop.sql}.
 * What depends on the target's catalog or on the DDL the server runs (keys, cycles, sequences,
 * generated columns, created, renamed and moved tables, an owner's privileges) runs on every major;
 * modes, selections, jobs and output run on one server.
 */
class RestoreIT {
  private static final String SHOP = "/restore/shop.sql";
  private static final List<String> SHOP_TABLES =
      List.of("audit_note", "customer", "player", "product", "purchase", "refund", "team");

  @TempDir Path out;

  /** Exports the shop database and returns the snapshot. */
  private Path shopSnapshot(TestDatabase source) {
    source.runScript(SHOP);
    return Pgsnap.using(source.dataSource()).export(ExportOptions.defaults(out)).snapshot();
  }

  /** A target with the shop's tables, emptied. */
  private static TestDatabase emptyShop(PgServer server) {
    TestDatabase target = server.createDatabase();
    target.runScript(SHOP);
    target.execute(
        "TRUNCATE public.audit_note, public.customer, public.player, public.product,"
            + " public.purchase, public.refund, public.team");
    return target;
  }

  /** Replaces the target's notes by one, (7, seven), past the trigger that would rewrite it. */
  private static void replaceNotes(TestDatabase target) {
    target.execute(
        "ALTER TABLE public.audit_note DISABLE TRIGGER audit_note_rewrite",
        "DELETE FROM public.audit_note",
        "INSERT INTO public.audit_note VALUES (7, 'seven')",
        "ALTER TABLE public.audit_note ENABLE TRIGGER audit_note_rewrite");
  }

  private static RestoreResult restore(TestDatabase target, Path snapshot, RestoreOptions options) {
    return Pgsnap.using(target.dataSource()).restore(snapshot, options);
  }

  private static List<String> rows(TestDatabase db, String table) {
    return strings(db, "SELECT x::text FROM ONLY " + table + " x ORDER BY 1");
  }

  private static List<String> partitionedRows(TestDatabase db, String table) {
    return strings(db, "SELECT x::text FROM " + table + " x ORDER BY 1");
  }

  private static List<String> strings(TestDatabase db, String sql) {
    try (Connection c = db.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      List<String> values = new ArrayList<>();
      while (rs.next()) {
        values.add(rs.getString(1));
      }
      return values;
    } catch (SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }

  private static String value(TestDatabase db, String sql) {
    List<String> values = strings(db, sql);
    assertEquals(1, values.size(), sql);
    return values.get(0);
  }

  private static void assertSameRows(TestDatabase source, TestDatabase target) {
    for (String t : SHOP_TABLES) {
      String table = "public." + t;
      if (t.equals("purchase")) {
        assertEquals(partitionedRows(source, table), partitionedRows(target, table), table);
      } else {
        assertEquals(rows(source, table), rows(target, table), table);
      }
    }
  }

  // RestoreRoundTripIT compares every row of far more tables on every major.
  @OnOneServer
  void everyTableLoadsIntoEmptyExistingTablesWithTheSourcesRows(PgServer server) {
    try (TestDatabase source = server.createDatabase();
        TestDatabase target = emptyShop(server)) {
      Path snapshot = shopSnapshot(source);

      RestoreResult result = restore(target, snapshot, RestoreOptions.defaults());

      assertSameRows(source, target);
      assertEquals(14, result.rowsLoaded());
      assertTrue(result.plan().steps().stream().allMatch(s -> s.action() == Action.LOAD));
      assertNull(result.safetySnapshot());
    }
  }

  @AcrossServers
  void referencedTablesLoadBeforeReferencingOnesAndTiesGoByName(PgServer server) {
    try (TestDatabase source = server.createDatabase();
        TestDatabase target = emptyShop(server)) {
      Path snapshot = shopSnapshot(source);

      RestorePlan plan =
          restore(target, snapshot, RestoreOptions.defaults().withDryRun(true)).plan();

      assertEquals(
          List.of("audit_note", "customer", "player", "team", "product", "purchase", "refund"),
          plan.steps().stream().map(s -> s.target().name()).toList());
    }
  }

  @AcrossServers
  void aForeignKeyCycleIsDroppedWhileLoadingAndHoldsAgainAfterwards(PgServer server) {
    try (TestDatabase source = server.createDatabase();
        TestDatabase target = emptyShop(server)) {
      Path snapshot = shopSnapshot(source);

      RestoreResult result = restore(target, snapshot, RestoreOptions.defaults());

      assertEquals(
          List.of(
              new ForeignKeyRef(
                  new TableId("public", "player"),
                  "player_team_id_fkey",
                  new TableId("public", "team")),
              new ForeignKeyRef(
                  new TableId("public", "team"),
                  "team_captain_fkey",
                  new TableId("public", "player"))),
          result.plan().deferredForeignKeys());
      assertEquals(
          List.of(
              "player_team_id_fkey|FOREIGN KEY (team_id) REFERENCES team(id)|true",
              "team_captain_fkey|FOREIGN KEY (captain_id) REFERENCES player(id)|true"),
          strings(
              target,
              "SELECT conname || '|' || pg_get_constraintdef(oid) || '|' || convalidated"
                  + " FROM pg_constraint WHERE contype = 'f'"
                  + " AND conrelid IN ('public.team'::regclass, 'public.player'::regclass)"
                  + " ORDER BY 1"));
      assertEquals(rows(source, "public.team"), rows(target, "public.team"));
    }
  }

  // RestoreRoundTripIT runs the same check on every major, with triggers of every firing state.
  @OnOneServer
  void userTriggersDoNotFireOnRestoredRowsAndAreOnAgainAfterwards(PgServer server) {
    try (TestDatabase source = server.createDatabase();
        TestDatabase target = emptyShop(server)) {
      Path snapshot = shopSnapshot(source);

      RestoreResult result =
          restore(target, snapshot, RestoreOptions.defaults().withTables(List.of("audit_note")));

      assertEquals(List.of("(1,kept)", "(2,\"also kept\")"), rows(target, "public.audit_note"));
      assertEquals(List.of("audit_note_rewrite"), result.plan().steps().get(0).triggersDisabled());
      assertEquals(
          "O",
          value(target, "SELECT tgenabled FROM pg_trigger WHERE tgname = 'audit_note_rewrite'"));
    }
  }

  @AcrossServers
  void aTriggerThatWasDisabledStaysDisabled(PgServer server) {
    try (TestDatabase source = server.createDatabase();
        TestDatabase target = emptyShop(server)) {
      Path snapshot = shopSnapshot(source);
      target.execute("ALTER TABLE public.audit_note DISABLE TRIGGER audit_note_rewrite");

      RestoreResult result =
          restore(target, snapshot, RestoreOptions.defaults().withTables(List.of("audit_note")));

      assertEquals(List.of(), result.plan().steps().get(0).triggersDisabled());
      assertEquals(
          "D",
          value(target, "SELECT tgenabled FROM pg_trigger WHERE tgname = 'audit_note_rewrite'"));
    }
  }

  @AcrossServers
  void identitySerialAndStandaloneSequencesEndAtTheirSnapshotValues(PgServer server) {
    try (TestDatabase source = server.createDatabase();
        TestDatabase target = emptyShop(server)) {
      Path snapshot = shopSnapshot(source);

      restore(target, snapshot, RestoreOptions.defaults());

      String sequences =
          "SELECT sequencename || ',' || coalesce(last_value::text, 'unused') FROM pg_sequences"
              + " WHERE schemaname = 'public' ORDER BY sequencename";
      assertEquals(strings(source, sequences), strings(target, sequences));
      assertEquals("4", value(target, "SELECT nextval('public.product_sku_seq')"));
      assertEquals("502", value(target, "SELECT nextval('public.ticket_numbers')"));
    }
  }

  @OnOneServer
  void aOneTableRestoreLeavesTheSchemasStandaloneSequencesAlone(PgServer server) {
    try (TestDatabase source = server.createDatabase();
        TestDatabase target = emptyShop(server)) {
      Path snapshot = shopSnapshot(source);
      target.execute("SELECT setval('public.ticket_numbers', 900)");

      RestoreResult result =
          restore(target, snapshot, RestoreOptions.defaults().withTables(List.of("audit_note")));

      assertEquals(List.of(), result.plan().sequences());
      assertEquals("901", value(target, "SELECT nextval('public.ticket_numbers')"));
    }
  }

  @OnOneServer
  void noSequencesLeavesTheSequencesAsTheyWere(PgServer server) {
    try (TestDatabase source = server.createDatabase();
        TestDatabase target = emptyShop(server)) {
      Path snapshot = shopSnapshot(source);
      target.execute("SELECT setval('public.ticket_numbers', 900)");

      RestoreResult result =
          restore(target, snapshot, RestoreOptions.defaults().withSequences(false));

      assertEquals(List.of(), result.plan().sequences());
      assertEquals("901", value(target, "SELECT nextval('public.ticket_numbers')"));
    }
  }

  @AcrossServers
  void generatedColumnsAreComputedByTheTarget(PgServer server) {
    try (TestDatabase source = server.createDatabase();
        TestDatabase target = emptyShop(server)) {
      Path snapshot = shopSnapshot(source);

      restore(target, snapshot, RestoreOptions.defaults());

      assertEquals(
          List.of("1.80", "2.70"),
          strings(target, "SELECT price_with_tax::text FROM public.product ORDER BY sku"));
    }
  }

  @OnOneServer
  void onlyTheChosenTablesAreRestoredAndTheOthersAreNotTouched(PgServer server) {
    try (TestDatabase source = server.createDatabase();
        TestDatabase target = server.createDatabase()) {
      Path snapshot = shopSnapshot(source);
      target.runScript(SHOP);
      target.execute("UPDATE public.product SET title = 'changed'");
      replaceNotes(target);

      RestoreResult result =
          restore(
              target,
              snapshot,
              RestoreOptions.defaults()
                  .withTables(List.of("public.audit_note"))
                  .withMode(RestoreMode.TRUNCATE)
                  .withAssumeYes(true)
                  .withSafetySnapshot(false));

      assertEquals(List.of("(1,kept)", "(2,\"also kept\")"), rows(target, "public.audit_note"));
      assertEquals(
          List.of("changed", "changed"),
          strings(target, "SELECT title FROM public.product ORDER BY sku"));
      assertEquals(1, result.plan().steps().size());
    }
  }

  @OnOneServer
  void truncateModeReplacesTheRowsAfterASafetySnapshotOfThem(PgServer server) {
    try (TestDatabase source = server.createDatabase();
        TestDatabase target = server.createDatabase()) {
      Path snapshot = shopSnapshot(source);
      target.runScript(SHOP);
      replaceNotes(target);

      RestoreResult result =
          restore(
              target,
              snapshot,
              RestoreOptions.defaults()
                  .withTables(List.of("audit_note"))
                  .withMode(RestoreMode.TRUNCATE)
                  .withAssumeYes(true)
                  .withSafetySnapshotDir(out.resolve("safety")));

      assertEquals(List.of("(1,kept)", "(2,\"also kept\")"), rows(target, "public.audit_note"));
      assertTrue(result.plan().destructive());
      assertNotNull(result.safetySnapshot());
      assertEquals(out.resolve("safety"), result.safetySnapshot().getParent());
      List<ManifestTable> saved = SnapshotReader.open(result.safetySnapshot()).manifest().tables();
      assertEquals(
          List.of("public.audit_note:1"),
          saved.stream().map(t -> t.id() + ":" + t.rows()).toList());
    }
  }

  @OnOneServer
  void theSafetySnapshotRestoresWhatTheTruncateReplaced(PgServer server) {
    try (TestDatabase source = server.createDatabase();
        TestDatabase target = server.createDatabase()) {
      Path snapshot = shopSnapshot(source);
      target.runScript(SHOP);
      replaceNotes(target);
      RestoreOptions truncate =
          RestoreOptions.defaults()
              .withTables(List.of("audit_note"))
              .withMode(RestoreMode.TRUNCATE)
              .withAssumeYes(true);
      Path safety = restore(target, snapshot, truncate).safetySnapshot();

      restore(target, safety, truncate.withSafetySnapshot(false));

      assertEquals(List.of("(7,seven)"), rows(target, "public.audit_note"));
    }
  }

  @OnOneServer
  void appendModeAddsTheSnapshotsRowsToTheTables(PgServer server) {
    try (TestDatabase source = server.createDatabase();
        TestDatabase target = server.createDatabase()) {
      Path snapshot = shopSnapshot(source);
      target.runScript(SHOP);
      replaceNotes(target);

      RestoreResult result =
          restore(
              target,
              snapshot,
              RestoreOptions.defaults()
                  .withTables(List.of("audit_note"))
                  .withMode(RestoreMode.APPEND));

      assertEquals(
          List.of("(1,kept)", "(2,\"also kept\")", "(7,seven)"), rows(target, "public.audit_note"));
      assertFalse(result.plan().destructive());
    }
  }

  @AcrossServers
  void createMakesMissingTablesWithTheirKeysIndexesAndPartitions(PgServer server) {
    try (TestDatabase source = server.createDatabase();
        TestDatabase target = server.createDatabase()) {
      Path snapshot = shopSnapshot(source);
      target.execute(functionOf(SHOP));

      RestoreResult result = restore(target, snapshot, RestoreOptions.defaults().withCreate(true));

      assertSameRows(source, target);
      assertTrue(result.plan().steps().stream().allMatch(s -> s.action() == Action.CREATE));
      String constraints =
          "SELECT conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid)"
              + " FROM pg_constraint WHERE connamespace = 'public'::regnamespace ORDER BY 1";
      assertEquals(strings(source, constraints), strings(target, constraints));
      String indexes = "SELECT indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1";
      assertEquals(strings(source, indexes), strings(target, indexes));
      String partitions =
          "SELECT c.relname || ' ' || pg_get_expr(c.relpartbound, c.oid) FROM pg_class c"
              + " WHERE c.relispartition AND c.relkind = 'r' ORDER BY 1";
      assertEquals(strings(source, partitions), strings(target, partitions));
      assertEquals("4", value(target, "SELECT nextval('public.product_sku_seq')"));
    }
  }

  @AcrossServers
  void aTableThatGainedAColumnWithADefaultStillRestores(PgServer server) {
    try (TestDatabase source = server.createDatabase();
        TestDatabase target = emptyShop(server)) {
      Path snapshot = shopSnapshot(source);
      target.execute("ALTER TABLE public.audit_note ADD COLUMN added text DEFAULT 'new'");

      restore(target, snapshot, RestoreOptions.defaults().withTables(List.of("audit_note")));

      assertEquals(
          List.of("(1,kept,new)", "(2,\"also kept\",new)"), rows(target, "public.audit_note"));
    }
  }

  @AcrossServers
  void theTablesOwnerRestoresCyclesTriggersAndSequencesWithoutSuperuser(PgServer server) {
    String owner = "shop_owner_" + UUID.randomUUID().toString().substring(0, 8);
    try (TestDatabase source = server.createDatabase();
        TestDatabase target = server.createDatabase()) {
      Path snapshot = shopSnapshot(source);
      target.execute(
          "CREATE ROLE " + owner + " LOGIN PASSWORD 'owner-pw'",
          "GRANT CREATE ON SCHEMA public TO " + owner);
      target.execute("SET ROLE " + owner, resource(SHOP));
      target.execute(
          "SET ROLE " + owner,
          "TRUNCATE public.audit_note, public.customer, public.player, public.product,"
              + " public.purchase, public.refund, public.team");

      Pgsnap.using(as(target, server, owner, "owner-pw"))
          .restore(snapshot, RestoreOptions.defaults());

      assertSameRows(source, target);
    } finally {
      try (TestDatabase cleanup = server.createDatabase()) {
        cleanup.execute("DROP ROLE IF EXISTS " + owner);
      }
    }
  }

  @OnOneServer
  void theCommandPrintsTheResultAsJson(PgServer server) throws IOException {
    try (TestDatabase source = server.createDatabase();
        TestDatabase target = emptyShop(server)) {
      Path snapshot = shopSnapshot(source);

      Cli.Result result =
          Cli.run("restore", snapshot.toString(), "--url", target.uri(), "--json", "--quiet");

      assertEquals(0, result.exitCode(), result.err());
      JsonNode json = new ObjectMapper().readTree(result.out());
      assertEquals(14, json.get("rowsLoaded").asLong());
      assertFalse(json.get("dryRun").asBoolean());
      assertEquals(7, json.get("plan").get("steps").size());
      assertEquals("load", json.get("plan").get("steps").get(0).get("action").asText());
    }
  }

  @OnOneServer
  void theDryRunPrintsThePlanAndChangesNothing(PgServer server) {
    try (TestDatabase source = server.createDatabase();
        TestDatabase target = emptyShop(server)) {
      Path snapshot = shopSnapshot(source);

      Cli.Result result =
          Cli.run("restore", snapshot.toString(), "--url", target.uri(), "--dry-run");

      assertEquals(0, result.exitCode(), result.err());
      assertTrue(result.out().contains("Restore plan: 7 tables, 14 rows"), result.out());
      assertTrue(result.out().contains("public.team team_captain_fkey -> public.player"));
      assertTrue(result.out().endsWith("Dry run: nothing was changed.\n"), result.out());
      assertEquals(List.of(), rows(target, "public.customer"));
    }
  }

  @OnOneServer
  void theDryRunShowsTheSnapshotsDdlAndEveryCopyExactlyAsTheyWillRun(PgServer server) {
    try (TestDatabase source = server.createDatabase();
        TestDatabase target = server.createDatabase()) {
      Path snapshot = shopSnapshot(source);
      List<ManifestTable> tables = SnapshotReader.open(snapshot).manifest().tables();

      Cli.Result result =
          Cli.run("restore", snapshot.toString(), "--url", target.uri(), "--dry-run", "--create");

      assertEquals(0, result.exitCode(), result.err());
      for (ManifestTable t : tables) {
        assertTrue(result.out().contains("\n" + t.ddl().createTable() + ";\n"), t.file());
        assertTrue(result.out().contains("\n" + TableLoader.copySql(t, t.id()) + ";\n"), t.file());
      }
      assertTrue(result.out().contains("\nSET CONSTRAINTS ALL IMMEDIATE;\n"), result.out());
      assertEquals(
          List.of(),
          strings(
              target, "SELECT relname FROM pg_class WHERE relnamespace = 'public'::regnamespace"));
    }
  }

  @AcrossServers
  void renameRestoresBesideTheOriginalWithItsOwnKeyAndSequence(PgServer server) {
    try (TestDatabase source = server.createDatabase();
        TestDatabase target = server.createDatabase()) {
      Path snapshot = shopSnapshot(source);
      target.runScript(SHOP);
      target.execute("UPDATE public.product SET price = 0");

      RestoreResult result =
          restore(
              target,
              snapshot,
              RestoreOptions.defaults()
                  .withRenames(Map.of("public.product", "product_before"))
                  .withCreate(true));

      assertEquals(
          List.of(new TableId("public", "product_before")),
          result.plan().steps().stream().map(RestorePlan.Step::target).toList());
      assertEquals(
          List.of("1.50", "2.25"),
          strings(target, "SELECT price::text FROM public.product_before ORDER BY sku"));
      assertEquals(
          List.of("0.00", "0.00"),
          strings(target, "SELECT price::text FROM public.product ORDER BY sku"));
      assertEquals("4", value(target, "SELECT nextval('public.product_before_sku_seq')"));
      assertEquals(
          "product_before_pkey",
          value(
              target,
              "SELECT conname FROM pg_constraint"
                  + " WHERE conrelid = 'public.product_before'::regclass AND contype = 'p'"));
    }
  }

  @AcrossServers
  void intoSchemaCreatesTheSchemaAndEveryTableInItWithItsKeys(PgServer server) {
    try (TestDatabase source = server.createDatabase();
        TestDatabase target = server.createDatabase()) {
      Path snapshot = shopSnapshot(source);
      target.runScript(SHOP);

      restore(
          target, snapshot, RestoreOptions.defaults().withIntoSchema("restored").withCreate(true));

      for (String t : SHOP_TABLES) {
        String query =
            t.equals("purchase")
                ? "SELECT x::text FROM %s x ORDER BY 1"
                : "SELECT x::text FROM ONLY %s x ORDER BY 1";
        assertEquals(
            strings(source, String.format(query, "public." + t)),
            strings(target, String.format(query, "restored." + t)),
            t);
      }
      assertEquals(
          List.of(
              "player_team_id_fkey FOREIGN KEY (team_id) REFERENCES restored.team(id)",
              "team_captain_fkey FOREIGN KEY (captain_id) REFERENCES restored.player(id)"),
          strings(
              target,
              "SELECT conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint"
                  + " WHERE contype = 'f' AND conrelid IN"
                  + " ('restored.team'::regclass, 'restored.player'::regclass) ORDER BY 1"));
    }
  }

  @OnOneServer
  void withJobsEveryTableLoadsInItsOwnTransactionWithTheSameResult(PgServer server) {
    try (TestDatabase source = server.createDatabase();
        TestDatabase existing = emptyShop(server);
        TestDatabase created = server.createDatabase()) {
      Path snapshot = shopSnapshot(source);
      created.execute(functionOf(SHOP));
      RestoreOptions twoJobs = RestoreOptions.defaults().withJobs(2);

      RestoreResult intoExisting =
          restore(
              existing,
              snapshot,
              twoJobs.withTables(List.of("customer", "product", "pur*", "refund", "audit_note")));
      RestoreResult withCreate =
          restore(
              created,
              snapshot,
              twoJobs
                  .withCreate(true)
                  .withTables(List.of("customer", "product", "pur*", "refund", "audit_note")));

      assertEquals(11, intoExisting.rowsLoaded());
      assertEquals(11, withCreate.rowsLoaded());
      for (TestDatabase target : List.of(existing, created)) {
        assertEquals(rows(source, "public.customer"), rows(target, "public.customer"));
        assertEquals(rows(source, "public.audit_note"), rows(target, "public.audit_note"));
        assertEquals(
            partitionedRows(source, "public.purchase"), partitionedRows(target, "public.purchase"));
        assertEquals("4", value(target, "SELECT nextval('public.product_sku_seq')"));
      }
      assertEquals(
          "O",
          value(existing, "SELECT tgenabled FROM pg_trigger WHERE tgname = 'audit_note_rewrite'"));
      String keys =
          "SELECT conrelid::regclass || ' ' || conname FROM pg_constraint"
              + " WHERE connamespace = 'public'::regnamespace AND contype IN ('p', 'f', 'u')"
              + " AND conrelid::regclass::text NOT IN ('team', 'player') ORDER BY 1";
      assertEquals(strings(source, keys), strings(created, keys));
    }
  }

  @OnOneServer
  void jobsAreRefusedWhereAFailureCouldNotBeUndone(PgServer server) {
    try (TestDatabase source = server.createDatabase();
        TestDatabase target = emptyShop(server)) {
      Path snapshot = shopSnapshot(source);

      Cli.Result truncate =
          Cli.run(
              "restore",
              snapshot.toString(),
              "--url",
              target.uri(),
              "--jobs",
              "2",
              "--mode",
              "truncate",
              "--yes");
      Cli.Result cycle =
          Cli.run("restore", snapshot.toString(), "--url", target.uri(), "--jobs", "2");

      assertEquals(2, truncate.exitCode(), truncate.err());
      assertTrue(truncate.err().contains("use --jobs 1 for --mode truncate"), truncate.err());
      assertEquals(2, cycle.exitCode(), cycle.err());
      assertTrue(cycle.err().contains("reference each other in a cycle"), cycle.err());
      assertEquals(List.of(), rows(target, "public.customer"));
    }
  }

  @OnOneServer
  void whenAJobFailsTheLoadedTablesAreEmptiedAndTheCreatedOnesDropped(PgServer server) {
    try (TestDatabase source = server.createDatabase();
        TestDatabase target = server.createDatabase()) {
      Path snapshot = shopSnapshot(source);
      target.execute(
          functionOf(SHOP),
          "CREATE TABLE public.audit_note (id integer PRIMARY KEY, note text)",
          "CREATE TABLE public.product (sku integer PRIMARY KEY, title text NOT NULL,"
              + " price numeric(10, 2) NOT NULL CHECK (price > 100))");

      Cli.Result result =
          Cli.run(
              "restore",
              snapshot.toString(),
              "--url",
              target.uri(),
              "--jobs",
              "2",
              "--create",
              "--table",
              "audit_note",
              "--table",
              "product",
              "--table",
              "customer");

      assertEquals(1, result.exitCode(), result.err());
      assertTrue(result.err().contains("so the target is as it was"), result.err());
      assertEquals(List.of(), rows(target, "public.audit_note"));
      assertEquals(List.of(), rows(target, "public.product"));
      assertEquals(
          List.of(), strings(target, "SELECT relname FROM pg_class WHERE relname = 'customer'"));
    }
  }

  @AcrossServers
  void rowsThatANotValidConstraintWouldRefuseRestoreAndTheConstraintStaysNotValid(PgServer server) {
    String schema =
        "CREATE TABLE public.parent (id integer PRIMARY KEY);"
            + "CREATE TABLE public.child (id integer PRIMARY KEY, parent_id integer, v integer);"
            + "INSERT INTO public.parent VALUES (1);"
            + "INSERT INTO public.child VALUES (1, 1, 5), (2, 99, -5);"
            + "ALTER TABLE public.child ADD CONSTRAINT child_parent_fk FOREIGN KEY (parent_id)"
            + " REFERENCES public.parent NOT VALID;"
            + "ALTER TABLE public.child ADD CONSTRAINT child_v_positive CHECK (v > 0) NOT VALID;";
    try (TestDatabase source = server.createDatabase();
        TestDatabase target = server.createDatabase()) {
      source.execute(schema);
      Path snapshot =
          Pgsnap.using(source.dataSource()).export(ExportOptions.defaults(out)).snapshot();
      target.execute(schema, "TRUNCATE public.parent, public.child");

      RestoreResult result = restore(target, snapshot, RestoreOptions.defaults());

      assertEquals(List.of("(1,1,5)", "(2,99,-5)"), rows(target, "public.child"));
      assertEquals(2, result.plan().notes().size());
      assertEquals(
          List.of("child_parent_fk false", "child_v_positive false"),
          strings(
              target,
              "SELECT conname || ' ' || convalidated FROM pg_constraint"
                  + " WHERE conrelid = 'public.child'::regclass AND contype IN ('c', 'f')"
                  + " ORDER BY 1"));
    }
  }

  /** The shop script's function alone, which the trigger of a created table needs. */
  private static String functionOf(String resource) {
    String script = resource(resource);
    int start = script.indexOf("CREATE FUNCTION");
    int end = script.indexOf("END $$;", start) + "END $$;".length();
    return script.substring(start, end);
  }

  private static String resource(String name) {
    try (InputStream in = RestoreIT.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static DataSource as(TestDatabase db, PgServer server, String user, String password) {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setServerNames(new String[] {server.host()});
    ds.setPortNumbers(new int[] {server.port()});
    ds.setDatabaseName(db.name());
    ds.setUser(user);
    ds.setPassword(password);
    return ds;
  }
}
