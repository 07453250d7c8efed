package io.pgsnap.restore;

import io.pgsnap.ErrorCode;
import io.pgsnap.PgsnapException;
import io.pgsnap.catalog.Column;
import io.pgsnap.catalog.Constraint;
import io.pgsnap.catalog.ForeignKey;
import io.pgsnap.catalog.Identifiers;
import io.pgsnap.catalog.Index;
import io.pgsnap.catalog.Partition;
import io.pgsnap.catalog.Sequence;
import io.pgsnap.catalog.Table;
import io.pgsnap.catalog.TableId;
import io.pgsnap.snapshot.ManifestTable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the {@link CreateScript} of a table that a restore creates beside its original, under
 * another name or in another schema ({@code --rename}, {@code --into-schema}). The manifest's
 * {@link io.pgsnap.catalog.Ddl} names the original everywhere, so it is rebuilt from the manifest's
 * columns, constraints, indexes, foreign keys and partitions with every name pointed at the copy:
 * the table, its partitions, the indexes and index-backed constraints (whose names must be unique
 * in their schema), its serial sequences and the defaults that call them, inheritance parents and
 * referenced tables that the same restore creates.
 *
 * <p>Pure string building, like {@code DdlWriter}: every identifier is quoted, and expressions and
 * definitions are the server's own deparsed text, edited only where it names a table. Names the
 * server printed are recognised in both its {@code quote_ident} form and fully quoted (as with
 * {@code quote_all_identifiers}).
 */
final class RenamedDdl {
  private static final String INDENT = "    ";
  private static final String PARTITION_BY = ") PARTITION BY ";

  private RenamedDdl() {}

  /**
   * The statements that create {@code table} as {@code target}.
   *
   * <p>Names of relations that belong to the table follow one rule: when only the schema changes
   * they keep their name in the target schema; when the name changes, a name that starts with the
   * old table name gets the new one instead of that prefix ({@code orders_pkey} becomes {@code
   * orders_copy_pkey}), any other gets the new name and {@code _} in front; names are cut to 63
   * bytes as PostgreSQL would. Partitions go into the target's schema. Check and foreign key names
   * stay, since they are only unique per table. Foreign keys to tables outside the restore and
   * inheritance from such tables are left out, with a note.
   *
   * @param table the snapshot table
   * @param target where it goes, not its own name
   * @param restoredTargets snapshot name to target name of every table in this restore, {@code
   *     table} included
   * @param ownedSequences the manifest's sequences that a column of {@code table} owns (serial and
   *     identity)
   * @return the statements, and notes on what they leave out
   * @throws PgsnapException {@link ErrorCode#USAGE} when an index or foreign key definition does
   *     not name the table as expected, so it cannot be pointed at the copy
   */
  static CreateScript write(
      ManifestTable table,
      TableId target,
      Map<TableId, TableId> restoredTargets,
      List<Sequence> ownedSequences) {
    return new Writer(table, target, restoredTargets, ownedSequences).write();
  }

  /** The state of one {@link #write}: the names chosen so far and the notes. */
  private static final class Writer {
    private final ManifestTable table;
    private final TableId target;
    private final Map<TableId, TableId> restoredTargets;
    private final List<Sequence> ownedSequences;
    private final boolean partitioned;
    private final CopyNames names;
    private final List<String> notes = new ArrayList<>();

    Writer(
        ManifestTable table,
        TableId target,
        Map<TableId, TableId> restoredTargets,
        List<Sequence> ownedSequences) {
      this.table = table;
      this.target = target;
      this.restoredTargets = restoredTargets;
      this.ownedSequences = ownedSequences;
      this.partitioned = table.kind() == Table.Kind.PARTITIONED;
      this.names = new CopyNames(table.id(), target);
    }

    CreateScript write() {
      List<String> sequences = new ArrayList<>();
      List<String> ownedBy = new ArrayList<>();
      Map<String, String> nextvalCalls = serialSequences(sequences, ownedBy);
      String createTable = createTable(nextvalCalls);
      List<String> partitions = table.partitions().stream().map(this::partitionOf).toList();
      List<String> constraints = table.constraints().stream().map(this::constraint).toList();
      List<String> indexes = table.indexes().stream().map(this::index).toList();
      List<String> foreignKeys = new ArrayList<>();
      for (ForeignKey fk : table.foreignKeys()) {
        String statement = foreignKey(fk);
        if (statement != null) {
          foreignKeys.add(statement);
        }
      }
      Map<String, String> relationNames = new LinkedHashMap<>();
      for (Constraint c : table.constraints()) {
        if (c.kind() != Constraint.Kind.CHECK) {
          relationNames.put(c.name(), names.relation(inTableSchema(c.name())));
        }
      }
      for (Index index : table.indexes()) {
        relationNames.put(index.name(), names.relation(inTableSchema(index.name())));
      }
      return new CreateScript(
          sequences,
          createTable,
          partitions,
          constraints,
          indexes,
          foreignKeys,
          ownedBy,
          notes,
          relationNames);
    }

    /**
     * A new sequence in the target schema for each serial sequence of the table, so the copy does
     * not draw numbers from the original's.
     *
     * @return each {@code nextval} call on an old sequence, in every form the server may have
     *     printed it, mapped to the call on its new sequence
     */
    private Map<String, String> serialSequences(List<String> sequences, List<String> ownedBy) {
      Map<String, String> nextvalCalls = new LinkedHashMap<>();
      for (Sequence s : ownedSequences) {
        if (s.identity() || s.ownedBy() == null) {
          continue;
        }
        String column = s.ownedBy().column();
        TableId copy =
            new TableId(
                target.schema(),
                names.unique(s.id(), CopyNames.sequenceName(target.name(), column)));
        sequences.add(
            "CREATE SEQUENCE " + copy.sql() + " AS " + s.dataType() + " " + s.optionsSql());
        ownedBy.add(
            "ALTER SEQUENCE "
                + copy.sql()
                + " OWNED BY "
                + target.sql()
                + "."
                + Identifiers.quote(column));
        for (String rendering : ServerRenderings.of(s.id())) {
          nextvalCalls.put(
              ServerRenderings.nextval(rendering),
              ServerRenderings.nextval(ServerRenderings.regclassText(copy)));
        }
      }
      return nextvalCalls;
    }

    private String createTable(Map<String, String> nextvalCalls) {
      List<TableId> parents = new ArrayList<>();
      for (TableId parent : table.inheritsFrom()) {
        TableId parentTarget = restoredTargets.get(parent);
        if (parentTarget != null) {
          parents.add(parentTarget);
        } else {
          notes.add(
              target.display()
                  + " does not inherit from "
                  + parent.display()
                  + " as "
                  + table.id().display()
                  + " does: "
                  + parent.display()
                  + " is not part of this restore, and the copy's rows must not show up in the"
                  + " live table (check constraints inherited from it are not created either)");
        }
      }
      // With every parent restored too, INHERITS creates the columns the child takes unchanged,
      // with the parents' rewritten defaults; repeating them would keep the old defaults, and
      // PostgreSQL before 16 rejects a repeated generated column. Without some parent, every
      // column is listed, since INHERITS no longer brings them all.
      boolean inheritsAll = !parents.isEmpty() && parents.size() == table.inheritsFrom().size();
      String manifestSql = table.ddl().createTable();
      StringBuilder sql = new StringBuilder("CREATE ");
      if (manifestSql.startsWith("CREATE UNLOGGED TABLE ")) {
        sql.append("UNLOGGED ");
      }
      sql.append("TABLE ").append(target.sql()).append(" (");
      boolean first = true;
      for (Column c : table.columns()) {
        if (inheritsAll && !listsColumn(manifestSql, c)) {
          continue;
        }
        sql.append(first ? "\n" : ",\n").append(INDENT).append(column(c, nextvalCalls));
        first = false;
      }
      sql.append(first ? ")" : "\n)");
      if (partitioned) {
        sql.append(" PARTITION BY ").append(partitionKey(manifestSql));
      }
      if (!parents.isEmpty()) {
        sql.append(" INHERITS (");
        for (int i = 0; i < parents.size(); i++) {
          sql.append(i == 0 ? "" : ", ").append(parents.get(i).sql());
        }
        sql.append(')');
      }
      return sql.toString();
    }

    /** Whether the manifest's CREATE TABLE lists {@code c}, as DdlWriter writes a column line. */
    private static boolean listsColumn(String createTable, Column c) {
      String line = INDENT + Identifiers.quote(c.name()) + " ";
      return createTable.contains("(\n" + line) || createTable.contains(",\n" + line);
    }

    private String partitionKey(String createTable) {
      int at = createTable.lastIndexOf(PARTITION_BY);
      if (at < 0) {
        throw cannotRename(
            "the partition key of " + table.id().display() + " is missing from its DDL");
      }
      return createTable.substring(at + PARTITION_BY.length());
    }

    private String column(Column c, Map<String, String> nextvalCalls) {
      StringBuilder sql =
          new StringBuilder(Identifiers.quote(c.name())).append(' ').append(c.type());
      if (c.collation() != null) {
        sql.append(" COLLATE ").append(c.collation());
      }
      switch (c.generated()) {
        case STORED ->
            sql.append(" GENERATED ALWAYS AS (")
                .append(c.generationExpression())
                .append(") STORED");
        case VIRTUAL ->
            sql.append(" GENERATED ALWAYS AS (")
                .append(c.generationExpression())
                .append(") VIRTUAL");
        case NONE -> {}
      }
      if (c.identity() != Column.Identity.NONE) {
        sql.append(
            c.identity() == Column.Identity.ALWAYS
                ? " GENERATED ALWAYS AS IDENTITY"
                : " GENERATED BY DEFAULT AS IDENTITY");
        Sequence s = identitySequence(c);
        if (s != null) {
          // No SEQUENCE NAME: the server names the new sequence after the copy, in its schema.
          sql.append(" (").append(s.optionsSql()).append(')');
        } else {
          notes.add(
              "identity column "
                  + Identifiers.display(c.name())
                  + " of "
                  + target.display()
                  + " gets the default sequence options: the snapshot holds no sequence for it");
        }
      }
      if (c.defaultExpression() != null) {
        sql.append(" DEFAULT ").append(rewriteDefault(c, nextvalCalls));
      }
      if (c.notNull()) {
        sql.append(" NOT NULL");
      }
      return sql.toString();
    }

    private Sequence identitySequence(Column c) {
      return ownedSequences.stream()
          .filter(s -> s.identity() && s.ownedBy() != null)
          .filter(s -> s.ownedBy().column().equals(c.name()))
          .findFirst()
          .orElse(null);
    }

    private String rewriteDefault(Column c, Map<String, String> nextvalCalls) {
      String expression = c.defaultExpression();
      for (Map.Entry<String, String> call : nextvalCalls.entrySet()) {
        expression = expression.replace(call.getKey(), call.getValue());
      }
      String rest = expression;
      for (String newCall : nextvalCalls.values()) {
        rest = rest.replace(newCall, "");
      }
      if (rest.contains("nextval(")) {
        notes.add(
            "column "
                + Identifiers.display(c.name())
                + " of "
                + target.display()
                + " keeps the default "
                + c.defaultExpression()
                + ": its sequence is not one "
                + table.id().display()
                + " owns, so the copy shares it");
      }
      return expression;
    }

    private String partitionOf(Partition p) {
      String manifestSql = "CREATE UNLOGGED TABLE " + p.id().sql() + " PARTITION OF ";
      boolean unlogged = table.ddl().partitions().stream().anyMatch(s -> s.startsWith(manifestSql));
      StringBuilder sql = new StringBuilder("CREATE ");
      if (unlogged) {
        sql.append("UNLOGGED ");
      }
      sql.append("TABLE ")
          .append(partitionTarget(p.id()).sql())
          .append(" PARTITION OF ")
          .append(partitionTarget(p.parent()).sql())
          .append(' ')
          .append(p.bound());
      if (p.partitionKey() != null) {
        sql.append(" PARTITION BY ").append(p.partitionKey());
      }
      return sql.toString();
    }

    private TableId partitionTarget(TableId partition) {
      if (partition.equals(table.id())) {
        return target;
      }
      return new TableId(target.schema(), names.relation(partition));
    }

    private String constraint(Constraint c) {
      // As DdlWriter: CHECK without ONLY so it reaches children; no ONLY on a partitioned table.
      boolean only = !partitioned && c.kind() != Constraint.Kind.CHECK;
      // A check constraint's name is unique per table only; the others name their index.
      String name =
          c.kind() == Constraint.Kind.CHECK ? c.name() : names.relation(inTableSchema(c.name()));
      return alterTable(only) + " ADD CONSTRAINT " + Identifiers.quote(name) + " " + c.definition();
    }

    /**
     * The index definition with the copy's index name and table; for a partitioned table without
     * the {@code ONLY} pg_get_indexdef prints, as DdlWriter drops it, so that the partitions get
     * their indexes.
     */
    private String index(Index index) {
      String definition = index.definition();
      for (String create : List.of("CREATE UNIQUE INDEX ", "CREATE INDEX ")) {
        if (!definition.startsWith(create)) {
          continue;
        }
        String afterCreate = definition.substring(create.length());
        for (String name : ServerRenderings.of(index.name())) {
          if (!afterCreate.startsWith(name + " ON ")) {
            continue;
          }
          String afterOn = afterCreate.substring(name.length() + " ON ".length());
          boolean only = afterOn.startsWith("ONLY ");
          String onTable = only ? afterOn.substring("ONLY ".length()) : afterOn;
          for (String tableName : ServerRenderings.of(table.id())) {
            if (onTable.startsWith(tableName + " USING ")) {
              return create
                  + Identifiers.quote(names.relation(inTableSchema(index.name())))
                  + " ON "
                  + (only && !partitioned ? "ONLY " : "")
                  + target.sql()
                  + onTable.substring(tableName.length());
            }
          }
        }
      }
      throw cannotRename("index " + index.name() + " of " + table.id().display());
    }

    /**
     * The foreign key on the copy, or null (with a note) when it references a table not restored.
     */
    private String foreignKey(ForeignKey fk) {
      TableId referenced = fk.referencedTable();
      TableId referencedTarget = restoredTargets.get(referenced);
      if (referencedTarget == null) {
        notes.add(
            "foreign key "
                + Identifiers.display(fk.name())
                + " of "
                + target.display()
                + " to "
                + referenced.display()
                + " is not created: "
                + referenced.display()
                + " is not part of this restore");
        return null;
      }
      String definition = fk.definition();
      for (String rendering : ServerRenderings.of(referenced)) {
        String reference = ") REFERENCES " + rendering + "(";
        int at = definition.indexOf(reference);
        if (at >= 0) {
          String rewritten =
              definition.substring(0, at)
                  + ") REFERENCES "
                  + referencedTarget.sql()
                  + "("
                  + definition.substring(at + reference.length());
          // PostgreSQL rejects ALTER TABLE ONLY ... ADD FOREIGN KEY on a partitioned table.
          return alterTable(!partitioned)
              + " ADD CONSTRAINT "
              + Identifiers.quote(fk.name())
              + " "
              + rewritten;
        }
      }
      throw cannotRename("foreign key " + fk.name() + " of " + table.id().display());
    }

    private TableId inTableSchema(String relation) {
      return new TableId(table.schema(), relation);
    }

    private String alterTable(boolean only) {
      return "ALTER TABLE " + (only ? "ONLY " : "") + target.sql();
    }

    private PgsnapException cannotRename(String what) {
      return new PgsnapException(
          ErrorCode.USAGE,
          "cannot create "
              + table.id().display()
              + " as "
              + target.display()
              + ": the definition of "
              + what
              + " does not name the table as expected. Restore it without --rename and"
              + " --into-schema, or create "
              + target.display()
              + " yourself and restore without --create.");
    }
  }
}
