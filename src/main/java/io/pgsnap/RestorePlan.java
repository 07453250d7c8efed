package io.pgsnap;

import io.pgsnap.catalog.TableId;
import java.util.List;
import java.util.Objects;

/**
 * What a restore does, decided before it changes anything: {@code --dry-run} prints it, and a
 * destructive plan is what a user confirms.
 *
 * @param snapshotId the snapshot restored
 * @param mode the restore mode
 * @param steps one step per restored table, in load order: referenced tables before referencing
 *     ones, ties broken by target name
 * @param cascaded tables outside the restore that {@code TRUNCATE ... CASCADE} empties too, because
 *     they reference a truncated table
 * @param deferredForeignKeys foreign keys dropped before loading and added again (and so checked)
 *     after it, because they form a cycle between restored tables
 * @param sequences the sequences set to their snapshot values, in name order
 * @param notes anything else worth knowing before running the plan
 * @param jobs how many tables load at once: 1 runs the whole restore in one transaction, more loads
 *     each table in its own
 * @param statements every SQL statement the restore runs on the target, in the order it runs them,
 *     exactly as it sends them (the snapshot's DDL included), apart from the catalog reads that
 *     plan it and the COPY data
 */
public record RestorePlan(
    String snapshotId,
    RestoreMode mode,
    List<Step> steps,
    List<TableId> cascaded,
    List<ForeignKeyRef> deferredForeignKeys,
    List<SequenceReset> sequences,
    List<String> notes,
    int jobs,
    List<String> statements) {

  public RestorePlan {
    Objects.requireNonNull(snapshotId, "snapshotId");
    Objects.requireNonNull(mode, "mode");
    steps = List.copyOf(steps);
    cascaded = List.copyOf(cascaded);
    deferredForeignKeys = List.copyOf(deferredForeignKeys);
    sequences = List.copyOf(sequences);
    notes = List.copyOf(notes);
    statements = List.copyOf(statements);
  }

  /** This plan with {@code statements} as the statements it runs. */
  public RestorePlan withStatements(List<String> statements) {
    return new RestorePlan(
        snapshotId, mode, steps, cascaded, deferredForeignKeys, sequences, notes, jobs, statements);
  }

  /** Whether the plan deletes rows: it truncates tables, or cascades to others. */
  public boolean destructive() {
    return !cascaded.isEmpty()
        || steps.stream().anyMatch(s -> s.action() == Action.TRUNCATE && s.existingRows());
  }

  /** The rows the snapshot holds for the restored tables. */
  public long rows() {
    return steps.stream().mapToLong(Step::rows).sum();
  }

  /** What happens to one target table. */
  public enum Action {
    /** The table is missing and is created from the manifest's DDL ({@code --create}). */
    CREATE,
    /** The table exists and is empty; rows are loaded into it. */
    LOAD,
    /** The table exists; it is emptied, then loaded. */
    TRUNCATE,
    /** The table exists; the rows are added to what it holds. */
    APPEND
  }

  /**
   * One restored table.
   *
   * @param source the table's name in the snapshot
   * @param target the table loaded
   * @param action what happens to it
   * @param existingRows whether the target holds rows now (always false for a created table)
   * @param rows rows in the snapshot's file
   * @param rawBytes uncompressed bytes of the file
   * @param file the data file, relative to the snapshot folder
   * @param triggersDisabled user triggers switched off while loading and restored afterwards
   */
  public record Step(
      TableId source,
      TableId target,
      Action action,
      boolean existingRows,
      long rows,
      long rawBytes,
      String file,
      List<String> triggersDisabled) {
    public Step {
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(target, "target");
      Objects.requireNonNull(action, "action");
      Objects.requireNonNull(file, "file");
      triggersDisabled = List.copyOf(triggersDisabled);
    }
  }

  /**
   * A foreign key by name.
   *
   * @param table the referencing table
   * @param name the constraint's name
   * @param references the referenced table
   */
  public record ForeignKeyRef(TableId table, String name, TableId references) {
    public ForeignKeyRef {
      Objects.requireNonNull(table, "table");
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(references, "references");
    }
  }

  /**
   * A sequence set to its snapshot value.
   *
   * @param sequence the target sequence, or {@code null} when the restore creates it as part of a
   *     table restored under another name, where the server chooses its name
   * @param table the target table whose column the sequence feeds, or {@code null} for a standalone
   *     sequence
   * @param column that column, or {@code null}
   * @param lastValue the value to set
   * @param called whether that value has been handed out, so {@code nextval} returns the one after
   * @param create whether the sequence is missing and created first ({@code --create})
   */
  public record SequenceReset(
      TableId sequence,
      TableId table,
      String column,
      long lastValue,
      boolean called,
      boolean create) {
    public SequenceReset {
      if (sequence == null && (table == null || column == null)) {
        throw new IllegalArgumentException("a sequence needs a name or a table column");
      }
    }

    /** The sequence for people: its name, or the column it feeds. */
    public String describe() {
      return sequence != null
          ? sequence.display()
          : "the sequence of "
              + table.display()
              + "."
              + io.pgsnap.catalog.Identifiers.display(column);
    }
  }
}
