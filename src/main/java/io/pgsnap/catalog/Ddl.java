package io.pgsnap.catalog;

import java.util.List;
import java.util.Objects;

/**
 * The SQL that recreates one table, split as pg_restore splits it so that a restore can load data
 * before building indexes and constraints.
 *
 * @param createTable the {@code CREATE TABLE} statement: columns, types, defaults, {@code NOT
 *     NULL}, identity and generated columns, {@code PARTITION BY} or {@code INHERITS}
 * @param partitions {@code CREATE TABLE ... PARTITION OF} statements for every partition below the
 *     table, parents before children
 * @param constraints {@code ALTER TABLE ... ADD CONSTRAINT} for primary key, unique, check and
 *     exclusion constraints
 * @param indexes {@code CREATE INDEX} statements for indexes that no constraint owns
 * @param foreignKeys {@code ALTER TABLE ... ADD CONSTRAINT ... FOREIGN KEY} statements
 */
public record Ddl(
    String createTable,
    List<String> partitions,
    List<String> constraints,
    List<String> indexes,
    List<String> foreignKeys) {

  public Ddl {
    Objects.requireNonNull(createTable, "createTable");
    partitions = List.copyOf(partitions);
    constraints = List.copyOf(constraints);
    indexes = List.copyOf(indexes);
    foreignKeys = List.copyOf(foreignKeys);
  }
}
