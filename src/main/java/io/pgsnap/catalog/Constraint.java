package io.pgsnap.catalog;

import java.util.Objects;

/**
 * A primary key, unique, check or exclusion constraint (foreign keys are {@link ForeignKey}s).
 *
 * @param name the constraint name
 * @param kind what sort of constraint it is
 * @param definition the constraint as {@code pg_get_constraintdef} prints it
 */
public record Constraint(String name, Kind kind, String definition) {
  public Constraint {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(definition, "definition");
  }

  /** The sort of a non-foreign-key constraint. */
  public enum Kind {
    PRIMARY_KEY,
    UNIQUE,
    CHECK,
    EXCLUSION
  }
}
