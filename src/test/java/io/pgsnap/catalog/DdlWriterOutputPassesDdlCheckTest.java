package io.pgsnap.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pgsnap.catalog.Column.Generated;
import io.pgsnap.catalog.Column.Identity;
import io.pgsnap.catalog.DdlWriter.ColumnDef;
import io.pgsnap.catalog.DdlWriter.IndexDef;
import io.pgsnap.catalog.DdlWriter.PartitionDef;
import io.pgsnap.snapshot.DdlStatement;
import io.pgsnap.snapshot.DdlStatement.Expected;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every shape of DDL that DdlWriter writes (the cases of DdlWriterTest) passes restore's check that
 * manifest DDL is one statement of the kind its entry names: a genuine snapshot is never refused.
 */
class DdlWriterOutputPassesDdlCheckTest {
  private static final TableId T = new TableId("app", "My \"T\"");

  private static Column plain(String name, String type) {
    return new Column(name, type, false, null, Generated.NONE, null, Identity.NONE, null);
  }

  private static ColumnDef def(Column c) {
    return new ColumnDef(c, false, null);
  }

  private static Ddl write(
      TableId id,
      Table.Kind kind,
      boolean unlogged,
      List<ColumnDef> columns,
      String partitionKey,
      List<TableId> inheritsFrom,
      List<PartitionDef> partitions,
      List<Constraint> constraints,
      List<IndexDef> indexes,
      List<ForeignKey> foreignKeys) {
    return DdlWriter.write(
        id,
        kind,
        unlogged,
        columns,
        partitionKey,
        inheritsFrom,
        partitions,
        constraints,
        indexes,
        foreignKeys);
  }

  private static Ddl ordinary(List<ColumnDef> columns) {
    return write(
        T,
        Table.Kind.ORDINARY,
        false,
        columns,
        null,
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        List.of());
  }

  /** Runs every statement of {@code ddl} through the check, as a restore of it would. */
  private static void assertAccepted(TableId id, Ddl ddl) {
    assertEquals(id, DdlStatement.check(ddl.createTable(), Expected.createTable(id)));
    Set<TableId> parents = new HashSet<>(Set.of(id));
    for (String sql : ddl.partitions()) {
      parents.add(DdlStatement.check(sql, Expected.partition(id, null, parents)));
    }
    for (String sql : ddl.constraints()) {
      DdlStatement.check(sql, Expected.constraint(id));
    }
    for (String sql : ddl.indexes()) {
      DdlStatement.check(sql, Expected.index(id));
    }
    for (String sql : ddl.foreignKeys()) {
      DdlStatement.check(sql, Expected.foreignKey(id));
    }
  }

  @Test
  void columnListsWithQuotedNamesAndServerTypes() {
    assertAccepted(
        T, ordinary(List.of(def(plain("Id", "integer")), def(plain("m", "types.mood[]")))));
  }

  @Test
  void anEmptyColumnList() {
    assertAccepted(T, ordinary(List.of()));
  }

  @Test
  void collationsDefaultsAndNotNull() {
    Column c =
        new Column(
            "name",
            "text",
            true,
            "'x; CREATE ROLE y'::text",
            Generated.NONE,
            null,
            Identity.NONE,
            "\"pg_catalog\".\"C\"");
    assertAccepted(T, ordinary(List.of(def(c))));
  }

  @Test
  void generatedColumns() {
    Column stored =
        new Column("s", "numeric", false, null, Generated.STORED, "(a * b)", Identity.NONE, null);
    Column virtual =
        new Column("v", "numeric", false, null, Generated.VIRTUAL, "(a + b)", Identity.NONE, null);
    assertAccepted(T, ordinary(List.of(def(stored), def(virtual))));
  }

  @Test
  void identityColumnsWithTheirSequenceOptions() {
    Column id =
        new Column("id", "integer", true, null, Generated.NONE, null, Identity.BY_DEFAULT, null);
    Sequence seq =
        new Sequence(
            new TableId("app", "t_id_seq"),
            "integer",
            10,
            -2,
            -100,
            10,
            5,
            true,
            10,
            false,
            new Sequence.OwnedBy(T, "id"),
            true);
    assertAccepted(T, ordinary(List.of(new ColumnDef(id, false, seq))));
  }

  @Test
  void inheritanceChildrenLogged() {
    assertAccepted(
        T,
        write(
            T,
            Table.Kind.ORDINARY,
            false,
            List.of(new ColumnDef(plain("id", "integer"), true, null), def(plain("own", "text"))),
            null,
            List.of(new TableId("app", "p1"), new TableId("app", "p2")),
            List.of(),
            List.of(),
            List.of(),
            List.of()));
  }

  @Test
  void unloggedChildrenWithOnlyInheritedColumns() {
    assertAccepted(
        T,
        write(
            T,
            Table.Kind.ORDINARY,
            true,
            List.of(new ColumnDef(plain("id", "integer"), true, null)),
            null,
            List.of(new TableId("app", "p")),
            List.of(),
            List.of(),
            List.of(),
            List.of()));
  }

  @Test
  void constraintsAndForeignKeysOfAnOrdinaryTable() {
    assertAccepted(
        T,
        write(
            T,
            Table.Kind.ORDINARY,
            false,
            List.of(def(plain("id", "integer"))),
            null,
            List.of(),
            List.of(),
            List.of(
                new Constraint("pk", Constraint.Kind.PRIMARY_KEY, "PRIMARY KEY (id)"),
                new Constraint("positive", Constraint.Kind.CHECK, "CHECK ((id > 0))"),
                new Constraint(
                    "no overlap",
                    Constraint.Kind.EXCLUSION,
                    "EXCLUDE USING gist (r WITH &&, k WITH =)")),
            List.of(
                new IndexDef(
                    new Index("i", "CREATE INDEX i ON app.\"My \"\"T\"\"\" USING btree (id)"),
                    "i",
                    false)),
            List.of(
                new ForeignKey(
                    "fk",
                    List.of("id"),
                    new TableId("app", "other"),
                    List.of("id"),
                    false,
                    "FOREIGN KEY (id) REFERENCES app.other(id)"))));
  }

  @Test
  void partitionedTablesWithPartitionsSubPartitionsAndRecursiveIndexes() {
    TableId root = new TableId("s", "events");
    TableId sub = new TableId("s", "events_2024");
    assertAccepted(
        root,
        write(
            root,
            Table.Kind.PARTITIONED,
            false,
            List.of(def(plain("d", "date"))),
            "RANGE (d)",
            List.of(),
            List.of(
                new PartitionDef(
                    new Partition(
                        sub, root, "FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')", "LIST (r)"),
                    false),
                new PartitionDef(
                    new Partition(new TableId("s", "e_x"), sub, "DEFAULT", null), true),
                new PartitionDef(
                    new Partition(
                        new TableId("s", "e_h"),
                        root,
                        "FOR VALUES WITH (modulus 4, remainder 0)",
                        null),
                    false)),
            List.of(new Constraint("pk", Constraint.Kind.PRIMARY_KEY, "PRIMARY KEY (d)")),
            List.of(
                new IndexDef(
                    new Index("ix", "CREATE UNIQUE INDEX ix ON ONLY s.events USING btree (d)"),
                    "ix",
                    true),
                new IndexDef(
                    new Index(
                        "only ON ONLY x",
                        "CREATE INDEX \"only ON ONLY x\" ON ONLY s.events USING btree (d)"),
                    "\"only ON ONLY x\"",
                    false)),
            List.of(
                new ForeignKey(
                    "fk",
                    List.of("d"),
                    new TableId("s", "days"),
                    List.of("d"),
                    false,
                    "FOREIGN KEY (d) REFERENCES s.days(d)"))));
  }
}
