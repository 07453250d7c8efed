package io.pgsnap.catalog;

import java.util.Comparator;
import java.util.Objects;

/**
 * A table's schema-qualified name, exactly as stored in the catalog (case and any characters kept).
 * Ordered by schema, then name, by code point, so sorts are deterministic across machines.
 */
public record TableId(String schema, String name) implements Comparable<TableId> {
  private static final Comparator<TableId> ORDER =
      Comparator.comparing(TableId::schema).thenComparing(TableId::name);

  public TableId {
    Objects.requireNonNull(schema, "schema");
    Objects.requireNonNull(name, "name");
  }

  /** The name as SQL: {@code "schema"."name"}, each part quoted. */
  public String sql() {
    return Identifiers.quote(schema) + '.' + Identifiers.quote(name);
  }

  /**
   * The name as a person types it in a pgsnap table pattern: each part bare when it is a lower-case
   * identifier, double-quoted otherwise ({@code public."Mixed Case"}); see {@link
   * Identifiers#display}.
   */
  public String display() {
    return Identifiers.display(schema) + '.' + Identifiers.display(name);
  }

  /** The name for people: {@code schema.name}, unquoted. */
  @Override
  public String toString() {
    return schema + '.' + name;
  }

  @Override
  public int compareTo(TableId other) {
    return ORDER.compare(this, other);
  }
}
