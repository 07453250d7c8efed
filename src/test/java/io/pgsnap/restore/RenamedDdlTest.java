package io.pgsnap.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgsnap.ErrorCode;
import io.pgsnap.PgsnapException;
import io.pgsnap.catalog.Column;
import io.pgsnap.catalog.Column.Generated;
import io.pgsnap.catalog.Column.Identity;
import io.pgsnap.catalog.Constraint;
import io.pgsnap.catalog.Ddl;
import io.pgsnap.catalog.ForeignKey;
import io.pgsnap.catalog.Index;
import io.pgsnap.catalog.Partition;
import io.pgsnap.catalog.Sequence;
import io.pgsnap.catalog.Table;
import io.pgsnap.catalog.TableId;
import io.pgsnap.snapshot.Compression;
import io.pgsnap.snapshot.DataFormat;
import io.pgsnap.snapshot.ManifestTable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RenamedDdlTest {
  private static final TableId ORDERS = new TableId("public", "orders");

  // ---------------------------------------------------------------------------------------------
  // Names of the table and of what belongs to it

  @Test
  void intoSchemaKeepsEveryNameInTheNewSchema() {
    ManifestTable orders =
        new Spec(ORDERS)
            .column(notNull("id", "integer"))
            .column(
                new Column(
                    "note",
                    "text",
                    false,
                    "''::text",
                    Generated.NONE,
                    null,
                    Identity.NONE,
                    "\"pg_catalog\".\"C\""))
            .constraint(
                new Constraint("orders_pkey", Constraint.Kind.PRIMARY_KEY, "PRIMARY KEY (id)"))
            .constraint(
                new Constraint(
                    "orders_note_check", Constraint.Kind.CHECK, "CHECK ((note <> ''::text))"))
            .index(
                "orders_note_idx",
                "CREATE INDEX orders_note_idx ON public.orders USING btree (note)")
            .build();

    CreateScript script = write(orders, new TableId("restored", "orders"));

    assertEquals(
        "CREATE TABLE \"restored\".\"orders\" (\n"
            + "    \"id\" integer NOT NULL,\n"
            + "    \"note\" text COLLATE \"pg_catalog\".\"C\" DEFAULT ''::text\n"
            + ")",
        script.createTable());
    assertEquals(
        List.of(
            "ALTER TABLE ONLY \"restored\".\"orders\" ADD CONSTRAINT \"orders_pkey\" PRIMARY KEY"
                + " (id)",
            "ALTER TABLE \"restored\".\"orders\" ADD CONSTRAINT \"orders_note_check\" CHECK ((note"
                + " <> ''::text))"),
        script.constraints());
    assertEquals(
        List.of("CREATE INDEX \"orders_note_idx\" ON \"restored\".\"orders\" USING btree (note)"),
        script.indexes());
    assertEquals(List.of(), script.notes());
  }

  @Test
  void renameInTheSameSchemaPutsTheNewNameInPlaceOfTheOldPrefix() {
    ManifestTable orders =
        new Spec(ORDERS)
            .column(notNull("id", "integer"))
            .constraint(
                new Constraint("orders_pkey", Constraint.Kind.PRIMARY_KEY, "PRIMARY KEY (id)"))
            .constraint(
                new Constraint("orders_id_check", Constraint.Kind.CHECK, "CHECK ((id > 0))"))
            .index("orders_id_idx", "CREATE INDEX orders_id_idx ON public.orders USING btree (id)")
            .build();

    CreateScript script = write(orders, new TableId("public", "orders_copy"));

    assertEquals(
        List.of(
            "ALTER TABLE ONLY \"public\".\"orders_copy\" ADD CONSTRAINT \"orders_copy_pkey\""
                + " PRIMARY KEY (id)",
            "ALTER TABLE \"public\".\"orders_copy\" ADD CONSTRAINT \"orders_id_check\" CHECK ((id"
                + " > 0))"),
        script.constraints());
    assertEquals(
        List.of(
            "CREATE INDEX \"orders_copy_id_idx\" ON \"public\".\"orders_copy\" USING btree (id)"),
        script.indexes());
  }

  @Test
  void renameIntoAnotherSchemaPrefixesNamesWithoutTheOldTableName() {
    ManifestTable orders =
        new Spec(ORDERS)
            .column(notNull("id", "integer"))
            .constraint(
                new Constraint("pk_orders", Constraint.Kind.PRIMARY_KEY, "PRIMARY KEY (id)"))
            .index(
                "by_id",
                "CREATE UNIQUE INDEX by_id ON public.orders USING btree (id) WHERE (id > 0)")
            .build();

    CreateScript script = write(orders, new TableId("archive", "Old Orders"));

    assertEquals(
        "CREATE TABLE \"archive\".\"Old Orders\" (\n    \"id\" integer NOT NULL\n)",
        script.createTable());
    assertEquals(
        List.of(
            "ALTER TABLE ONLY \"archive\".\"Old Orders\" ADD CONSTRAINT \"Old Orders_pk_orders\""
                + " PRIMARY KEY (id)"),
        script.constraints());
    assertEquals(
        List.of(
            "CREATE UNIQUE INDEX \"Old Orders_by_id\" ON \"archive\".\"Old Orders\" USING btree"
                + " (id) WHERE (id > 0)"),
        script.indexes());
  }

  @Test
  void namesAreCutTo63BytesAtCharacterBoundaries() {
    // 30 two-byte characters: 60 bytes
    String longName = "é".repeat(30);
    ManifestTable orders =
        new Spec(ORDERS)
            .column(notNull("id", "integer"))
            .constraint(
                new Constraint("orders_pkey", Constraint.Kind.PRIMARY_KEY, "PRIMARY KEY (id)"))
            .build();

    CreateScript script = write(orders, new TableId("public", longName));

    // the table part is cut to 29 characters (58 bytes) so that "_pkey" fits in 63
    assertEquals(
        List.of(
            "ALTER TABLE ONLY \"public\".\""
                + longName
                + "\" ADD CONSTRAINT \""
                + "é".repeat(29)
                + "_pkey\" PRIMARY KEY (id)"),
        script.constraints());
  }

  @Test
  void serialSequenceNamesCutTheLongerOfTableAndColumn() {
    String table = "t".repeat(60);

    assertEquals("t".repeat(56) + "_id_seq", CopyNames.sequenceName(table, "id"));
    assertEquals(
        "é".repeat(14) + "_" + "c".repeat(29) + "_seq",
        CopyNames.sequenceName("é".repeat(20), "c".repeat(40)));
  }

  @Test
  void namesThatWouldClashAreNumbered() {
    // partitions of one name in two schemas meet in the target schema
    TableId m = new TableId("public", "m");
    ManifestTable measurements =
        new Spec(m)
            .kind(Table.Kind.PARTITIONED)
            .partitionKey("LIST (k)")
            .column(plain("k", "integer"))
            .partition(new TableId("a", "part"), m, "FOR VALUES IN (1)", null)
            .partition(new TableId("b", "part"), m, "FOR VALUES IN (2)", null)
            .build();

    CreateScript script = write(measurements, new TableId("restored", "m"));

    assertEquals(
        List.of(
            "CREATE TABLE \"restored\".\"part\" PARTITION OF \"restored\".\"m\" FOR VALUES IN (1)",
            "CREATE TABLE \"restored\".\"part1\" PARTITION OF \"restored\".\"m\" FOR VALUES IN (2)"),
        script.partitions());
  }

  // ---------------------------------------------------------------------------------------------
  // Columns and sequences

  @Test
  void identityColumnTakesItsSequenceOptionsButNotItsName() {
    ManifestTable t =
        new Spec(ORDERS)
            .column(
                new Column("id", "bigint", true, null, Generated.NONE, null, Identity.ALWAYS, null))
            .build();
    Sequence identity =
        sequence(
            new TableId("public", "orders_id_seq"),
            "bigint",
            new Sequence.OwnedBy(ORDERS, "id"),
            true);

    CreateScript script =
        RenamedDdl.write(
            t,
            new TableId("public", "orders_copy"),
            Map.of(ORDERS, new TableId("public", "orders_copy")),
            List.of(identity));

    assertEquals(
        "CREATE TABLE \"public\".\"orders_copy\" (\n"
            + "    \"id\" bigint GENERATED ALWAYS AS IDENTITY (START WITH 100 INCREMENT BY 5"
            + " MINVALUE 1 MAXVALUE 9223372036854775807 CACHE 1 NO CYCLE) NOT NULL\n"
            + ")",
        script.createTable());
    assertEquals(List.of(), script.sequences());
    assertEquals(List.of(), script.ownedBy());
  }

  @Test
  void serialColumnGetsItsOwnSequenceInTheTargetSchema() {
    ManifestTable t =
        new Spec(ORDERS)
            .column(
                new Column(
                    "id",
                    "integer",
                    true,
                    "nextval('public.orders_id_seq'::regclass)",
                    Generated.NONE,
                    null,
                    Identity.NONE,
                    null))
            .build();
    Sequence serial =
        sequence(
            new TableId("public", "orders_id_seq"),
            "integer",
            new Sequence.OwnedBy(ORDERS, "id"),
            false);
    TableId target = new TableId("archive", "orders_2024");

    CreateScript script = RenamedDdl.write(t, target, Map.of(ORDERS, target), List.of(serial));

    assertEquals(
        List.of(
            "CREATE SEQUENCE \"archive\".\"orders_2024_id_seq\" AS integer START WITH 100"
                + " INCREMENT BY 5 MINVALUE 1 MAXVALUE 9223372036854775807 CACHE 1 NO CYCLE"),
        script.sequences());
    assertEquals(
        "CREATE TABLE \"archive\".\"orders_2024\" (\n"
            + "    \"id\" integer DEFAULT nextval('archive.orders_2024_id_seq'::regclass) NOT NULL\n"
            + ")",
        script.createTable());
    assertEquals(
        List.of(
            "ALTER SEQUENCE \"archive\".\"orders_2024_id_seq\" OWNED BY"
                + " \"archive\".\"orders_2024\".\"id\""),
        script.ownedBy());
    assertEquals(List.of(), script.notes());
  }

  @Test
  void serialDefaultsWithQuotedNamesAreRecognisedAndWrittenQuoted() {
    TableId original = new TableId("Other Schema", "it's");
    ManifestTable t =
        new Spec(original)
            .column(
                new Column(
                    "Id",
                    "integer",
                    true,
                    "nextval('\"Other Schema\".\"it''s_Id_seq\"'::regclass)",
                    Generated.NONE,
                    null,
                    Identity.NONE,
                    null))
            .build();
    Sequence serial =
        sequence(
            new TableId("Other Schema", "it's_Id_seq"),
            "integer",
            new Sequence.OwnedBy(original, "Id"),
            false);
    TableId target = new TableId("select", "it's copy");

    CreateScript script = RenamedDdl.write(t, target, Map.of(original, target), List.of(serial));

    assertEquals(
        "CREATE TABLE \"select\".\"it's copy\" (\n"
            + "    \"Id\" integer DEFAULT nextval('\"select\".\"it''s copy_Id_seq\"'::regclass) NOT"
            + " NULL\n"
            + ")",
        script.createTable());
  }

  @Test
  void serialDefaultPrintedFullyQuotedIsRecognised() {
    ManifestTable t =
        new Spec(ORDERS)
            .column(
                new Column(
                    "id",
                    "integer",
                    false,
                    "nextval('\"public\".\"orders_id_seq\"'::regclass)",
                    Generated.NONE,
                    null,
                    Identity.NONE,
                    null))
            .build();
    Sequence serial =
        sequence(
            new TableId("public", "orders_id_seq"),
            "integer",
            new Sequence.OwnedBy(ORDERS, "id"),
            false);
    TableId target = new TableId("public", "copy");

    CreateScript script = RenamedDdl.write(t, target, Map.of(ORDERS, target), List.of(serial));

    assertEquals(
        "CREATE TABLE \"public\".\"copy\" (\n"
            + "    \"id\" integer DEFAULT nextval('public.copy_id_seq'::regclass)\n"
            + ")",
        script.createTable());
  }

  @Test
  void defaultOnASequenceTheTableDoesNotOwnIsKeptWithANote() {
    ManifestTable t =
        new Spec(ORDERS)
            .column(
                new Column(
                    "n",
                    "bigint",
                    false,
                    "nextval('public.shared'::regclass)",
                    Generated.NONE,
                    null,
                    Identity.NONE,
                    null))
            .build();

    CreateScript script = write(t, new TableId("restored", "orders"));

    assertEquals(
        "CREATE TABLE \"restored\".\"orders\" (\n"
            + "    \"n\" bigint DEFAULT nextval('public.shared'::regclass)\n"
            + ")",
        script.createTable());
    assertEquals(
        List.of(
            "column n of restored.orders keeps the default nextval('public.shared'::regclass):"
                + " its sequence is not one public.orders owns, so the copy shares it"),
        script.notes());
  }

  @Test
  void generatedColumnsKeepTheirExpression() {
    ManifestTable t =
        new Spec(ORDERS)
            .column(plain("price", "numeric"))
            .column(
                new Column(
                    "total",
                    "numeric",
                    false,
                    null,
                    Generated.STORED,
                    "(price * (2)::numeric)",
                    Identity.NONE,
                    null))
            .build();

    assertEquals(
        "CREATE TABLE \"restored\".\"orders\" (\n"
            + "    \"price\" numeric,\n"
            + "    \"total\" numeric GENERATED ALWAYS AS ((price * (2)::numeric)) STORED\n"
            + ")",
        write(t, new TableId("restored", "orders")).createTable());
  }

  @Test
  void unloggedTableAndPartitionsStayUnlogged() {
    TableId m = new TableId("public", "m");
    ManifestTable scratch = new Spec(ORDERS).unlogged().column(plain("id", "integer")).build();
    ManifestTable partitioned =
        new Spec(m)
            .kind(Table.Kind.PARTITIONED)
            .partitionKey("LIST (k)")
            .column(plain("k", "integer"))
            .unloggedPartition(new TableId("public", "m_1"), m, "FOR VALUES IN (1)")
            .build();

    assertEquals(
        "CREATE UNLOGGED TABLE \"restored\".\"orders\" (\n    \"id\" integer\n)",
        write(scratch, new TableId("restored", "orders")).createTable());
    assertEquals(
        List.of(
            "CREATE UNLOGGED TABLE \"restored\".\"m_1\" PARTITION OF \"restored\".\"m\" FOR VALUES"
                + " IN (1)"),
        write(partitioned, new TableId("restored", "m")).partitions());
  }

  @Test
  void tableWithoutColumnsHasAnEmptyList() {
    assertEquals(
        "CREATE TABLE \"restored\".\"orders\" ()",
        write(new Spec(ORDERS).build(), new TableId("restored", "orders")).createTable());
  }

  // ---------------------------------------------------------------------------------------------
  // Partitions

  @Test
  void partitionsAndSubPartitionsFollowTheRenamedRoot() {
    TableId m = new TableId("public", "measurements");
    TableId y2024 = new TableId("public", "measurements_2024");
    ManifestTable measurements =
        new Spec(m)
            .kind(Table.Kind.PARTITIONED)
            .partitionKey("RANGE (taken)")
            .column(notNull("id", "bigint"))
            .column(notNull("taken", "date"))
            .partition(
                new TableId("public", "measurements_2023"),
                m,
                "FOR VALUES FROM ('2023-01-01') TO ('2024-01-01')",
                null)
            .partition(y2024, m, "FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')", "HASH (id)")
            .partition(new TableId("public", "other"), m, "DEFAULT", null)
            .partition(
                new TableId("public", "measurements_2024_h0"),
                y2024,
                "FOR VALUES WITH (modulus 2, remainder 0)",
                null)
            .build();

    CreateScript script = write(measurements, new TableId("archive", "m2"));

    assertEquals(
        "CREATE TABLE \"archive\".\"m2\" (\n"
            + "    \"id\" bigint NOT NULL,\n"
            + "    \"taken\" date NOT NULL\n"
            + ") PARTITION BY RANGE (taken)",
        script.createTable());
    assertEquals(
        List.of(
            "CREATE TABLE \"archive\".\"m2_2023\" PARTITION OF \"archive\".\"m2\" FOR VALUES FROM"
                + " ('2023-01-01') TO ('2024-01-01')",
            "CREATE TABLE \"archive\".\"m2_2024\" PARTITION OF \"archive\".\"m2\" FOR VALUES FROM"
                + " ('2024-01-01') TO ('2025-01-01') PARTITION BY HASH (id)",
            "CREATE TABLE \"archive\".\"m2_other\" PARTITION OF \"archive\".\"m2\" DEFAULT",
            "CREATE TABLE \"archive\".\"m2_2024_h0\" PARTITION OF \"archive\".\"m2_2024\" FOR"
                + " VALUES WITH (modulus 2, remainder 0)"),
        script.partitions());
  }

  @Test
  void partitionsInOtherSchemasMoveIntoTheTargetSchemaUnderTheirNames() {
    TableId m = new TableId("public", "m");
    ManifestTable measurements =
        new Spec(m)
            .kind(Table.Kind.PARTITIONED)
            .partitionKey("LIST (k)")
            .column(plain("k", "integer"))
            .partition(new TableId("parts", "m_1"), m, "FOR VALUES IN (1)", null)
            .build();

    assertEquals(
        List.of(
            "CREATE TABLE \"restored\".\"m_1\" PARTITION OF \"restored\".\"m\" FOR VALUES IN (1)"),
        write(measurements, new TableId("restored", "m")).partitions());
  }

  @Test
  void partitionedTableIndexesConstraintsAndForeignKeysRecurse() {
    TableId m = new TableId("public", "m");
    TableId customer = new TableId("app", "customer");
    ManifestTable measurements =
        new Spec(m)
            .kind(Table.Kind.PARTITIONED)
            .partitionKey("RANGE (taken)")
            .column(notNull("id", "bigint"))
            .column(notNull("taken", "date"))
            .constraint(
                new Constraint("m_pkey", Constraint.Kind.PRIMARY_KEY, "PRIMARY KEY (id, taken)"))
            .index("m_taken_idx", "CREATE INDEX m_taken_idx ON ONLY public.m USING btree (taken)")
            .foreignKey("m_id_fkey", customer, "FOREIGN KEY (id) REFERENCES app.customer(id)")
            .build();
    TableId target = new TableId("public", "m_copy");

    CreateScript script =
        RenamedDdl.write(
            measurements,
            target,
            Map.of(m, target, customer, new TableId("app", "customer_copy")),
            List.of());

    assertEquals(
        List.of(
            "ALTER TABLE \"public\".\"m_copy\" ADD CONSTRAINT \"m_copy_pkey\" PRIMARY KEY (id,"
                + " taken)"),
        script.constraints());
    assertEquals(
        List.of("CREATE INDEX \"m_copy_taken_idx\" ON \"public\".\"m_copy\" USING btree (taken)"),
        script.indexes());
    assertEquals(
        List.of(
            "ALTER TABLE \"public\".\"m_copy\" ADD CONSTRAINT \"m_id_fkey\" FOREIGN KEY (id)"
                + " REFERENCES \"app\".\"customer_copy\"(id)"),
        script.foreignKeys());
  }

  // ---------------------------------------------------------------------------------------------
  // Indexes

  @Test
  void indexWithKeywordAndQuotedNamesIsFound() {
    TableId select = new TableId("Other Schema", "select");
    ManifestTable t =
        new Spec(select)
            .column(plain("a", "integer"))
            .index(
                "My \"Idx\"",
                "CREATE INDEX \"My \"\"Idx\"\"\" ON \"Other Schema\".\"select\" USING btree (a)")
            .index("user", "CREATE INDEX \"user\" ON \"Other Schema\".\"select\" USING hash (a)")
            .build();

    CreateScript script = write(t, new TableId("Other Schema", "from"));

    assertEquals(
        List.of(
            "CREATE INDEX \"from_My \"\"Idx\"\"\" ON \"Other Schema\".\"from\" USING btree (a)",
            "CREATE INDEX \"from_user\" ON \"Other Schema\".\"from\" USING hash (a)"),
        script.indexes());
  }

  @Test
  void indexPrintedWithEveryNameQuotedIsFound() {
    ManifestTable t =
        new Spec(ORDERS)
            .column(plain("a", "integer"))
            .index(
                "orders_a_idx",
                "CREATE INDEX \"orders_a_idx\" ON \"public\".\"orders\" USING btree (\"a\")")
            .build();

    assertEquals(
        List.of("CREATE INDEX \"restored_a_idx\" ON \"public\".\"restored\" USING btree (\"a\")"),
        write(t, new TableId("public", "restored")).indexes());
  }

  @Test
  void indexOnANameThatIsAKeywordOnlyOnNewerServersIsFoundBare() {
    // PostgreSQL 15 prints json_table bare; 17 and later quote it
    TableId json = new TableId("public", "json_table");
    ManifestTable t =
        new Spec(json)
            .column(plain("a", "integer"))
            .index("json_table_a", "CREATE INDEX json_table_a ON public.json_table USING btree (a)")
            .build();

    assertEquals(
        List.of("CREATE INDEX \"json_table_a\" ON \"restored\".\"json_table\" USING btree (a)"),
        write(t, new TableId("restored", "json_table")).indexes());
  }

  @Test
  void indexThatDoesNotNameTheTableAsExpectedIsRefused() {
    ManifestTable t =
        new Spec(ORDERS)
            .column(plain("a", "integer"))
            .index("odd", "CREATE INDEX odd ON orders USING btree (a)")
            .build();

    PgsnapException e =
        assertThrows(PgsnapException.class, () -> write(t, new TableId("public", "copy")));

    assertEquals(ErrorCode.USAGE, e.code());
    assertTrue(e.getMessage().contains("index odd of public.orders"), e.getMessage());
    assertTrue(e.getMessage().contains("without --rename and --into-schema"), e.getMessage());
  }

  // ---------------------------------------------------------------------------------------------
  // Foreign keys and inheritance

  @Test
  void foreignKeyToARestoredTableReferencesItsCopy() {
    TableId customer = new TableId("app", "Customer");
    ManifestTable orders =
        new Spec(ORDERS)
            .column(plain("customer_id", "integer"))
            .column(plain("parent", "integer"))
            .foreignKey(
                "orders_customer_id_fkey",
                customer,
                "FOREIGN KEY (customer_id) REFERENCES app.\"Customer\"(id) ON DELETE CASCADE")
            .foreignKey(
                "orders_parent_fkey", ORDERS, "FOREIGN KEY (parent) REFERENCES public.orders(id)")
            .build();
    TableId target = new TableId("restored", "orders");

    CreateScript script =
        RenamedDdl.write(
            orders,
            target,
            Map.of(ORDERS, target, customer, new TableId("restored", "Customer")),
            List.of());

    assertEquals(
        List.of(
            "ALTER TABLE ONLY \"restored\".\"orders\" ADD CONSTRAINT \"orders_customer_id_fkey\""
                + " FOREIGN KEY (customer_id) REFERENCES \"restored\".\"Customer\"(id) ON DELETE"
                + " CASCADE",
            "ALTER TABLE ONLY \"restored\".\"orders\" ADD CONSTRAINT \"orders_parent_fkey\""
                + " FOREIGN KEY (parent) REFERENCES \"restored\".\"orders\"(id)"),
        script.foreignKeys());
    assertEquals(List.of(), script.notes());
  }

  @Test
  void foreignKeyToATableOutsideTheRestoreIsLeftOutWithANote() {
    TableId customer = new TableId("app", "customer");
    ManifestTable orders =
        new Spec(ORDERS)
            .column(plain("customer_id", "integer"))
            .foreignKey(
                "orders_customer_id_fkey",
                customer,
                "FOREIGN KEY (customer_id) REFERENCES app.customer(id)")
            .build();

    CreateScript script = write(orders, new TableId("restored", "orders"));

    assertEquals(List.of(), script.foreignKeys());
    assertEquals(
        List.of(
            "foreign key orders_customer_id_fkey of restored.orders to app.customer is not"
                + " created: app.customer is not part of this restore"),
        script.notes());
  }

  @Test
  void parentInTheRestoreIsInheritedUnderItsNewName() {
    TableId animal = new TableId("public", "animal");
    TableId dog = new TableId("public", "dog");
    ManifestTable t =
        new Spec(dog)
            .inherits(animal)
            .inheritedColumn(notNull("id", "integer"))
            .column(plain("breed", "text"))
            .build();
    TableId target = new TableId("public", "dog_copy");

    CreateScript script =
        RenamedDdl.write(
            t,
            target,
            Map.of(dog, target, animal, new TableId("public", "animal_copy")),
            List.of());

    assertEquals(
        "CREATE TABLE \"public\".\"dog_copy\" (\n"
            + "    \"breed\" text\n"
            + ") INHERITS (\"public\".\"animal_copy\")",
        script.createTable());
    assertEquals(List.of(), script.notes());
  }

  @Test
  void parentOutsideTheRestoreIsLeftOutWithANoteAndItsColumnsListed() {
    TableId animal = new TableId("public", "animal");
    TableId pet = new TableId("public", "pet");
    TableId dog = new TableId("public", "dog");
    ManifestTable t =
        new Spec(dog)
            .inherits(animal)
            .inherits(pet)
            .inheritedColumn(notNull("id", "integer"))
            .column(plain("breed", "text"))
            .build();
    TableId target = new TableId("restored", "dog");

    CreateScript script =
        RenamedDdl.write(
            t, target, Map.of(dog, target, pet, new TableId("restored", "pet")), List.of());

    assertEquals(
        "CREATE TABLE \"restored\".\"dog\" (\n"
            + "    \"id\" integer NOT NULL,\n"
            + "    \"breed\" text\n"
            + ") INHERITS (\"restored\".\"pet\")",
        script.createTable());
    assertEquals(
        List.of(
            "restored.dog does not inherit from public.animal as public.dog does: public.animal is"
                + " not part of this restore, and the copy's rows must not show up in the live"
                + " table (check constraints inherited from it are not created either)"),
        script.notes());
  }

  // ---------------------------------------------------------------------------------------------
  // Helpers

  private static CreateScript write(ManifestTable table, TableId target) {
    return RenamedDdl.write(table, target, Map.of(table.id(), target), List.of());
  }

  private static Column plain(String name, String type) {
    return new Column(name, type, false, null, Generated.NONE, null, Identity.NONE, null);
  }

  private static Column notNull(String name, String type) {
    return new Column(name, type, true, null, Generated.NONE, null, Identity.NONE, null);
  }

  private static Sequence sequence(
      TableId id, String type, Sequence.OwnedBy ownedBy, boolean identity) {
    return new Sequence(
        id, type, 100, 5, 1, Long.MAX_VALUE, 1, false, 100, false, ownedBy, identity);
  }

  /** A manifest table, with the manifest's DDL shaped as DdlWriter shapes it. */
  private static final class Spec {
    private final TableId id;
    private Table.Kind kind = Table.Kind.ORDINARY;
    private boolean unlogged;
    private String partitionKey;
    private final List<Column> columns = new ArrayList<>();
    private final List<Column> inherited = new ArrayList<>();
    private final List<Constraint> constraints = new ArrayList<>();
    private final List<ForeignKey> foreignKeys = new ArrayList<>();
    private final List<Index> indexes = new ArrayList<>();
    private final List<TableId> inheritsFrom = new ArrayList<>();
    private final List<Partition> partitions = new ArrayList<>();
    private final Map<Partition, Boolean> unloggedPartitions = new HashMap<>();

    Spec(TableId id) {
      this.id = id;
    }

    Spec kind(Table.Kind kind) {
      this.kind = kind;
      return this;
    }

    Spec unlogged() {
      unlogged = true;
      return this;
    }

    Spec partitionKey(String key) {
      partitionKey = key;
      return this;
    }

    Spec column(Column c) {
      columns.add(c);
      return this;
    }

    /** A column the table takes unchanged from a parent, which its DDL does not list. */
    Spec inheritedColumn(Column c) {
      columns.add(c);
      inherited.add(c);
      return this;
    }

    Spec constraint(Constraint c) {
      constraints.add(c);
      return this;
    }

    Spec foreignKey(String name, TableId referenced, String definition) {
      foreignKeys.add(new ForeignKey(name, List.of(), referenced, List.of(), false, definition));
      return this;
    }

    Spec index(String name, String definition) {
      indexes.add(new Index(name, definition));
      return this;
    }

    Spec inherits(TableId parent) {
      inheritsFrom.add(parent);
      return this;
    }

    Spec partition(TableId partition, TableId parent, String bound, String key) {
      partitions.add(new Partition(partition, parent, bound, key));
      return this;
    }

    Spec unloggedPartition(TableId partition, TableId parent, String bound) {
      Partition p = new Partition(partition, parent, bound, null);
      partitions.add(p);
      unloggedPartitions.put(p, true);
      return this;
    }

    ManifestTable build() {
      StringBuilder create =
          new StringBuilder(unlogged ? "CREATE UNLOGGED TABLE " : "CREATE TABLE ")
              .append(id.sql())
              .append(" (");
      boolean first = true;
      for (Column c : columns) {
        if (!inherited.contains(c)) {
          create.append(first ? "\n" : ",\n").append("    \"").append(c.name()).append("\" ");
          create.append(c.type());
          first = false;
        }
      }
      create.append(first ? ")" : "\n)");
      if (partitionKey != null) {
        create.append(" PARTITION BY ").append(partitionKey);
      }
      List<String> partitionDdl =
          partitions.stream()
              .map(
                  p ->
                      (unloggedPartitions.containsKey(p)
                              ? "CREATE UNLOGGED TABLE "
                              : "CREATE TABLE ")
                          + p.id().sql()
                          + " PARTITION OF "
                          + p.parent().sql()
                          + " "
                          + p.bound())
              .toList();
      return new ManifestTable(
          id.schema(),
          id.name(),
          kind,
          "tables/t.csv",
          DataFormat.CSV,
          Compression.NONE,
          0,
          0,
          0,
          "0".repeat(64),
          columns.stream().map(Column::name).toList(),
          columns,
          List.of(),
          constraints,
          foreignKeys,
          indexes,
          List.of(),
          inheritsFrom,
          partitions,
          new Ddl(create.toString(), partitionDdl, List.of(), List.of(), List.of()));
    }
  }
}
