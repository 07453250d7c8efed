package io.pgsnap.catalog;

import java.util.Objects;

/**
 * An index that no constraint owns (constraint indexes come back with their constraint).
 *
 * @param name the index name
 * @param definition the {@code CREATE INDEX} statement as {@code pg_get_indexdef} prints it
 */
public record Index(String name, String definition) {
  public Index {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(definition, "definition");
  }
}
