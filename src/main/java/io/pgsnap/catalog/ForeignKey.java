package io.pgsnap.catalog;

import java.util.List;
import java.util.Objects;

/**
 * A foreign key of a table.
 *
 * @param name the constraint name
 * @param columns the referencing columns, in key order
 * @param referencedTable the table referenced (possibly in another schema, possibly the same table)
 * @param referencedColumns the referenced columns, in key order
 * @param deferrable whether the constraint is {@code DEFERRABLE}
 * @param definition the constraint as {@code pg_get_constraintdef} prints it
 */
public record ForeignKey(
    String name,
    List<String> columns,
    TableId referencedTable,
    List<String> referencedColumns,
    boolean deferrable,
    String definition) {

  public ForeignKey {
    Objects.requireNonNull(name, "name");
    columns = List.copyOf(columns);
    Objects.requireNonNull(referencedTable, "referencedTable");
    referencedColumns = List.copyOf(referencedColumns);
    Objects.requireNonNull(definition, "definition");
  }
}
