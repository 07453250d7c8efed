package io.pgsnap.catalog;

import java.util.Objects;

/**
 * A sequence and its value at export time. Sequence values are not transactional: the value is the
 * one read during the export, as with pg_dump.
 *
 * @param id the sequence's name
 * @param dataType {@code smallint}, {@code integer} or {@code bigint}
 * @param start the start value
 * @param increment the increment
 * @param minValue the minimum value
 * @param maxValue the maximum value
 * @param cache the cache size
 * @param cycle whether the sequence cycles
 * @param lastValue the sequence's {@code last_value}
 * @param called the sequence's {@code is_called}: whether {@code lastValue} has been handed out
 * @param ownedBy the column that owns the sequence (serial or identity), or {@code null}
 * @param identity whether the sequence belongs to an identity column
 */
public record Sequence(
    TableId id,
    String dataType,
    long start,
    long increment,
    long minValue,
    long maxValue,
    long cache,
    boolean cycle,
    long lastValue,
    boolean called,
    OwnedBy ownedBy,
    boolean identity) {

  public Sequence {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(dataType, "dataType");
  }

  /** The column a sequence belongs to. */
  public record OwnedBy(TableId table, String column) {
    public OwnedBy {
      Objects.requireNonNull(table, "table");
      Objects.requireNonNull(column, "column");
    }
  }
}
