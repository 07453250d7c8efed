package io.pgsnap.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.pgsnap.ErrorCode;
import io.pgsnap.PgsnapException;
import io.pgsnap.catalog.Column.Generated;
import io.pgsnap.catalog.Column.Identity;
import io.pgsnap.testsupport.AcrossServers;
import io.pgsnap.testsupport.OnOneServer;
import io.pgsnap.testsupport.PgServer;
import io.pgsnap.testsupport.TestDatabase;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;

/**
 * {@link CatalogReader} against every server major of the suite. Pattern matching and the query
 * count, which are the reader's own whatever the major, run on one server.
 */
class CatalogReaderIT {

  private static final TableSelection FIXTURE_SCHEMAS =
      selection(List.of("public", "app", "\"Weird.Schema\""), List.of(), List.of(), List.of());

  // ---------------------------------------------------------------------------------------------
  // The DDL round trip

  @AcrossServers
  void ddlRecreatesEveryTableSoThatTheCatalogReadsBackEqual(PgServer server) throws SQLException {
    try (TestDatabase source = server.createDatabase();
        TestDatabase target = server.createDatabase()) {
      loadFixture(source);
      Catalog original = read(source, FIXTURE_SCHEMAS);

      target.runScript("/catalog/types.sql");
      recreate(target, original);
      Catalog recreated = read(target, FIXTURE_SCHEMAS);

      assertEquals(
          original.tables().stream().map(CatalogReaderIT::withoutEstimates).toList(),
          recreated.tables().stream().map(CatalogReaderIT::withoutEstimates).toList());
      assertEquals(original.sequences(), recreated.sequences());
    }
  }

  /** Runs the DDL in the order a restore with {@code --create} runs it. */
  private static void recreate(TestDatabase db, Catalog catalog) throws SQLException {
    List<String> statements = new ArrayList<>();
    for (Sequence s : catalog.sequences()) {
      if (!s.identity()) {
        statements.add(s.createSql());
      }
    }
    List<Table> tables = parentsFirst(catalog.tables());
    tables.forEach(t -> statements.add(t.ddl().createTable()));
    tables.forEach(t -> statements.addAll(t.ddl().partitions()));
    tables.forEach(t -> statements.addAll(t.ddl().constraints()));
    tables.forEach(t -> statements.addAll(t.ddl().indexes()));
    tables.forEach(t -> statements.addAll(t.ddl().foreignKeys()));
    for (Table t : tables) {
      if (t.rowSecurity()) {
        statements.add("ALTER TABLE " + t.id().sql() + " ENABLE ROW LEVEL SECURITY");
      }
    }
    for (Sequence s : catalog.sequences()) {
      if (s.ownedBySql() != null) {
        statements.add(s.ownedBySql());
      }
      statements.add(s.setValueSql());
    }
    // An empty search path proves the DDL names every object it needs.
    try (Connection c = db.connect();
        Statement s = c.createStatement()) {
      s.execute("SET search_path = ''");
      for (String sql : statements) {
        try {
          s.execute(sql);
        } catch (SQLException e) {
          throw new SQLException("failed: " + sql + "\n" + e.getMessage(), e);
        }
      }
    }
  }

  /** Inheritance parents must exist before their children's CREATE TABLE ... INHERITS. */
  private static List<Table> parentsFirst(List<Table> tables) {
    Map<TableId, Table> pending = new LinkedHashMap<>();
    tables.forEach(t -> pending.put(t.id(), t));
    List<Table> ordered = new ArrayList<>();
    Set<TableId> done = new HashSet<>();
    while (!pending.isEmpty()) {
      for (Table t : List.copyOf(pending.values())) {
        if (t.inheritsFrom().stream().allMatch(p -> done.contains(p) || !pending.containsKey(p))) {
          ordered.add(t);
          done.add(t.id());
          pending.remove(t.id());
        }
      }
    }
    return ordered;
  }

  private static Table withoutEstimates(Table t) {
    return new Table(
        t.id(),
        t.kind(),
        t.unlogged(),
        t.columns(),
        t.primaryKey(),
        t.constraints(),
        t.foreignKeys(),
        t.indexes(),
        t.inheritsFrom(),
        t.partitions(),
        t.dependsOn(),
        t.rowSecurity(),
        t.rowSecurityApplies(),
        t.readable(),
        0,
        0,
        t.ddl(),
        t.attached());
  }

  // ---------------------------------------------------------------------------------------------
  // Selection

  @AcrossServers
  void defaultSelectionIsEveryOrdinaryAndPartitionedTableOfPublicButNoPartition(PgServer server)
      throws SQLException {
    try (TestDatabase db = server.createDatabase()) {
      loadFixture(db);
      Catalog catalog = read(db, TableSelection.defaults());

      List<TableId> ids = ids(catalog);
      assertTrue(ids.contains(new TableId("public", "events")));
      assertTrue(ids.contains(new TableId("public", "MixedCase")));
      assertTrue(ids.stream().allMatch(id -> id.schema().equals("public")), ids::toString);
      assertTrue(ids.stream().noneMatch(id -> id.name().startsWith("events_2")), ids::toString);
      assertEquals(ids.stream().sorted().toList(), ids);
    }
  }

  // Patterns are matched by pgsnap over the tables the catalog lists, which the tests of the
  // default selection, the search path and partitions read on every major.
  @OnOneServer
  void tablePatternFoldsUnquotedLettersAndTakesQuotedNamesLiterally(PgServer server)
      throws SQLException {
    try (TestDatabase db = server.createDatabase()) {
      loadFixture(db);

      assertEquals(
          List.of(new TableId("public", "lower_name")), ids(read(db, tables("LOWER_NAME"))));
      assertEquals(
          List.of(new TableId("public", "MixedCase")), ids(read(db, tables("\"MixedCase\""))));
      assertEquals(
          List.of(new TableId("Weird.Schema", "Quote\"d")),
          ids(read(db, tables("\"Weird.Schema\".\"Quote\"\"d\""))));
      assertEquals(
          List.of(new TableId("public", "dotted.name")),
          ids(read(db, tables("public.\"dotted.name\""))));
      assertEquals(
          List.of(new TableId("public", "with space"), new TableId("public", "ünïcødé")),
          ids(read(db, tables("\"with space\"", "ünïcødé"))));
    }
  }

  // Patterns are matched by pgsnap over the tables the catalog lists, which the tests of the
  // default selection, the search path and partitions read on every major.
  @OnOneServer
  void tablePatternWildcardsSpanSchemasWhenQualified(PgServer server) throws SQLException {
    try (TestDatabase db = server.createDatabase()) {
      loadFixture(db);

      assertEquals(
          List.of(
              new TableId("app", "customers"),
              new TableId("public", "cycle_a"),
              new TableId("public", "cycle_b")),
          ids(read(db, tables("*.cycle_?", "*.cust*"))));
    }
  }

  @AcrossServers
  void unqualifiedTablePatternMatchesOnlyTablesOnTheSearchPath(PgServer server) {
    try (TestDatabase db = server.createDatabase()) {
      loadFixture(db);

      PgsnapException e = assertThrows(PgsnapException.class, () -> read(db, tables("customers")));
      assertEquals(ErrorCode.USAGE, e.code());
      assertTrue(e.getMessage().contains("matches app.customers"), e.getMessage());
      assertTrue(e.getMessage().contains("'app.customers'"), e.getMessage());
    }
  }

  // Patterns are matched by pgsnap over the tables the catalog lists, which the tests of the
  // default selection, the search path and partitions read on every major.
  @OnOneServer
  void tablePatternThatMatchesNothingIsAUsageError(PgServer server) {
    try (TestDatabase db = server.createDatabase()) {
      loadFixture(db);

      PgsnapException e =
          assertThrows(PgsnapException.class, () -> read(db, tables("public.nope*")));
      assertEquals(ErrorCode.USAGE, e.code());
      assertTrue(
          e.getMessage().startsWith("--table pattern 'public.nope*' matches no table"),
          e.getMessage());
    }
  }

  // Patterns are matched by pgsnap over the tables the catalog lists, which the tests of the
  // default selection, the search path and partitions read on every major.
  @OnOneServer
  void schemaPatternThatMatchesNothingIsAUsageError(PgServer server) {
    try (TestDatabase db = server.createDatabase()) {
      loadFixture(db);

      PgsnapException e =
          assertThrows(
              PgsnapException.class,
              () -> read(db, selection(List.of("nowhere"), List.of(), List.of(), List.of())));
      assertEquals(ErrorCode.USAGE, e.code());
      assertTrue(
          e.getMessage().startsWith("--schema pattern 'nowhere' matches no table"), e.getMessage());
    }
  }

  @AcrossServers
  void tablePatternThatMatchesOnlyAPartitionNamesItsRoot(PgServer server) {
    try (TestDatabase db = server.createDatabase()) {
      loadFixture(db);

      PgsnapException e =
          assertThrows(PgsnapException.class, () -> read(db, tables("events_2024_eu")));
      assertEquals(ErrorCode.USAGE, e.code());
      assertTrue(
          e.getMessage()
              .contains(
                  "public.events_2024_eu is a partition of public.events; pgsnap exports"
                      + " partitions through their root, select public.events"),
          e.getMessage());
    }
  }

  // Patterns are matched by pgsnap over the tables the catalog lists, which the tests of the
  // default selection, the search path and partitions read on every major.
  @OnOneServer
  void excludePatternsRemoveTablesAfterTheIncludes(PgServer server) throws SQLException {
    try (TestDatabase db = server.createDatabase()) {
      loadFixture(db);
      TableSelection selection =
          selection(
              List.of("public", "app"),
              List.of("\"Weird.Schema\".*"),
              List.of("app"),
              List.of("event*", "\"Weird.Schema\".*"));

      List<TableId> ids = ids(read(db, selection));

      assertTrue(ids.contains(new TableId("public", "orders")));
      assertTrue(ids.stream().noneMatch(id -> id.name().startsWith("event")), ids::toString);
      assertTrue(ids.stream().allMatch(id -> id.schema().equals("public")), ids::toString);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Columns and DDL

  @AcrossServers
  void columnsCarryQualifiedTypesDefaultsNotNullAndCollation(PgServer server) throws SQLException {
    try (TestDatabase db = server.createDatabase()) {
      loadFixture(db);
      Table typed = only(read(db, tables("typed")));

      assertEquals(
          List.of(
              new Column(
                  "m",
                  "types.mood",
                  true,
                  "'ok'::types.mood",
                  Generated.NONE,
                  null,
                  Identity.NONE,
                  null),
              column("p", "types.posint"),
              column("c", "types.pair"),
              column("ms", "types.mood[]"),
              column("n", "numeric(10,2)"),
              new Column(
                  "v",
                  "character varying(20)",
                  false,
                  null,
                  Generated.NONE,
                  null,
                  Identity.NONE,
                  "\"pg_catalog\".\"POSIX\""),
              column("t", "timestamp(3) with time zone")),
          typed.columns());
    }
  }

  @AcrossServers
  void generatedColumnKeepsItsExpressionAndIsNotCopied(PgServer server) throws SQLException {
    try (TestDatabase db = server.createDatabase()) {
      loadFixture(db);
      Table t = only(read(db, tables("measurements")));

      Column area = t.columns().get(2);
      assertEquals(Generated.STORED, area.generated());
      assertEquals("(w * h)", area.generationExpression());
      assertNull(area.defaultExpression());
      assertEquals(List.of("w", "h"), t.copiedColumns().stream().map(Column::name).toList());
      assertTrue(
          t.ddl().createTable().contains("\"area\" numeric GENERATED ALWAYS AS ((w * h)) STORED"),
          t.ddl().createTable());
    }
  }

  @AcrossServers
  void identityColumnsKeepKindSequenceNameAndOptions(PgServer server) throws SQLException {
    try (TestDatabase db = server.createDatabase()) {
      loadFixture(db);
      Catalog catalog = read(db, tables("ident_*"));

      Table always = catalog.tables().get(0);
      Table byDefault = catalog.tables().get(1);
      assertEquals(Identity.ALWAYS, always.columns().get(0).identity());
      assertEquals(Identity.BY_DEFAULT, byDefault.columns().get(0).identity());
      assertEquals(
          "CREATE TABLE \"public\".\"ident_always\" (\n"
              + "    \"id\" bigint GENERATED ALWAYS AS IDENTITY (SEQUENCE NAME"
              + " \"public\".\"ident_always_id_seq\" START WITH 100 INCREMENT BY 5 MINVALUE 1"
              + " MAXVALUE 9223372036854775807 CACHE 1 NO CYCLE) NOT NULL,\n"
              + "    \"note\" text\n"
              + ")",
          always.ddl().createTable());
      Sequence seq = catalog.sequences().get(0);
      assertEquals(new TableId("public", "ident_always_id_seq"), seq.id());
      assertTrue(seq.identity());
      assertEquals(new Sequence.OwnedBy(always.id(), "id"), seq.ownedBy());
      assertEquals(105, seq.lastValue());
      assertTrue(seq.called());
    }
  }

  @AcrossServers
  void serialSequencesComeWithTheirTableAndKeepTheirValues(PgServer server) throws SQLException {
    try (TestDatabase db = server.createDatabase()) {
      loadFixture(db);
      Catalog catalog = read(db, tables("serials"));

      assertEquals(
          List.of(
              new Sequence(
                  new TableId("public", "serials_big_seq"),
                  "bigint",
                  1,
                  1,
                  1,
                  Long.MAX_VALUE,
                  1,
                  false,
                  3,
                  true,
                  new Sequence.OwnedBy(new TableId("public", "serials"), "big"),
                  false),
              new Sequence(
                  new TableId("public", "serials_id_seq"),
                  "integer",
                  1,
                  1,
                  1,
                  Integer.MAX_VALUE,
                  1,
                  false,
                  3,
                  true,
                  new Sequence.OwnedBy(new TableId("public", "serials"), "id"),
                  false)),
          catalog.sequences());
      assertEquals(
          "nextval('public.serials_id_seq'::regclass)",
          catalog.tables().get(0).columns().get(0).defaultExpression());
    }
  }

  @AcrossServers
  void sequenceUsedByADefaultComesWithTheTableAndStandaloneOnesOnlyWithSchemas(PgServer server)
      throws SQLException {
    try (TestDatabase db = server.createDatabase()) {
      loadFixture(db);

      Catalog byTable = read(db, tables("tickets"));
      assertEquals(
          List.of(new TableId("public", "ticket_seq")),
          byTable.sequences().stream().map(Sequence::id).toList());
      Sequence ticket = byTable.sequences().get(0);
      assertNull(ticket.ownedBy());
      assertEquals(1000, ticket.lastValue());
      assertFalse(ticket.called());

      List<TableId> bySchema =
          read(db, TableSelection.defaults()).sequences().stream().map(Sequence::id).toList();
      assertTrue(bySchema.contains(new TableId("public", "unused_seq")), bySchema::toString);
      assertTrue(bySchema.contains(new TableId("public", "ticket_seq")), bySchema::toString);
    }
  }

  @AcrossServers
  void partitionedTableListsItsWholeTreeParentsFirst(PgServer server) throws SQLException {
    try (TestDatabase db = server.createDatabase()) {
      loadFixture(db);
      Table events = only(read(db, tables("events")));

      TableId root = new TableId("public", "events");
      TableId y2024 = new TableId("public", "events_2024");
      assertEquals(Table.Kind.PARTITIONED, events.kind());
      assertEquals(
          List.of(
              new Partition(
                  new TableId("public", "events_2023"),
                  root,
                  "FOR VALUES FROM ('2023-01-01') TO ('2024-01-01')",
                  null),
              new Partition(
                  y2024, root, "FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')", "LIST (region)"),
              new Partition(new TableId("public", "events_default"), root, "DEFAULT", null),
              new Partition(
                  new TableId("public", "events_2024_eu"), y2024, "FOR VALUES IN ('eu')", null),
              new Partition(new TableId("public", "events_2024_other"), y2024, "DEFAULT", null)),
          events.partitions().stream().map(p -> p.withAttached(Attached.NONE)).toList());
      assertTrue(events.ddl().createTable().endsWith(") PARTITION BY RANGE (created)"));
      assertEquals(
          "CREATE TABLE \"public\".\"events_2024\" PARTITION OF \"public\".\"events\" FOR VALUES"
              + " FROM ('2024-01-01') TO ('2025-01-01') PARTITION BY LIST (region)",
          events.ddl().partitions().get(1));
      assertEquals(
          List.of(
              "ALTER TABLE \"public\".\"events\" ADD CONSTRAINT \"events_pkey\" PRIMARY KEY (id,"
                  + " created, region)"),
          events.ddl().constraints());
      assertEquals(
          List.of("CREATE INDEX events_payload ON public.events USING btree (payload)"),
          events.ddl().indexes());
    }
  }

  @AcrossServers
  void partitionedTableAddsConstraintsAndForeignKeysWithoutOnly(PgServer server)
      throws SQLException {
    try (TestDatabase db = server.createDatabase()) {
      loadFixture(db);
      Table readings = only(read(db, tables("readings")));

      assertEquals(
          List.of(
              "ALTER TABLE \"public\".\"readings\" ADD CONSTRAINT \"readings_sensor_id_key\""
                  + " UNIQUE (sensor, id)",
              "ALTER TABLE \"public\".\"readings\" ADD CONSTRAINT \"readings_v_positive\""
                  + " CHECK ((v > (0)::numeric))"),
          readings.ddl().constraints());
      assertEquals(
          List.of(
              "ALTER TABLE \"public\".\"readings\" ADD CONSTRAINT \"readings_customer_fk\""
                  + " FOREIGN KEY (customer_id) REFERENCES app.customers(id)"),
          readings.ddl().foreignKeys());
      assertEquals(
          "FOR VALUES WITH (modulus 2, remainder 0)", readings.partitions().get(0).bound());
    }
  }

  @AcrossServers
  void partitionedTableEstimatesAreTheSumOfItsLeaves(PgServer server) throws SQLException {
    try (TestDatabase db = server.createDatabase()) {
      loadFixture(db);
      db.execute("ANALYZE public.events");
      Table events = only(read(db, tables("events")));

      assertEquals(2000, events.estimatedRows());
      assertTrue(events.estimatedBytes() > 0);
    }
  }

  @AcrossServers
  void neverAnalyzedTableEstimatesZeroRowsNotMinusOne(PgServer server) throws SQLException {
    try (TestDatabase db = server.createDatabase()) {
      loadFixture(db);

      assertEquals(0, only(read(db, tables("scratch"))).estimatedRows());
    }
  }

  @AcrossServers
  void inheritanceChildRepeatsOnlyColumnsItDefinesOrChanges(PgServer server) throws SQLException {
    try (TestDatabase db = server.createDatabase()) {
      loadFixture(db);
      Catalog catalog = read(db, tables("car", "boat"));
      Table boat = catalog.tables().get(0);
      Table car = catalog.tables().get(1);

      TableId vehicle = new TableId("public", "vehicle");
      assertEquals(List.of(vehicle), car.inheritsFrom());
      assertEquals(
          List.of("id", "name", "doors"), car.columns().stream().map(Column::name).toList());
      assertEquals(
          "CREATE TABLE \"public\".\"car\" (\n    \"doors\" integer\n)"
              + " INHERITS (\"public\".\"vehicle\")",
          car.ddl().createTable());
      assertEquals(
          List.of(
              new Constraint(
                  "car_doors_check",
                  Constraint.Kind.CHECK,
                  "CHECK (((doors >= 1) AND (doors <= 5)))")),
          car.constraints());
      assertEquals(
          "CREATE TABLE \"public\".\"boat\" (\n"
              + "    \"name\" text DEFAULT 'boaty'::text,\n"
              + "    \"draft\" numeric\n"
              + ") INHERITS (\"public\".\"vehicle\")",
          boat.ddl().createTable());
    }
  }

  @AcrossServers
  void inheritanceChildListsAnInheritedColumnItChanged(PgServer server) throws SQLException {
    try (TestDatabase db = server.createDatabase()) {
      loadFixture(db);
      Table truck = only(read(db, tables("truck")));

      assertEquals(
          "CREATE TABLE \"public\".\"truck\" (\n"
              + "    \"name\" text DEFAULT 'unnamed'::text NOT NULL,\n"
              + "    \"payload\" integer\n"
              + ") INHERITS (\"public\".\"vehicle\")",
          truck.ddl().createTable());
    }
  }

  @AcrossServers
  void inheritanceChildKeepsItsParentsInOrder(PgServer server) throws SQLException {
    try (TestDatabase db = server.createDatabase()) {
      loadFixture(db);
      Table amphibian = only(read(db, tables("amphibian")));

      assertEquals(
          List.of(new TableId("public", "vehicle"), new TableId("public", "labelled")),
          amphibian.inheritsFrom());
      assertEquals(
          List.of("id", "name", "label", "wheels"),
          amphibian.columns().stream().map(Column::name).toList());
      assertEquals(List.of(), amphibian.constraints());
      assertTrue(
          amphibian
              .ddl()
              .createTable()
              .endsWith(") INHERITS (\"public\".\"vehicle\", \"public\".\"labelled\")"),
          amphibian.ddl().createTable());
    }
  }

  @AcrossServers
  void checkOnAnInheritanceParentIsAddedWithoutOnlySoChildrenGetItToo(PgServer server)
      throws SQLException {
    try (TestDatabase db = server.createDatabase()) {
      loadFixture(db);

      assertEquals(
          List.of(
              "ALTER TABLE \"public\".\"vehicle\" ADD CONSTRAINT \"vehicle_id_check\" CHECK ((id >"
                  + " 0))"),
          only(read(db, tables("vehicle"))).ddl().constraints());
    }
  }

  @AcrossServers
  void zeroColumnTableHasAnEmptyColumnList(PgServer server) throws SQLException {
    try (TestDatabase db = server.createDatabase()) {
      loadFixture(db);
      Table empty = only(read(db, tables("empty")));

      assertEquals(List.of(), empty.columns());
      assertEquals("CREATE TABLE \"public\".\"empty\" ()", empty.ddl().createTable());
    }
  }

  @AcrossServers
  void unloggedTableIsCreatedUnlogged(PgServer server) throws SQLException {
    try (TestDatabase db = server.createDatabase()) {
      loadFixture(db);
      Table scratch = only(read(db, tables("scratch")));

      assertTrue(scratch.unlogged());
      assertEquals(
          "CREATE UNLOGGED TABLE \"public\".\"scratch\" (\n    \"id\" integer\n)",
          scratch.ddl().createTable());
    }
  }

  @AcrossServers
  void quotedNamesAreQuotedEverywhereInTheDdl(PgServer server) throws SQLException {
    try (TestDatabase db = server.createDatabase()) {
      loadFixture(db);
      Table quoted = only(read(db, tables("\"Weird.Schema\".*")));

      assertEquals(
          "CREATE TABLE \"Weird.Schema\".\"Quote\"\"d\" (\n"
              + "    \"id\" integer,\n"
              + "    \"Select\" text\n"
              + ")",
          quoted.ddl().createTable());
    }
  }

  @AcrossServers
  void virtualGeneratedColumnRoundTripsOnPostgres18(PgServer server) throws SQLException {
    assumeTrue(server.major() >= 18, "virtual generated columns arrived in PostgreSQL 18");
    try (TestDatabase source = server.createDatabase();
        TestDatabase target = server.createDatabase()) {
      source.execute(
          "CREATE TABLE public.v (a integer, b integer GENERATED ALWAYS AS (a * 2) VIRTUAL)");
      Catalog original = read(source, TableSelection.defaults());
      Column b = original.tables().get(0).columns().get(1);

      recreate(target, original);

      assertEquals(Generated.VIRTUAL, b.generated());
      assertEquals("(a * 2)", b.generationExpression());
      assertEquals(original, read(target, TableSelection.defaults()));
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Keys, constraints, indexes

  @AcrossServers
  void foreignKeysAcrossSchemasCompositeSelfReferencingAndInACycle(PgServer server)
      throws SQLException {
    try (TestDatabase db = server.createDatabase()) {
      loadFixture(db);
      Catalog catalog = read(db, tables("orders", "employees", "cycle_*"));
      Table cycleA = catalog.tables().get(0);
      Table cycleB = catalog.tables().get(1);
      Table employees = catalog.tables().get(2);
      Table orders = catalog.tables().get(3);

      TableId customers = new TableId("app", "customers");
      assertEquals(
          List.of(
              new ForeignKey(
                  "orders_code_region_fkey",
                  List.of("code", "region"),
                  customers,
                  List.of("code", "region"),
                  true,
                  "FOREIGN KEY (code, region) REFERENCES app.customers(code, region) DEFERRABLE"
                      + " INITIALLY DEFERRED"),
              new ForeignKey(
                  "orders_customer_id_fkey",
                  List.of("customer_id"),
                  customers,
                  List.of("id"),
                  false,
                  "FOREIGN KEY (customer_id) REFERENCES app.customers(id) ON DELETE CASCADE")),
          orders.foreignKeys());
      assertEquals(List.of(customers), orders.dependsOn());
      assertEquals(List.of("id"), orders.primaryKey());
      assertEquals(
          "ALTER TABLE ONLY \"public\".\"orders\" ADD CONSTRAINT \"orders_customer_id_fkey\""
              + " FOREIGN KEY (customer_id) REFERENCES app.customers(id) ON DELETE CASCADE",
          orders.ddl().foreignKeys().get(1));
      assertEquals(employees.id(), employees.foreignKeys().get(0).referencedTable());
      assertEquals(List.of(), employees.dependsOn());
      assertEquals(List.of(cycleB.id()), cycleA.dependsOn());
      assertEquals(List.of(cycleA.id()), cycleB.dependsOn());
    }
  }

  @AcrossServers
  void foreignKeyToAPartitionedTableAppearsOnceNotPerPartition(PgServer server)
      throws SQLException {
    try (TestDatabase db = server.createDatabase()) {
      loadFixture(db);
      Table notes = only(read(db, tables("event_notes")));

      assertEquals(
          List.of("event_notes_event_fk"),
          notes.foreignKeys().stream().map(ForeignKey::name).toList());
      assertEquals(List.of(new TableId("public", "events")), notes.dependsOn());
    }
  }

  @AcrossServers
  void uniqueCheckAndExclusionAreConstraintsAndOtherIndexesAreIndexes(PgServer server)
      throws SQLException {
    try (TestDatabase db = server.createDatabase()) {
      loadFixture(db);
      Table bookings = only(read(db, tables("bookings")));

      assertEquals(
          List.of(
              new Constraint("bookings_code_key", Constraint.Kind.UNIQUE, "UNIQUE (code)"),
              new Constraint(
                  "no_overlap", Constraint.Kind.EXCLUSION, "EXCLUDE USING gist (during WITH &&)"),
              new Constraint(
                  "price_positive", Constraint.Kind.CHECK, "CHECK ((price >= (0)::numeric))")),
          bookings.constraints());
      assertEquals(
          List.of(
              new Index(
                  "bookings_cheap",
                  "CREATE INDEX bookings_cheap ON public.bookings USING btree (price) WHERE (price"
                      + " < (100)::numeric)"),
              new Index(
                  "bookings_id",
                  "CREATE UNIQUE INDEX bookings_id ON public.bookings USING btree (id)"),
              new Index(
                  "bookings_lower_code",
                  "CREATE INDEX bookings_lower_code ON public.bookings USING btree (lower(code))")),
          bookings.indexes());
      assertEquals(List.of(), bookings.primaryKey());
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Privileges and row security

  @AcrossServers
  void rowSecurityAppliesToOrdinaryUsersAndForcedOwnersButNotToSuperusersOrBypassRls(
      PgServer server) throws SQLException {
    try (TestDatabase db = server.createDatabase()) {
      loadFixture(db);
      String role = createRole(db);
      try {
        db.execute("GRANT SELECT ON public.secrets TO " + role);

        Table asOwner = only(read(db, tables("secrets")));
        Table asUser = only(read(db, tables("secrets"), role));
        db.execute("ALTER TABLE public.secrets OWNER TO " + role);
        db.execute("ALTER TABLE public.secrets FORCE ROW LEVEL SECURITY");
        Table asForcedOwner = only(read(db, tables("secrets"), role));
        Table asSuperuser = only(read(db, tables("secrets")));
        db.execute("ALTER ROLE " + role + " BYPASSRLS");
        Table asBypassingOwner = only(read(db, tables("secrets"), role));

        assertTrue(asOwner.rowSecurity());
        assertFalse(asOwner.rowSecurityApplies());
        assertTrue(asUser.rowSecurityApplies());
        assertTrue(asForcedOwner.rowSecurityApplies());
        assertFalse(asSuperuser.rowSecurityApplies());
        assertFalse(asBypassingOwner.rowSecurityApplies());
      } finally {
        dropRole(db, role);
      }
    }
  }

  @AcrossServers
  void tableWithoutSelectPrivilegeIsReadButMarkedUnreadable(PgServer server) throws SQLException {
    try (TestDatabase db = server.createDatabase()) {
      loadFixture(db);
      String role = createRole(db);
      try {
        db.execute("GRANT SELECT ON public.\"MixedCase\" TO " + role);

        Catalog catalog = read(db, tables("\"MixedCase\"", "lower_name"), role);

        assertTrue(catalog.tables().get(0).readable());
        assertFalse(catalog.tables().get(1).readable());
        assertEquals(1, catalog.tables().get(1).columns().size());
      } finally {
        dropRole(db, role);
      }
    }
  }

  @AcrossServers
  void sequenceTheUserCannotReadIsAPermissionError(PgServer server) throws SQLException {
    try (TestDatabase db = server.createDatabase()) {
      loadFixture(db);
      String role = createRole(db);
      try {
        db.execute("GRANT SELECT ON public.serials TO " + role);

        PgsnapException e =
            assertThrows(PgsnapException.class, () -> read(db, tables("serials"), role));

        assertEquals(ErrorCode.PERMISSION, e.code());
        assertTrue(
            e.getMessage()
                .contains(
                    "GRANT SELECT ON SEQUENCE \"public\".\"serials_big_seq\","
                        + " \"public\".\"serials_id_seq\" TO"),
            e.getMessage());
      } finally {
        dropRole(db, role);
      }
    }
  }

  @AcrossServers
  void sequenceOfATableTheUserCannotReadIsLeftOutNotAnError(PgServer server) throws SQLException {
    try (TestDatabase db = server.createDatabase()) {
      loadFixture(db);
      String role = createRole(db);
      try {
        Catalog catalog = read(db, tables("serials"), role);

        assertFalse(only(catalog).readable());
        assertEquals(List.of(), catalog.sequences());
      } finally {
        dropRole(db, role);
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Session contract

  @AcrossServers
  void readerRefusesASessionWithASearchPath(PgServer server) throws SQLException {
    try (TestDatabase db = server.createDatabase();
        Connection c = db.connect()) {
      IllegalStateException e =
          assertThrows(
              IllegalStateException.class,
              () -> new CatalogReader(c).read(TableSelection.defaults()));
      assertTrue(e.getMessage().contains("search_path"), e.getMessage());
    }
  }

  @AcrossServers
  void extendedAndSimpleQueryProtocolsReadTheSameCatalog(PgServer server) throws SQLException {
    try (TestDatabase db = server.createDatabase()) {
      loadFixture(db);
      // Settles the size and row estimates both reads include, which an autovacuum between them
      // would change (it creates the free-space and visibility maps and counts the rows).
      db.execute("VACUUM ANALYZE");
      Catalog simple = read(db, FIXTURE_SCHEMAS);

      Properties props = new Properties();
      props.setProperty("user", server.superuser());
      props.setProperty("password", server.superuserPassword());
      Catalog extended;
      try (Connection c = DriverManager.getConnection(db.jdbcUrl(), props)) {
        extended = readOn(c, FIXTURE_SCHEMAS);
      }

      assertEquals(simple, extended);
    }
  }

  // The reader sends the same statements to every major, and what they read is checked on every
  // major above; the count is the reader's own, so it runs once, on 1200 tables.
  @OnOneServer
  void queryCountDoesNotGrowWithTheNumberOfTables(PgServer server) throws SQLException {
    try (TestDatabase db = server.createDatabase()) {
      StringBuilder script = new StringBuilder("CREATE SCHEMA many;");
      for (int i = 1; i <= 1200; i++) {
        script.append(
            "CREATE TABLE many.t%d (id serial PRIMARY KEY, ref integer REFERENCES many.t1,"
                    .formatted(i)
                + " note text CHECK (note <> ''));");
      }
      db.execute(script.toString());
      TableSelection many = selection(List.of("many"), List.of(), List.of(), List.of());
      int[] statements = {0};

      Catalog catalog;
      try (Connection c = db.connect()) {
        catalog = readOn(countingStatements(c, statements), many);
      }

      assertEquals(1200, catalog.tables().size());
      assertEquals(1200, catalog.sequences().size());
      assertEquals(List.of(new TableId("many", "t1")), catalog.tables().get(1).dependsOn());
      // session, candidates, 6 table queries, 6 for attached objects, sequences, 3 batches of
      // sequence values, plus the test's own transaction setup: far fewer than one per table.
      assertTrue(statements[0] <= 21, "statements: " + statements[0]);
    }
  }

  /** A connection that counts the statements created through it. */
  private static Connection countingStatements(Connection c, int[] count) {
    return (Connection)
        Proxy.newProxyInstance(
            Connection.class.getClassLoader(),
            new Class<?>[] {Connection.class},
            (proxy, method, args) -> {
              if (method.getName().equals("prepareStatement")
                  || method.getName().equals("createStatement")) {
                count[0]++;
              }
              try {
                return method.invoke(c, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }

  // ---------------------------------------------------------------------------------------------
  // Helpers

  private static void loadFixture(TestDatabase db) {
    db.runScript("/catalog/types.sql");
    db.runScript("/catalog/fixture.sql");
  }

  private static Catalog read(TestDatabase db, TableSelection selection) throws SQLException {
    return read(db, selection, null);
  }

  /**
   * Reads as the export does: REPEATABLE READ, empty search path, row security off, optionally as
   * another role.
   */
  private static Catalog read(TestDatabase db, TableSelection selection, String role)
      throws SQLException {
    try (Connection c = db.connect()) {
      if (role != null) {
        try (Statement s = c.createStatement()) {
          s.execute("SET ROLE " + role);
        }
      }
      return readOn(c, selection);
    }
  }

  private static Catalog readOn(Connection c, TableSelection selection) throws SQLException {
    c.setAutoCommit(false);
    c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
    try (Statement s = c.createStatement()) {
      // As the export: local to the transaction, and row security off.
      s.execute(
          "SELECT pg_catalog.set_config('search_path', '', true),"
              + " pg_catalog.set_config('row_security', 'off', true)");
    }
    try {
      return new CatalogReader(c).read(selection);
    } finally {
      c.rollback();
    }
  }

  private static String createRole(TestDatabase db) {
    String role = "pgsnap_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    db.execute("CREATE ROLE " + role, "GRANT USAGE ON SCHEMA public TO " + role);
    return role;
  }

  private static void dropRole(TestDatabase db, String role) {
    db.execute("DROP OWNED BY " + role, "DROP ROLE " + role);
  }

  private static TableSelection tables(String... patterns) {
    return selection(List.of(), List.of(patterns), List.of(), List.of());
  }

  private static TableSelection selection(
      List<String> schemas,
      List<String> tables,
      List<String> excludeSchemas,
      List<String> excludeTables) {
    return new TableSelection(schemas, tables, excludeSchemas, excludeTables);
  }

  private static List<TableId> ids(Catalog catalog) {
    return catalog.tables().stream().map(Table::id).toList();
  }

  private static Table only(Catalog catalog) {
    assertEquals(1, catalog.tables().size(), () -> ids(catalog).toString());
    return catalog.tables().get(0);
  }

  private static Column column(String name, String type) {
    return new Column(name, type, false, null, Generated.NONE, null, Identity.NONE, null);
  }
}
