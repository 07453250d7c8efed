package io.pgsnap.restore;

import io.pgsnap.catalog.TableId;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What the target database holds for a restore, read inside the restore's transaction after the
 * existing target tables are locked.
 *
 * @param tables the target tables that exist, by name
 * @param foreignKeys every foreign key of the database, named by the partition roots of both sides
 * @param existingSchemas the schemas among those the restore needs that exist
 * @param existingSequences the sequences among those the restore would set that exist
 */
record TargetState(
    Map<TableId, TargetTable> tables,
    List<TargetForeignKey> foreignKeys,
    Set<String> existingSchemas,
    Set<TableId> existingSequences) {

  TargetState {
    tables = Map.copyOf(tables);
    foreignKeys = List.copyOf(foreignKeys);
    existingSchemas = Set.copyOf(existingSchemas);
    existingSequences = Set.copyOf(existingSequences);
  }

  /** This state with {@code schemas} existing too, as they do once the define phase ran. */
  TargetState withSchemas(Set<String> schemas) {
    Set<String> all = new java.util.HashSet<>(existingSchemas);
    all.addAll(schemas);
    return new TargetState(tables, foreignKeys, all, existingSequences);
  }

  /**
   * An existing target table.
   *
   * @param id its name
   * @param partitioned whether it is a partitioned table
   * @param columns its columns in attribute order
   * @param keys the definitions of its primary key and unique constraints, as {@code
   *     pg_get_constraintdef} prints them
   * @param hasRows whether it holds rows (its own rows, for an inheritance parent)
   * @param triggers the user triggers of the table and, for a partitioned table, of its partitions
   */
  record TargetTable(
      TableId id,
      boolean partitioned,
      List<TargetColumn> columns,
      List<String> keys,
      boolean hasRows,
      List<Trigger> triggers) {
    TargetTable {
      Objects.requireNonNull(id, "id");
      columns = List.copyOf(columns);
      keys = List.copyOf(keys);
      triggers = List.copyOf(triggers);
    }
  }

  /**
   * A column of a target table: its name, whether the server computes it, and its type as {@code
   * format_type} prints it.
   */
  record TargetColumn(String name, boolean generated, String type) {}

  /**
   * A user trigger.
   *
   * @param relation the table or partition it is on
   * @param name its name
   * @param enabled {@code pg_trigger.tgenabled}: {@code O} origin, {@code A} always, {@code R}
   *     replica, {@code D} disabled
   */
  record Trigger(TableId relation, String name, char enabled) {
    /** Whether the trigger would fire on rows a restore loads (an ordinary session). */
    boolean fires() {
      return enabled == 'O' || enabled == 'A';
    }
  }

  /**
   * A foreign key in the target database.
   *
   * @param name the constraint name
   * @param table the referencing table (the partition root when it is on a partitioned table)
   * @param constrained the table the constraint is defined on, for {@code ALTER TABLE}
   * @param references the referenced table's partition root
   * @param definition {@code pg_get_constraintdef}, to add it again
   */
  record TargetForeignKey(
      String name, TableId table, TableId constrained, TableId references, String definition) {}

  /**
   * A {@code NOT VALID} constraint of a target table, dropped while loading and added back as it
   * was, so that rows the source kept despite it restore too.
   *
   * @param table the table it is defined on
   * @param name its name
   * @param definition {@code pg_get_constraintdef}, ending in {@code NOT VALID}
   */
  record NotValid(TableId table, String name, String definition) {}
}
