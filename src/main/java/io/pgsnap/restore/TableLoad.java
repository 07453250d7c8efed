package io.pgsnap.restore;

import io.pgsnap.RestorePlan.Step;
import io.pgsnap.catalog.TableId;
import io.pgsnap.restore.TargetState.TargetTable;
import io.pgsnap.snapshot.ManifestTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * How one table is loaded: the statements around its COPY, in the order they run.
 *
 * @param step the plan's step for the table
 * @param entry the snapshot's table, whose file is loaded
 * @param existing the target table when it exists, or null when the restore creates it
 * @param copy the {@code COPY ... FROM STDIN} statement
 * @param readBack the {@code COPY ... TO STDOUT} that reads the loaded rows back to compare their
 *     content fingerprint with the snapshot's ({@code --verify-content}), or null
 * @param disableTriggers switches the table's user triggers off before loading
 * @param afterLoad adds the constraints and indexes of a created table once its rows are in
 * @param enableTriggers switches the triggers back on
 * @param empty empties the table again, undoing a load that committed on its own ({@code --jobs})
 * @param references the other restored tables the target's foreign keys reference, which load first
 */
record TableLoad(
    Step step,
    ManifestTable entry,
    TargetTable existing,
    PlannedStatement copy,
    PlannedStatement readBack,
    List<PlannedStatement> disableTriggers,
    List<PlannedStatement> afterLoad,
    List<PlannedStatement> enableTriggers,
    PlannedStatement empty,
    Set<TableId> references) {

  TableLoad {
    Objects.requireNonNull(step, "step");
    Objects.requireNonNull(entry, "entry");
    Objects.requireNonNull(copy, "copy");
    disableTriggers = List.copyOf(disableTriggers);
    afterLoad = List.copyOf(afterLoad);
    enableTriggers = List.copyOf(enableTriggers);
    Objects.requireNonNull(empty, "empty");
    references = Set.copyOf(references);
  }

  /** The COPY that loads the table, and the one that reads it back when there is one. */
  List<PlannedStatement> load() {
    return readBack == null ? List.of(copy) : List.of(copy, readBack);
  }

  /** Every statement of the load as one transaction of its own runs them ({@code --jobs}). */
  List<PlannedStatement> alone() {
    List<PlannedStatement> all = new ArrayList<>(TargetStatements.lock(List.of(step.target())));
    all.addAll(disableTriggers);
    all.addAll(load());
    all.addAll(afterLoad);
    all.addAll(enableTriggers);
    return all;
  }
}
