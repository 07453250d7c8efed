package io.pgsnap.restore;

import io.pgsnap.ErrorCode;
import io.pgsnap.PgsnapException;
import io.pgsnap.catalog.Identifiers;
import io.pgsnap.catalog.Sequence;
import io.pgsnap.catalog.TableId;
import io.pgsnap.restore.Selection.Chosen;
import io.pgsnap.snapshot.DdlStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Plans what {@code --create} creates: schemas, sequences, tables, and their keys and indexes. */
final class CreationPlanner {

  /**
   * What a restore creates, and the statements that do it.
   *
   * @param schemas schemas to create
   * @param sequences standalone and serial sequences to create before the tables
   * @param scripts each created table's script
   * @param order the created tables, inheritance parents before their children
   */
  record Creation(
      List<String> schemas,
      List<Sequence> sequences,
      Map<TableId, CreateScript> scripts,
      List<TableId> order) {
    static final Creation NONE = new Creation(List.of(), List.of(), Map.of(), List.of());

    Creation {
      schemas = List.copyOf(schemas);
      sequences = List.copyOf(sequences);
      scripts = Map.copyOf(scripts);
      order = List.copyOf(order);
    }

    /** Creates the schemas, sequences, tables and partitions. */
    List<PlannedStatement> create() {
      List<PlannedStatement> statements = new ArrayList<>();
      schemas.forEach(s -> statements.add(TargetStatements.createSchema(s)));
      for (Sequence s : sequences) {
        statements.add(
            TargetStatements.create(
                s.createSql(), "sequence " + s.id().display(), s.id().schema()));
      }
      for (TableId target : order) {
        CreateScript script = scripts.get(target);
        for (String sql : script.sequences()) {
          statements.add(TargetStatements.create(sql, target.display(), target.schema()));
        }
        statements.add(
            TargetStatements.create(script.createTable(), target.display(), target.schema()));
        for (String sql : script.partitions()) {
          statements.add(TargetStatements.create(sql, target.display(), target.schema()));
        }
      }
      return statements;
    }

    /** The constraints and indexes of {@code target}, added once its rows are in. */
    List<PlannedStatement> afterLoad(TableId target) {
      CreateScript script = scripts.get(target);
      if (script == null) {
        return List.of();
      }
      List<PlannedStatement> statements = new ArrayList<>();
      for (String sql : script.constraints()) {
        statements.add(
            new PlannedStatement(sql, "adding the constraints of " + target.display(), null));
      }
      for (String sql : script.indexes()) {
        statements.add(new PlannedStatement(sql, "building an index of " + target.display(), null));
      }
      return statements;
    }

    /** The created tables' foreign keys, once every table's rows are in. */
    List<PlannedStatement> foreignKeys() {
      List<PlannedStatement> statements = new ArrayList<>();
      for (TableId target : order) {
        scripts.get(target).foreignKeys().stream()
            .map(sql -> TargetStatements.addForeignKey(sql, target))
            .forEach(statements::add);
      }
      return statements;
    }

    /** Ties the created sequences to their columns. */
    List<PlannedStatement> ownedBy() {
      List<PlannedStatement> statements = new ArrayList<>();
      for (TableId target : order) {
        scripts.get(target).ownedBy().stream()
            .map(sql -> TargetStatements.ownedBy(sql, target))
            .forEach(statements::add);
      }
      return statements;
    }

    /** Drops everything created, children first. */
    List<PlannedStatement> undo() {
      List<PlannedStatement> statements = new ArrayList<>();
      for (int i = order.size() - 1; i >= 0; i--) {
        TableId t = order.get(i);
        statements.add(
            new PlannedStatement(
                "DROP TABLE IF EXISTS " + t.sql() + " CASCADE", "dropping " + t.display(), null));
      }
      for (Sequence s : sequences) {
        statements.add(
            new PlannedStatement(
                "DROP SEQUENCE IF EXISTS " + s.id().sql(),
                "dropping sequence " + s.id().display(),
                null));
      }
      for (String schema : schemas) {
        statements.add(
            new PlannedStatement(
                "DROP SCHEMA IF EXISTS " + Identifiers.quote(schema),
                "dropping schema " + Identifiers.display(schema),
                null));
      }
      return statements;
    }
  }

  private CreationPlanner() {}

  /**
   * Plans the creation of {@code missing}.
   *
   * @param owned the snapshot's sequences owned by restored tables' columns
   * @param standalone the standalone sequences to create when missing (none without {@code
   *     --create})
   * @param notes receives what the scripts leave out
   * @throws PgsnapException {@link ErrorCode#USAGE} when a created table would reference a table
   *     that is neither in the target nor restored; {@link ErrorCode#INTEGRITY} when a statement is
   *     not the one statement of the kind its manifest entry names
   */
  static Creation plan(
      List<TableId> missing,
      Map<TableId, Chosen> byTarget,
      List<Sequence> owned,
      List<Sequence> standalone,
      TargetState state,
      TargetReader reader,
      List<String> notes)
      throws SQLException {
    if (missing.isEmpty() && standalone.isEmpty()) {
      return Creation.NONE;
    }
    List<String> schemas = new ArrayList<>();
    for (TableId t : missing) {
      if (!state.existingSchemas().contains(t.schema()) && !schemas.contains(t.schema())) {
        schemas.add(t.schema());
      }
    }
    Map<TableId, TableId> targets = new LinkedHashMap<>();
    byTarget.values().forEach(c -> targets.put(c.table().id(), c.target()));
    List<Sequence> sequences = new ArrayList<>();
    Map<TableId, CreateScript> scripts = new LinkedHashMap<>();
    Set<TableId> outside = new TreeSet<>();
    for (TableId target : missing) {
      Chosen c = byTarget.get(target);
      List<Sequence> ownedHere =
          owned.stream().filter(s -> s.ownedBy().table().equals(c.table().id())).toList();
      CreateScript script;
      if (c.beside()) {
        script = RenamedDdl.write(c.table(), target, targets, ownedHere);
      } else {
        script = CreateScripts.verbatim(c.table(), ownedHere, state.existingSequences());
        ownedHere.stream()
            .filter(s -> !s.identity() && !state.existingSequences().contains(s.id()))
            .forEach(sequences::add);
        c.table().foreignKeys().stream()
            .map(k -> k.referencedTable())
            .filter(r -> !targets.containsKey(r))
            .forEach(outside::add);
        c.table().inheritsFrom().stream()
            .filter(r -> !targets.containsKey(r))
            .forEach(outside::add);
      }
      ScriptCheck.check(script, c.table().id(), target);
      notes.addAll(script.notes());
      scripts.put(target, script);
    }
    if (!outside.isEmpty()) {
      Map<TableId, Character> found = reader.existingTables(outside);
      List<TableId> absent = outside.stream().filter(t -> !found.containsKey(t)).toList();
      if (!absent.isEmpty()) {
        throw new PgsnapException(
            ErrorCode.USAGE,
            "the tables to create reference tables that are neither in the target database nor"
                + " in this restore: "
                + TargetChecks.displayAll(absent)
                + ". Restore them too (--table), or create them first");
      }
    }
    for (Sequence s : standalone) {
      if (!state.existingSequences().contains(s.id())) {
        sequences.add(s);
        if (!state.existingSchemas().contains(s.id().schema())
            && !schemas.contains(s.id().schema())) {
          schemas.add(s.id().schema());
        }
      }
    }
    sequences.forEach(DdlStatement::checkSequence);
    // Inheritance parents are created before their children.
    List<LoadOrder.Edge> parents = new ArrayList<>();
    for (TableId target : missing) {
      for (TableId parent : byTarget.get(target).table().inheritsFrom()) {
        if (targets.containsKey(parent)) {
          parents.add(new LoadOrder.Edge(target, targets.get(parent)));
        }
      }
    }
    return new Creation(schemas, sequences, scripts, LoadOrder.of(missing, parents).tables());
  }
}
