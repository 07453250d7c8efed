package io.pgsnap.verify;

import io.pgsnap.catalog.TableId;
import java.util.List;
import java.util.Objects;

/**
 * The result of a validation run, table by table: a snapshot against the live database ({@code
 * pgsnap compare SNAPSHOT}), or two snapshots against each other ({@code pgsnap compare A B}).
 *
 * @param first the snapshot compared
 * @param second the live database, or the second snapshot
 * @param counting where the second side's row counts come from
 * @param tables every table found on either side, in name order
 * @param objects what the tables use (types, domains, functions, collations, extensions, schemas)
 *     that differs, as {@code - } lines (first side only) and {@code + } lines (second side only);
 *     empty when the same, or when a side recorded none (a manifest older than format version 4)
 * @param notes what the reader must know to read the result (estimates, checksums that could not be
 *     compared); possibly empty
 * @param content the tables' content fingerprints compared; {@link ContentComparison#NONE} when
 *     content was not compared. A table whose content differs also has a {@link
 *     Difference.Kind#CONTENT} difference in {@code tables}.
 */
public record Comparison(
    Side first,
    Side second,
    Counting counting,
    List<TableComparison> tables,
    List<String> objects,
    List<String> notes,
    ContentComparison content) {

  public Comparison {
    Objects.requireNonNull(first, "first");
    Objects.requireNonNull(second, "second");
    Objects.requireNonNull(counting, "counting");
    tables = List.copyOf(tables);
    objects = List.copyOf(objects);
    notes = List.copyOf(notes);
    Objects.requireNonNull(content, "content");
  }

  /** A comparison that left content out. */
  public Comparison(
      Side first,
      Side second,
      Counting counting,
      List<TableComparison> tables,
      List<String> objects,
      List<String> notes) {
    this(first, second, counting, tables, objects, notes, ContentComparison.NONE);
  }

  /** Whether no table and nothing the tables use differs: the validation run passed. */
  public boolean equal() {
    return objects.isEmpty() && tables.stream().allMatch(TableComparison::equal);
  }

  /** The tables that differ, in name order. */
  public List<TableComparison> differing() {
    return tables.stream().filter(t -> !t.equal()).toList();
  }

  /**
   * One side of a comparison.
   *
   * @param name how messages call it: {@code snapshot}, {@code database}, {@code A} or {@code B}
   * @param description what it is, for people: the snapshot's id and folder, or the database, host
   *     and server version
   */
  public record Side(String name, String description) {
    public Side {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(description, "description");
    }
  }

  /** Where the second side's row counts come from. */
  public enum Counting {
    /** {@code count(*)} of every table, all in one consistent database snapshot. */
    EXACT,
    /** The planner's statistics ({@code pg_class.reltuples}), as of the last ANALYZE or VACUUM. */
    ESTIMATED,
    /** The row counts recorded in the second snapshot's manifest. */
    RECORDED
  }

  /**
   * One table, compared.
   *
   * @param table the table's name
   * @param firstRows its rows on the first side, or {@code null} when it is not there
   * @param secondRows its rows on the second side, or {@code null} when it is not there or, with
   *     estimates, has no statistics
   * @param differences what differs; empty when the table is equal on both sides
   */
  public record TableComparison(
      TableId table, Long firstRows, Long secondRows, List<Difference> differences) {
    public TableComparison {
      Objects.requireNonNull(table, "table");
      differences = List.copyOf(differences);
    }

    /** Whether nothing differs. */
    public boolean equal() {
      return differences.isEmpty();
    }

    /** {@code secondRows - firstRows}, or {@code null} when either is unknown. */
    public Long rowDifference() {
      return firstRows == null || secondRows == null ? null : secondRows - firstRows;
    }

    /** {@code equal}, or what differs, e.g. {@code rows differ, columns differ}. */
    public String status() {
      if (differences.isEmpty()) {
        return "equal";
      }
      return String.join(", ", differences.stream().map(Difference::summary).toList());
    }
  }

  /**
   * One thing that differs about a table.
   *
   * @param kind what sort of difference it is
   * @param summary a few words for the status column, e.g. {@code only in snapshot}
   * @param details what exactly differs, one line each (a changed column, a DDL statement);
   *     possibly empty
   */
  public record Difference(Kind kind, String summary, List<String> details) {
    public Difference {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(summary, "summary");
      details = List.copyOf(details);
    }

    /** What sort of difference. */
    public enum Kind {
      /** The table is on the first side only (dropped since, or not selected any more). */
      ONLY_IN_FIRST,
      /** The table is on the second side only (created since). */
      ONLY_IN_SECOND,
      /** The row counts differ (beyond the tolerance, for estimates). */
      ROWS,
      /** With estimates: the table has never been analyzed, so its row count is unknown. */
      NO_STATISTICS,
      /** The table is ordinary on one side and partitioned on the other. */
      KIND,
      /** The copied columns differ in names, types or order. */
      COLUMNS,
      /** Two snapshots in the same format and compression hold different files. */
      CHECKSUM,
      /**
       * The content fingerprints differ: the rows' values differ, even where their count does not.
       */
      CONTENT,
      /** The table's DDL differs: columns, constraints, indexes, partitions or foreign keys. */
      DDL,
      /**
       * What is attached to the table differs: a trigger, rule, policy, grant, comment, storage
       * parameter, replica identity, row-level security flag or owner.
       */
      ATTACHED
    }
  }
}
