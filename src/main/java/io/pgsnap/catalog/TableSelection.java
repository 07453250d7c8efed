package io.pgsnap.catalog;

import java.util.List;

/**
 * Which tables to export, as pg_dump-like patterns ({@code *} and {@code ?} wildcards, {@code .}
 * between schema and table, double quotes for exact case and special characters, unquoted letters
 * folded to lower case).
 *
 * <p>A table is selected when it is in a schema matching {@code schemas} or matches {@code tables};
 * with neither given, every table of schema {@code public} is. {@code excludeTables} and {@code
 * excludeSchemas} then remove tables. Every include pattern must match at least one table.
 */
public record TableSelection(
    List<String> schemas,
    List<String> tables,
    List<String> excludeSchemas,
    List<String> excludeTables) {

  public TableSelection {
    schemas = List.copyOf(schemas);
    tables = List.copyOf(tables);
    excludeSchemas = List.copyOf(excludeSchemas);
    excludeTables = List.copyOf(excludeTables);
  }

  /** The default selection: all tables of schema {@code public}. */
  public static TableSelection defaults() {
    return new TableSelection(List.of(), List.of(), List.of(), List.of());
  }
}
