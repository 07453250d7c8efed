package io.pgsnap.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Writes the {@link Ddl} of one table from what {@link CatalogReader} read. Pure string building,
 * so that the SQL it produces is unit-testable; every identifier goes through {@link
 * Identifiers#quote}, every expression and definition is the server's own deparsed text.
 */
final class DdlWriter {
  private static final String INDENT = "    ";

  private DdlWriter() {}

  /**
   * A column as the DDL needs it.
   *
   * @param column the column
   * @param inheritedUnchanged whether the column comes from an inheritance parent exactly as the
   *     child has it, so {@code INHERITS} creates it and the column list must not repeat it
   * @param identitySequence for an identity column, its sequence (for name and options), else null
   */
  record ColumnDef(Column column, boolean inheritedUnchanged, Sequence identitySequence) {
    ColumnDef {
      Objects.requireNonNull(column, "column");
    }
  }

  /**
   * A partition as the DDL needs it.
   *
   * @param partition the partition
   * @param unlogged whether the partition is {@code UNLOGGED}
   */
  record PartitionDef(Partition partition, boolean unlogged) {
    PartitionDef {
      Objects.requireNonNull(partition, "partition");
    }
  }

  /**
   * An index as the DDL needs it.
   *
   * @param index the index
   * @param quotedName the index name as {@code pg_get_indexdef} quotes it ({@code quote_ident})
   * @param unique whether the index is unique
   */
  record IndexDef(Index index, String quotedName, boolean unique) {
    IndexDef {
      Objects.requireNonNull(index, "index");
      Objects.requireNonNull(quotedName, "quotedName");
    }
  }

  /**
   * The DDL of one table.
   *
   * @param id the table
   * @param kind ordinary or partitioned
   * @param unlogged whether the table is unlogged
   * @param columns the columns in attribute order
   * @param partitionKey for a partitioned table its {@code pg_get_partkeydef}, otherwise null
   * @param inheritsFrom inheritance parents in order
   * @param partitions every partition below the table, parents before children
   * @param constraints primary key, unique, check and exclusion constraints
   * @param indexes indexes no constraint owns
   * @param foreignKeys the foreign keys
   */
  static Ddl write(
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
    boolean partitioned = kind == Table.Kind.PARTITIONED;
    String createTable =
        createTable(id, unlogged, columns, partitioned ? partitionKey : null, inheritsFrom);

    List<String> partitionStatements = new ArrayList<>();
    for (PartitionDef p : partitions) {
      partitionStatements.add(partitionOf(p));
    }

    List<String> constraintStatements = new ArrayList<>();
    for (Constraint c : constraints) {
      // PostgreSQL refuses ONLY for a CHECK on a table with children ("constraint must be added to
      // child tables too"), and without ONLY the check reaches inheritance children and partitions
      // just as it did in the source. A primary key, unique or exclusion constraint on a
      // partitioned table needs the recursive form too: with ONLY its index stays invalid.
      boolean only = !partitioned && c.kind() != Constraint.Kind.CHECK;
      constraintStatements.add(
          alterTable(id, only) + " ADD CONSTRAINT " + quote(c.name()) + " " + c.definition());
    }

    List<String> indexStatements = new ArrayList<>();
    for (IndexDef i : indexes) {
      indexStatements.add(partitioned ? recursiveIndex(i) : i.index().definition());
    }

    List<String> foreignKeyStatements = new ArrayList<>();
    for (ForeignKey fk : foreignKeys) {
      // PostgreSQL rejects ALTER TABLE ONLY ... ADD FOREIGN KEY on a partitioned table.
      foreignKeyStatements.add(
          alterTable(id, !partitioned)
              + " ADD CONSTRAINT "
              + quote(fk.name())
              + " "
              + fk.definition());
    }
    return new Ddl(
        createTable,
        partitionStatements,
        constraintStatements,
        indexStatements,
        foreignKeyStatements);
  }

  private static String createTable(
      TableId id,
      boolean unlogged,
      List<ColumnDef> columns,
      String partitionKey,
      List<TableId> inheritsFrom) {
    StringBuilder sql = new StringBuilder("CREATE ");
    if (unlogged) {
      sql.append("UNLOGGED ");
    }
    sql.append("TABLE ").append(id.sql()).append(" (");
    boolean first = true;
    for (ColumnDef c : columns) {
      if (c.inheritedUnchanged()) {
        continue;
      }
      sql.append(first ? "\n" : ",\n").append(INDENT).append(column(c));
      first = false;
    }
    sql.append(first ? ")" : "\n)");
    if (partitionKey != null) {
      sql.append(" PARTITION BY ").append(partitionKey);
    }
    if (!inheritsFrom.isEmpty()) {
      sql.append(" INHERITS (");
      for (int i = 0; i < inheritsFrom.size(); i++) {
        sql.append(i == 0 ? "" : ", ").append(inheritsFrom.get(i).sql());
      }
      sql.append(')');
    }
    return sql.toString();
  }

  private static String column(ColumnDef def) {
    Column c = def.column();
    StringBuilder sql = new StringBuilder(quote(c.name())).append(' ').append(c.type());
    if (c.collation() != null) {
      sql.append(" COLLATE ").append(c.collation());
    }
    switch (c.generated()) {
      case STORED ->
          sql.append(" GENERATED ALWAYS AS (").append(c.generationExpression()).append(") STORED");
      case VIRTUAL ->
          sql.append(" GENERATED ALWAYS AS (").append(c.generationExpression()).append(") VIRTUAL");
      case NONE -> {}
    }
    if (c.identity() != Column.Identity.NONE) {
      sql.append(
          c.identity() == Column.Identity.ALWAYS
              ? " GENERATED ALWAYS AS IDENTITY"
              : " GENERATED BY DEFAULT AS IDENTITY");
      Sequence s = def.identitySequence();
      if (s != null) {
        // Naming the sequence keeps its name on restore, so setval and OWNED BY find it.
        sql.append(" (SEQUENCE NAME ").append(s.id().sql()).append(' ').append(s.optionsSql());
        sql.append(')');
      }
    }
    if (c.defaultExpression() != null) {
      sql.append(" DEFAULT ").append(c.defaultExpression());
    }
    if (c.notNull()) {
      sql.append(" NOT NULL");
    }
    return sql.toString();
  }

  private static String partitionOf(PartitionDef def) {
    Partition p = def.partition();
    StringBuilder sql = new StringBuilder("CREATE ");
    if (def.unlogged()) {
      sql.append("UNLOGGED ");
    }
    sql.append("TABLE ")
        .append(p.id().sql())
        .append(" PARTITION OF ")
        .append(p.parent().sql())
        .append(' ')
        .append(p.bound());
    if (p.partitionKey() != null) {
      sql.append(" PARTITION BY ").append(p.partitionKey());
    }
    return sql.toString();
  }

  /**
   * pg_get_indexdef prints an index of a partitioned table as {@code CREATE INDEX i ON ONLY t},
   * which builds an invalid index on the parent alone (pg_dump attaches the partitions' indexes
   * afterwards). Without ONLY the server builds and attaches the partitions' indexes itself.
   */
  private static String recursiveIndex(IndexDef def) {
    String definition = def.index().definition();
    String prefix =
        "CREATE " + (def.unique() ? "UNIQUE " : "") + "INDEX " + def.quotedName() + " ON ONLY ";
    if (definition.startsWith(prefix)) {
      return prefix.substring(0, prefix.length() - "ONLY ".length())
          + definition.substring(prefix.length());
    }
    return definition;
  }

  private static String alterTable(TableId id, boolean only) {
    return "ALTER TABLE " + (only ? "ONLY " : "") + id.sql();
  }

  private static String quote(String name) {
    return Identifiers.quote(name);
  }
}
