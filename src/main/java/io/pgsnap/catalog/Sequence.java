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

  /**
   * The {@code CREATE SEQUENCE} statement for this sequence with its options (not its value: see
   * {@link #setValueSql()}). Identity sequences are made by their table's {@code CREATE TABLE}, so
   * they have none.
   *
   * @return the statement
   * @throws IllegalStateException for an identity sequence
   */
  public String createSql() {
    if (identity) {
      throw new IllegalStateException(
          id + " belongs to an identity column; its table's CREATE TABLE creates it");
    }
    return "CREATE SEQUENCE " + id.sql() + " AS " + dataType + " " + optionsSql();
  }

  /**
   * The sequence options as {@code CREATE SEQUENCE} and identity columns take them: {@code START
   * WITH ... INCREMENT BY ... MINVALUE ... MAXVALUE ... CACHE ... [NO] CYCLE}.
   *
   * @return the options, without the data type and name
   */
  public String optionsSql() {
    return "START WITH "
        + start
        + " INCREMENT BY "
        + increment
        + " MINVALUE "
        + minValue
        + " MAXVALUE "
        + maxValue
        + " CACHE "
        + cache
        + (cycle ? " CYCLE" : " NO CYCLE");
  }

  /**
   * The {@code ALTER SEQUENCE ... OWNED BY} statement that ties a serial sequence to its column
   * again after both exist, or {@code null} when nothing owns the sequence or it is an identity
   * sequence (which its column owns from the start).
   *
   * @return the statement, or {@code null}
   */
  public String ownedBySql() {
    if (ownedBy == null || identity) {
      return null;
    }
    return "ALTER SEQUENCE "
        + id.sql()
        + " OWNED BY "
        + ownedBy.table().sql()
        + "."
        + Identifiers.quote(ownedBy.column());
  }

  /**
   * The statement that sets the sequence to the value it had at export time, so the next {@code
   * nextval} continues where the source left off.
   *
   * @return a {@code SELECT pg_catalog.setval(...)} statement
   */
  public String setValueSql() {
    return "SELECT pg_catalog.setval("
        + Identifiers.literal(id.sql())
        + ", "
        + lastValue
        + ", "
        + called
        + ")";
  }

  /** The column a sequence belongs to. */
  public record OwnedBy(TableId table, String column) {
    public OwnedBy {
      Objects.requireNonNull(table, "table");
      Objects.requireNonNull(column, "column");
    }
  }
}
