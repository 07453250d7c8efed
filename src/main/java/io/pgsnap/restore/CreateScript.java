package io.pgsnap.restore;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The statements that create one missing target table for {@code --create}, in the order a restore
 * runs them: sequences and the table before the data, everything that checks or indexes rows after
 * it (as pg_restore does, since building an index once is faster than maintaining it row by row).
 *
 * @param sequences {@code CREATE SEQUENCE} for the serial sequences the table's defaults use, run
 *     before the table
 * @param createTable the {@code CREATE TABLE} statement
 * @param partitions {@code CREATE TABLE ... PARTITION OF} for every partition, parents first
 * @param constraints primary key, unique, check and exclusion constraints, after the data
 * @param indexes {@code CREATE INDEX} statements, after the data
 * @param foreignKeys foreign keys, after every table's data
 * @param ownedBy {@code ALTER SEQUENCE ... OWNED BY} statements, once the table exists
 * @param notes what the script leaves out and why, for the plan (e.g. a foreign key to a table
 *     outside a restore beside the original)
 * @param relationNames the copy's names of the original's indexes and index-backed constraints, by
 *     original name, where a renamed restore changed them (empty when every name is kept)
 */
record CreateScript(
    List<String> sequences,
    String createTable,
    List<String> partitions,
    List<String> constraints,
    List<String> indexes,
    List<String> foreignKeys,
    List<String> ownedBy,
    List<String> notes,
    Map<String, String> relationNames) {

  /** A script that keeps every index and constraint name. */
  CreateScript(
      List<String> sequences,
      String createTable,
      List<String> partitions,
      List<String> constraints,
      List<String> indexes,
      List<String> foreignKeys,
      List<String> ownedBy,
      List<String> notes) {
    this(
        sequences,
        createTable,
        partitions,
        constraints,
        indexes,
        foreignKeys,
        ownedBy,
        notes,
        Map.of());
  }

  CreateScript {
    sequences = List.copyOf(sequences);
    Objects.requireNonNull(createTable, "createTable");
    partitions = List.copyOf(partitions);
    constraints = List.copyOf(constraints);
    indexes = List.copyOf(indexes);
    foreignKeys = List.copyOf(foreignKeys);
    ownedBy = List.copyOf(ownedBy);
    notes = List.copyOf(notes);
    relationNames = Map.copyOf(relationNames);
  }
}
