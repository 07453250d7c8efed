package io.pgsnap.verify;

import io.pgsnap.catalog.TableId;
import io.pgsnap.fingerprint.Fingerprint;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * What a comparison of content fingerprints found, table by table: {@code compare SNAPSHOT
 * --content} against the live database, or {@code compare A B} between two snapshots' manifests.
 *
 * @param compared whether content was part of the comparison at all
 * @param tables every table on both sides, in name order; empty when not compared
 */
public record ContentComparison(boolean compared, List<TableContent> tables) {
  /** A comparison that left content out (a live comparison without {@code --content}). */
  public static final ContentComparison NONE = new ContentComparison(false, List.of());

  public ContentComparison {
    tables = List.copyOf(tables);
  }

  /** The tables whose content differs, in name order. */
  public List<TableContent> differing() {
    return tables.stream().filter(t -> t.status() == Status.DIFFERS).toList();
  }

  /** The tables whose content could not be compared, in name order. */
  public List<TableContent> notCompared() {
    return tables.stream().filter(t -> t.status() == Status.NOT_COMPARED).toList();
  }

  /** How one table's content compared. */
  public enum Status {
    /** The fingerprints are equal. */
    EQUAL,
    /** The fingerprints differ: at least one row differs, was added or was removed. */
    DIFFERS,
    /** No fingerprints could be compared; {@link TableContent#note} says why. */
    NOT_COMPARED
  }

  /**
   * One table's content, compared.
   *
   * @param table the table
   * @param status equal, differs, or not compared
   * @param first the first side's fingerprint, or {@code null} when it has none
   * @param second the second side's fingerprint, or {@code null} when it has none
   * @param note why the content was not compared, why the differing rows were not named, or what
   *     else the reader must know about them; {@code null} when nothing
   * @param keyColumns the primary key's columns, when differing keys were looked for; else empty
   * @param keys up to the asked number of keys of rows that differ, in their kind's order and then
   *     the keys' text order
   * @param moreKeys whether more rows differ than {@code keys} names
   */
  public record TableContent(
      TableId table,
      Status status,
      Fingerprint first,
      Fingerprint second,
      String note,
      List<String> keyColumns,
      List<DifferingKey> keys,
      boolean moreKeys) {
    public TableContent {
      Objects.requireNonNull(table, "table");
      Objects.requireNonNull(status, "status");
      keyColumns = List.copyOf(keyColumns);
      keys = List.copyOf(keys);
    }

    /** Content compared by fingerprints alone, without naming keys. */
    static TableContent of(TableId table, Fingerprint first, Fingerprint second) {
      return new TableContent(
          table,
          first.equals(second) ? Status.EQUAL : Status.DIFFERS,
          first,
          second,
          null,
          List.of(),
          List.of(),
          false);
    }

    /** Content that could not be compared, and why. */
    static TableContent notCompared(
        TableId table, Fingerprint first, Fingerprint second, String why) {
      return new TableContent(
          table, Status.NOT_COMPARED, first, second, why, List.of(), List.of(), false);
    }

    /** This comparison with {@code note} added. */
    TableContent withNote(String more) {
      return new TableContent(
          table,
          status,
          first,
          second,
          note == null ? more : note + "; " + more,
          keyColumns,
          keys,
          moreKeys);
    }

    /** This comparison with the keys found. */
    TableContent withKeys(List<String> columns, List<DifferingKey> found, boolean more) {
      return new TableContent(table, status, first, second, note, columns, found, more);
    }
  }

  /**
   * The key of a row that differs.
   *
   * @param kind whether the row changed or is on one side only
   * @param values the key's values as PostgreSQL prints them, in key order; {@code null} for a NULL
   *     (which only a damaged snapshot file can hold)
   */
  public record DifferingKey(Kind kind, List<String> values) {
    public DifferingKey {
      Objects.requireNonNull(kind, "kind");
      values = Collections.unmodifiableList(new ArrayList<>(values));
    }

    /** How a row differs. */
    public enum Kind {
      /** Both sides have the key, with other values. */
      CHANGED,
      /** Only the first side (the snapshot, or A) has the key. */
      ONLY_IN_FIRST,
      /** Only the second side (the database, or B) has the key. */
      ONLY_IN_SECOND
    }
  }
}
