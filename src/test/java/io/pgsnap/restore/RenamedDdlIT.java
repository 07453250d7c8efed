package io.pgsnap.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.pgsnap.ExportOptions;
import io.pgsnap.Pgsnap;
import io.pgsnap.catalog.Column;
import io.pgsnap.catalog.Index;
import io.pgsnap.catalog.Partition;
import io.pgsnap.catalog.Sequence;
import io.pgsnap.catalog.TableId;
import io.pgsnap.catalog.TableSelection;
import io.pgsnap.snapshot.Manifest;
import io.pgsnap.snapshot.ManifestTable;
import io.pgsnap.testsupport.AcrossServers;
import io.pgsnap.testsupport.PgServer;
import io.pgsnap.testsupport.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link RenamedDdl} on the database of edge cases ({@code export/edge-cases.sql} with its types):
 * every table created beside its original, in another schema or under another name in its own, in
 * one transaction on the same database.
 */
class RenamedDdlIT {
  private static final String EDGE_CASE_TYPES = "/export/edge-case-types.sql";
  private static final String EDGE_CASES = "/export/edge-cases.sql";
  private static final List<String> SCHEMAS = List.of("public", "app", "\"Other Schema\"");

  @TempDir Path out;

  @AcrossServers
  void everyTableIsCreatedInAnotherSchemaAsItWas(PgServer server) throws SQLException {
    try (TestDatabase db = server.createDatabase()) {
      db.runScript(EDGE_CASE_TYPES);
      db.runScript(EDGE_CASES);
      Manifest manifest = export(db, SCHEMAS, out.resolve("original"));
      db.execute("CREATE SCHEMA restored");

      createAll(db, manifest, id -> new TableId("restored", id.name()));

      // Exported again, the copies have the originals' columns, keys, indexes and partitions.
      Map<String, ManifestTable> copies = new LinkedHashMap<>();
      export(db, List.of("restored"), out.resolve("copies"))
          .tables()
          .forEach(t -> copies.put(t.name(), t));
      assertEquals(manifest.tables().size(), copies.size(), () -> "copies: " + copies.keySet());
      for (ManifestTable original : manifest.tables()) {
        ManifestTable copy = copies.get(original.name());
        assertNotNull(copy, original.name());
        assertEquals(shape(original, true), shape(copy, false), original.name());
      }
    }
  }

  @AcrossServers
  void everyTableIsCreatedUnderAnotherNameBesideItsOriginal(PgServer server) throws SQLException {
    try (TestDatabase db = server.createDatabase()) {
      db.runScript(EDGE_CASE_TYPES);
      db.runScript(EDGE_CASES);
      Manifest manifest = export(db, SCHEMAS, out);

      createAll(db, manifest, id -> new TableId(id.schema(), id.name() + "_copy"));

      try (Connection c = db.connect();
          Statement s = c.createStatement()) {
        // The copy numbers rows from sequences of its own.
        assertEquals(
            "public.generated_identity_copy_serial_col_seq",
            text(s, "pg_get_serial_sequence('public.generated_identity_copy', 'serial_col')"));
        assertEquals(
            "public.generated_identity_copy_id_seq",
            text(s, "pg_get_serial_sequence('public.generated_identity_copy', 'id')"));
        // The child copy's rows show in the parent copy, not in the original parent.
        s.execute("INSERT INTO public.dog_copy VALUES (10, 'copy', 'mutt')");
        assertEquals("1", text(s, "(SELECT count(*) FROM public.animal_copy)::text"));
        assertEquals("3", text(s, "(SELECT count(*) FROM public.animal)::text"));
        // Rows reach the copy's sub-partitions.
        s.execute("INSERT INTO public.measurements_copy VALUES (1, '2024-03-01', 1)");
        assertEquals(
            "1",
            text(
                s,
                "(SELECT count(*) FROM public.measurements_copy_2024_h0)"
                    + " + (SELECT count(*) FROM public.measurements_copy_2024_h1)"));
      }
    }
  }

  private static Manifest export(TestDatabase db, List<String> schemas, Path folder) {
    return Pgsnap.using(db.dataSource())
        .export(
            ExportOptions.defaults(folder)
                .withSelection(new TableSelection(schemas, List.of(), List.of(), List.of())))
        .manifest();
  }

  /**
   * Writes every table's script and runs them all in one transaction, in an order that satisfies
   * every dependency: sequences, tables (inheritance parents first), partitions, constraints,
   * indexes, foreign keys, sequence ownership.
   */
  private static void createAll(
      TestDatabase db, Manifest manifest, Function<TableId, TableId> targetOf) throws SQLException {
    Map<TableId, TableId> targets = new LinkedHashMap<>();
    for (ManifestTable t : parentsFirst(manifest.tables())) {
      targets.put(t.id(), targetOf.apply(t.id()));
    }
    List<CreateScript> scripts = new ArrayList<>();
    for (ManifestTable t : parentsFirst(manifest.tables())) {
      List<Sequence> owned =
          manifest.sequences().stream()
              .filter(s -> s.ownedBy() != null && s.ownedBy().table().equals(t.id()))
              .toList();
      CreateScript script = RenamedDdl.write(t, targets.get(t.id()), targets, owned);
      assertEquals(List.of(), script.notes(), () -> "notes for " + t.id());
      scripts.add(script);
    }
    List<String> statements = new ArrayList<>();
    scripts.forEach(s -> statements.addAll(s.sequences()));
    scripts.forEach(s -> statements.add(s.createTable()));
    scripts.forEach(s -> statements.addAll(s.partitions()));
    scripts.forEach(s -> statements.addAll(s.constraints()));
    scripts.forEach(s -> statements.addAll(s.indexes()));
    scripts.forEach(s -> statements.addAll(s.foreignKeys()));
    scripts.forEach(s -> statements.addAll(s.ownedBy()));

    try (Connection c = db.connect()) {
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        for (String sql : statements) {
          try {
            s.execute(sql);
          } catch (SQLException e) {
            throw new AssertionError("failed: " + sql + "\n" + e.getMessage(), e);
          }
        }
      }
      c.commit();
    }
  }

  private static List<ManifestTable> parentsFirst(List<ManifestTable> tables) {
    Set<TableId> placed = new LinkedHashSet<>();
    List<ManifestTable> ordered = new ArrayList<>();
    while (ordered.size() < tables.size()) {
      for (ManifestTable t : tables) {
        if (!placed.contains(t.id()) && placed.containsAll(t.inheritsFrom())) {
          placed.add(t.id());
          ordered.add(t);
        }
      }
    }
    return ordered;
  }

  /**
   * What a copy in schema {@code restored} must share with its original, with the original's names
   * of other tables and sequences moved to that schema.
   */
  private static List<Object> shape(ManifestTable t, boolean original) {
    Function<TableId, TableId> moved = id -> original ? new TableId("restored", id.name()) : id;
    Function<String, String> movedDefault =
        d -> d == null || !original ? d : d.replace("nextval('public.", "nextval('restored.");
    return List.of(
        t.kind(),
        t.ddl().createTable().startsWith("CREATE UNLOGGED "),
        t.columns().stream()
            .map(
                c ->
                    new Column(
                        c.name(),
                        c.type(),
                        c.notNull(),
                        movedDefault.apply(c.defaultExpression()),
                        c.generated(),
                        c.generationExpression(),
                        c.identity(),
                        c.collation()))
            .toList(),
        t.primaryKey(),
        t.constraints(),
        t.indexes().stream().map(Index::name).toList(),
        t.foreignKeys().stream()
            .map(
                fk ->
                    List.of(
                        fk.name(),
                        fk.columns(),
                        moved.apply(fk.referencedTable()),
                        fk.referencedColumns()))
            .toList(),
        t.inheritsFrom().stream().map(moved).toList(),
        t.partitions().stream()
            .map(
                p ->
                    new Partition(
                        moved.apply(p.id()), moved.apply(p.parent()), p.bound(), p.partitionKey()))
            .toList());
  }

  private static String text(Statement s, String expression) throws SQLException {
    try (ResultSet rs = s.executeQuery("SELECT " + expression)) {
      rs.next();
      return rs.getString(1);
    }
  }
}
