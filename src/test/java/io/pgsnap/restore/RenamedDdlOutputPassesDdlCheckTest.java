package io.pgsnap.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
import io.pgsnap.snapshot.DdlStatement;
import io.pgsnap.snapshot.ManifestTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The scripts a restore builds from genuine manifest DDL, verbatim or renamed (the cases of
 * RenamedDdlTest), pass the check that each statement is one of the kind its entry names.
 */
class RenamedDdlOutputPassesDdlCheckTest {
  private static final TableId ORDERS = new TableId("public", "orders");

  @Test
  void constraintsIndexesAndSerialSequencesOfARenamedCopy() {
    Sequence serial =
        sequence(new TableId("public", "orders_id_seq"), new Sequence.OwnedBy(ORDERS, "id"), false);
    ManifestTable orders =
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
                    "\"pg_catalog\".\"C\""))
            .constraint(
                new Constraint("orders_pkey", Constraint.Kind.PRIMARY_KEY, "PRIMARY KEY (id)"))
            .constraint(
                new Constraint("orders_id_check", Constraint.Kind.CHECK, "CHECK ((id > 0))"))
            .index("orders_id_idx", "CREATE INDEX orders_id_idx ON public.orders USING btree (id)")
            .build();

    assertAccepted(orders, new TableId("archive", "Old Orders"), List.of(serial));
    assertAccepted(orders, new TableId("public", "é".repeat(30)), List.of(serial));
  }

  @Test
  void identityColumnsOfARenamedCopy() {
    Sequence identity =
        sequence(new TableId("public", "orders_id_seq"), new Sequence.OwnedBy(ORDERS, "id"), true);
    ManifestTable t =
        new Spec(ORDERS)
            .column(
                new Column("id", "bigint", true, null, Generated.NONE, null, Identity.ALWAYS, null))
            .build();

    assertAccepted(t, new TableId("public", "orders_copy"), List.of(identity));
  }

  @Test
  void keywordAndQuotedNames() {
    TableId select = new TableId("Other Schema", "select");
    ManifestTable t =
        new Spec(select)
            .column(plain("a", "integer"))
            .index("user", "CREATE INDEX \"user\" ON \"Other Schema\".\"select\" USING hash (a)")
            .build();

    assertAccepted(t, new TableId("Other Schema", "from"), List.of());
    assertAccepted(t, new TableId("it's", "a \"b\".c"), List.of());
  }

  @Test
  void unloggedTablesAndEmptyColumnLists() {
    assertAccepted(new Spec(ORDERS).unlogged().build(), new TableId("restored", "o"), List.of());
  }

  @Test
  void partitionsAndSubPartitionsOfARenamedRoot() {
    TableId m = new TableId("public", "measurements");
    TableId y2024 = new TableId("public", "measurements_2024");
    ManifestTable measurements =
        new Spec(m)
            .partitionKey("RANGE (taken)")
            .column(plain("taken", "date"))
            .partition(y2024, m, "FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')", "HASH (id)")
            .partition(new TableId("parts", "other"), m, "DEFAULT", null)
            .partition(
                new TableId("public", "measurements_2024_h0"),
                y2024,
                "FOR VALUES WITH (modulus 2, remainder 0)",
                null)
            .constraint(
                new Constraint("m_pkey", Constraint.Kind.PRIMARY_KEY, "PRIMARY KEY (id, taken)"))
            .index(
                "m_taken_idx",
                "CREATE INDEX m_taken_idx ON ONLY public.measurements USING btree (taken)")
            .build();

    assertAccepted(measurements, new TableId("archive", "m2"), List.of());
  }

  @Test
  void foreignKeysToRestoredTablesAndInheritance() {
    TableId customer = new TableId("app", "Customer");
    TableId animal = new TableId("public", "animal");
    ManifestTable orders =
        new Spec(ORDERS)
            .column(plain("customer_id", "integer"))
            .inherits(animal)
            .foreignKey(
                "orders_customer_fkey",
                customer,
                "FOREIGN KEY (customer_id) REFERENCES app.\"Customer\"(id) ON DELETE CASCADE")
            .build();
    TableId target = new TableId("restored", "orders");

    CreateScript script =
        RenamedDdl.write(
            orders,
            target,
            Map.of(
                ORDERS,
                target,
                customer,
                new TableId("restored", "Customer"),
                animal,
                new TableId("restored", "animal")),
            List.of());

    ScriptCheck.check(script, ORDERS, target);
    DdlStatement.checkManifest(orders);
  }

  @Test
  void aScriptWhoseTableIsNotTheTargetIsRefused() {
    ManifestTable orders = new Spec(ORDERS).column(plain("id", "integer")).build();
    CreateScript script = CreateScripts.verbatim(orders, List.of(), Set.of());

    PgsnapException e =
        assertThrows(
            PgsnapException.class,
            () -> ScriptCheck.check(script, ORDERS, new TableId("public", "elsewhere")));
    assertEquals(ErrorCode.INTEGRITY, e.code());
  }

  /** Checks the manifest as is, its verbatim script, and the script of a copy at {@code target}. */
  private static void assertAccepted(ManifestTable table, TableId target, List<Sequence> owned) {
    DdlStatement.checkManifest(table);
    for (Sequence s : owned) {
      DdlStatement.checkSequence(s);
    }
    ScriptCheck.check(CreateScripts.verbatim(table, owned, Set.of()), table.id(), table.id());
    CreateScript copy = RenamedDdl.write(table, target, Map.of(table.id(), target), owned);
    ScriptCheck.check(copy, table.id(), target);
  }

  private static Column plain(String name, String type) {
    return new Column(name, type, false, null, Generated.NONE, null, Identity.NONE, null);
  }

  private static Sequence sequence(TableId id, Sequence.OwnedBy ownedBy, boolean identity) {
    return new Sequence(
        id, "integer", 100, 5, 1, Long.MAX_VALUE, 1, false, 100, false, ownedBy, identity);
  }

  /** A manifest table whose DDL is shaped as DdlWriter shapes it. */
  private static final class Spec {
    private final TableId id;
    private boolean unlogged;
    private String partitionKey;
    private final List<Column> columns = new ArrayList<>();
    private final List<Constraint> constraints = new ArrayList<>();
    private final List<ForeignKey> foreignKeys = new ArrayList<>();
    private final List<Index> indexes = new ArrayList<>();
    private final List<TableId> inheritsFrom = new ArrayList<>();
    private final List<Partition> partitions = new ArrayList<>();

    Spec(TableId id) {
      this.id = id;
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

    ManifestTable build() {
      boolean partitioned = partitionKey != null;
      StringBuilder create =
          new StringBuilder(unlogged ? "CREATE UNLOGGED TABLE " : "CREATE TABLE ")
              .append(id.sql())
              .append(" (");
      boolean first = true;
      for (Column c : columns) {
        create.append(first ? "\n" : ",\n").append("    \"").append(c.name()).append("\" ");
        create.append(c.type());
        first = false;
      }
      create.append(first ? ")" : "\n)");
      if (partitioned) {
        create.append(" PARTITION BY ").append(partitionKey);
      }
      if (!inheritsFrom.isEmpty()) {
        create.append(" INHERITS (");
        create.append(String.join(", ", inheritsFrom.stream().map(TableId::sql).toList()));
        create.append(')');
      }
      List<String> partitionDdl =
          partitions.stream()
              .map(
                  p ->
                      "CREATE TABLE "
                          + p.id().sql()
                          + " PARTITION OF "
                          + p.parent().sql()
                          + " "
                          + p.bound()
                          + (p.partitionKey() == null ? "" : " PARTITION BY " + p.partitionKey()))
              .toList();
      String only = partitioned ? "" : "ONLY ";
      List<String> constraintDdl =
          constraints.stream()
              .map(
                  c ->
                      "ALTER TABLE "
                          + (c.kind() == Constraint.Kind.CHECK ? "" : only)
                          + id.sql()
                          + " ADD CONSTRAINT \""
                          + c.name()
                          + "\" "
                          + c.definition())
              .toList();
      List<String> foreignKeyDdl =
          foreignKeys.stream()
              .map(
                  fk ->
                      "ALTER TABLE "
                          + only
                          + id.sql()
                          + " ADD CONSTRAINT \""
                          + fk.name()
                          + "\" "
                          + fk.definition())
              .toList();
      return new ManifestTable(
          id.schema(),
          id.name(),
          partitioned ? Table.Kind.PARTITIONED : Table.Kind.ORDINARY,
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
          new Ddl(
              create.toString(),
              partitionDdl,
              constraintDdl,
              indexes.stream().map(Index::definition).toList(),
              foreignKeyDdl));
    }
  }
}
