package io.pgsnap.catalog;

import java.util.Objects;

/**
 * One column of a table.
 *
 * @param name the column name as stored
 * @param type the type as {@code format_type} prints it with an empty search path, so user types
 *     are schema-qualified ({@code integer}, {@code numeric(10,2)}, {@code "app"."mood"[]})
 * @param notNull whether the column is declared {@code NOT NULL}
 * @param defaultExpression the default expression, or {@code null} when there is none (also null
 *     for generated columns, whose expression is in {@code generationExpression})
 * @param generated {@link Generated#NONE}, or how the column is computed
 * @param generationExpression the expression of a generated column, otherwise {@code null}
 * @param identity {@link Identity#NONE}, or the identity kind
 * @param collation the column's collation as a quoted, qualified name when it differs from its
 *     type's default, otherwise {@code null}
 */
public record Column(
    String name,
    String type,
    boolean notNull,
    String defaultExpression,
    Generated generated,
    String generationExpression,
    Identity identity,
    String collation) {

  public Column {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(generated, "generated");
    Objects.requireNonNull(identity, "identity");
  }

  /** Whether the column holds stored data that COPY exports (generated columns are recomputed). */
  public boolean isCopied() {
    return generated == Generated.NONE;
  }

  /** How a generated column is computed. */
  public enum Generated {
    NONE,
    STORED,
    /** PostgreSQL 18's virtual generated columns. */
    VIRTUAL
  }

  /** The identity kind of a column. */
  public enum Identity {
    NONE,
    ALWAYS,
    BY_DEFAULT
  }
}
