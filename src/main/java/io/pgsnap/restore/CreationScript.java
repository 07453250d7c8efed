package io.pgsnap.restore;

import io.pgsnap.catalog.Partition;
import io.pgsnap.catalog.Sequence;
import io.pgsnap.catalog.TableId;
import io.pgsnap.catalog.UsedObject;
import io.pgsnap.snapshot.Manifest;
import io.pgsnap.snapshot.ManifestTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The DDL {@code restore --create} runs to rebuild tables in an empty database, as one SQL script
 * without the rows: what {@code inspect --ddl} and {@code --ddl-all} print, for where neither
 * pgsnap's restore nor pg_dump is at hand. It is built from the same statement writers as the
 * restore, from a manifest that passed the snapshot's checks, and runs nothing itself.
 *
 * <p>The script is one transaction. It creates no roles: the owners, grantees and policy roles it
 * names must exist where it runs.
 */
public final class CreationScript {
  private CreationScript() {}

  /**
   * The script that creates {@code tables} of {@code manifest} with what they use and carry.
   *
   * @param manifest the snapshot's manifest, checked by the snapshot reader
   * @param tables the tables to create; every table of the snapshot for a whole script
   * @return the script, every statement ending in {@code ;}, ending in a newline
   */
  public static String of(Manifest manifest, List<ManifestTable> tables) {
    Objects.requireNonNull(manifest, "manifest");
    boolean whole = tables.size() == manifest.tables().size();
    StringBuilder sql = new StringBuilder();
    comment(
        sql,
        (whole ? "Every table" : "Table " + tables.get(0).id().display())
            + " of snapshot "
            + manifest.id()
            + ", as `pgsnap restore --create` creates "
            + (whole ? "them" : "it")
            + " in an empty database, without the rows.");
    comment(sql, "Roles are not created: the owners, grantees and policy roles named must exist.");
    sql.append("\nBEGIN;\n");

    List<UsedObject> objects = manifest.objects().stream().filter(o -> !isPublicSchema(o)).toList();
    if (!objects.isEmpty()) {
      List<PlannedStatement> define = new ArrayList<>();
      define.add(DefinitionStatements.noFunctionBodyChecks());
      objects.forEach(o -> define.addAll(DefinitionStatements.create(o)));
      define.addAll(
          DefinitionOwnership.statements(objects, false, false, Set.of(), new ArrayList<>()));
      section(
          sql,
          whole
              ? "what the tables use"
              : "what the snapshot's tables use (this table needs some or all of it)",
          sqlOf(define));
    }

    List<Sequence> sequences = new ArrayList<>();
    List<String> ownedBy = new ArrayList<>();
    for (Sequence s : manifest.sequences()) {
      boolean standalone = s.ownedBy() == null;
      boolean ownedHere =
          !s.identity()
              && s.ownedBy() != null
              && tables.stream().anyMatch(t -> t.id().equals(s.ownedBy().table()));
      if (standalone || ownedHere) {
        sequences.add(s);
      }
      if (ownedHere && s.ownedBySql() != null) {
        ownedBy.add(s.ownedBySql());
      }
    }
    section(sql, "sequences", sequences.stream().map(Sequence::createSql).toList());
    section(
        sql,
        "domain defaults that draw from a sequence",
        sqlOf(DefinitionStatements.sequenceDefaults(objects)));

    List<ManifestTable> ordered = parentsFirst(tables);
    for (ManifestTable t : ordered) {
      section(sql, "table " + t.id().display(), List.of(t.ddl().createTable()));
      section(sql, null, t.ddl().partitions());
    }
    for (ManifestTable t : ordered) {
      section(sql, "constraints and indexes of " + t.id().display(), t.ddl().constraints());
      section(sql, null, t.ddl().indexes());
    }
    section(
        sql,
        whole ? "foreign keys" : "foreign keys (the referenced tables must exist)",
        ordered.stream().flatMap(t -> t.ddl().foreignKeys().stream()).toList());
    section(sql, "sequence ownership", ownedBy);

    List<AttachedPlanner.Created> created = new ArrayList<>();
    for (ManifestTable t : ordered) {
      created.add(new AttachedPlanner.Created(t.id(), t.attached(), t.id(), Map.of()));
      for (Partition p : t.partitions()) {
        created.add(new AttachedPlanner.Created(p.id(), p.attached(), p.id(), Map.of()));
      }
    }
    List<PlannedStatement> attached =
        AttachedPlanner.plan(
            created,
            new AttachedPlanner.Settings(
                false, false, manifest.source().serverVersionNum() / 10_000),
            Set.of(),
            new ArrayList<>());
    section(
        sql,
        "settings, triggers, rules, row-level security, policies, comments, grants, owners",
        sqlOf(attached));
    sql.append("\nCOMMIT;\n");
    return sql.toString();
  }

  /** Every new database has a {@code public} schema, which the snapshot records when used. */
  private static boolean isPublicSchema(UsedObject o) {
    return o instanceof UsedObject.Schema s && s.name().equals("public");
  }

  private static List<ManifestTable> parentsFirst(List<ManifestTable> tables) {
    List<LoadOrder.Edge> parents = new ArrayList<>();
    for (ManifestTable t : tables) {
      t.inheritsFrom().forEach(p -> parents.add(new LoadOrder.Edge(t.id(), p)));
    }
    List<TableId> order =
        LoadOrder.of(tables.stream().map(ManifestTable::id).toList(), parents).tables();
    return order.stream()
        .map(id -> tables.stream().filter(t -> t.id().equals(id)).findFirst().orElseThrow())
        .toList();
  }

  private static List<String> sqlOf(List<PlannedStatement> statements) {
    return statements.stream().map(PlannedStatement::sql).toList();
  }

  /** The statements under a heading; nothing when there are none. */
  private static void section(StringBuilder sql, String title, List<String> statements) {
    if (statements.isEmpty()) {
      return;
    }
    if (title != null) {
      sql.append('\n');
      comment(sql, title);
    }
    statements.forEach(s -> sql.append(s).append(";\n"));
  }

  /** A comment line; line breaks in names are replaced so that nothing can end it early. */
  private static void comment(StringBuilder sql, String text) {
    sql.append("-- ").append(text.replaceAll("[\\r\\n]", " ")).append('\n');
  }
}
