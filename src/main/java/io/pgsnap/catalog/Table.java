package io.pgsnap.catalog;

import java.util.List;
import java.util.Objects;

/**
 * A table selected for export, as the catalog describes it. Lists are never null, but possibly
 * empty.
 *
 * @param id the table's name
 * @param kind ordinary or partitioned
 * @param unlogged whether the table is {@code UNLOGGED}
 * @param columns every column, in attribute order (generated ones included)
 * @param primaryKey the primary key's columns in key order; empty when there is none
 * @param constraints primary key, unique, check and exclusion constraints
 * @param foreignKeys the table's foreign keys
 * @param indexes indexes that no constraint owns
 * @param inheritsFrom the parents of an inheritance child, in inheritance order
 * @param partitions for a partitioned table, every partition below it
 * @param dependsOn the other tables this table's foreign keys reference, sorted, without itself
 * @param rowSecurity whether row-level security is enabled on the table
 * @param rowSecurityApplies whether row security would filter rows for the current user, so that an
 *     export with {@code row_security = off} fails on this table
 * @param readable whether the current user has {@code SELECT} on the table
 * @param estimatedRows the planner's row estimate (never negative), for progress and ordering
 * @param estimatedBytes on-disk size of the table and, for a partitioned table, its partitions
 * @param ddl the statements that recreate the table
 * @param attached what is attached to the table: owner, privileges, comments, storage parameters,
 *     replica identity, row security and policies, triggers, rules, column settings
 */
public record Table(
    TableId id,
    Kind kind,
    boolean unlogged,
    List<Column> columns,
    List<String> primaryKey,
    List<Constraint> constraints,
    List<ForeignKey> foreignKeys,
    List<Index> indexes,
    List<TableId> inheritsFrom,
    List<Partition> partitions,
    List<TableId> dependsOn,
    boolean rowSecurity,
    boolean rowSecurityApplies,
    boolean readable,
    long estimatedRows,
    long estimatedBytes,
    Ddl ddl,
    Attached attached) {

  public Table {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(kind, "kind");
    columns = List.copyOf(columns);
    primaryKey = List.copyOf(primaryKey);
    constraints = List.copyOf(constraints);
    foreignKeys = List.copyOf(foreignKeys);
    indexes = List.copyOf(indexes);
    inheritsFrom = List.copyOf(inheritsFrom);
    partitions = List.copyOf(partitions);
    dependsOn = List.copyOf(dependsOn);
    Objects.requireNonNull(ddl, "ddl");
    Objects.requireNonNull(attached, "attached");
  }

  /** The columns whose values COPY exports: all but generated ones, in attribute order. */
  public List<Column> copiedColumns() {
    return columns.stream().filter(Column::isCopied).toList();
  }

  /** What sort of relation the table is. */
  public enum Kind {
    /** {@code relkind = 'r'}: an ordinary table, possibly an inheritance parent or child. */
    ORDINARY,
    /** {@code relkind = 'p'}: a partitioned table; its rows live in its partitions. */
    PARTITIONED
  }
}
