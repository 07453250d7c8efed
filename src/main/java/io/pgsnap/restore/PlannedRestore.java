package io.pgsnap.restore;

import io.pgsnap.RestorePlan;
import io.pgsnap.snapshot.Manifest;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A restore worked out in full before it changes anything: the plan the user sees, and every
 * statement it will run, grouped by when they run. Nothing here is read again from the snapshot or
 * the target, so what {@code --dry-run} shows is what runs.
 *
 * @param plan the plan as the user sees it
 * @param manifest the snapshot's manifest
 * @param locks the locks taken on the existing targets while planning
 * @param define with {@code --create}, the schemas, extensions, collations, types and functions the
 *     created tables use that the target lacks ({@link DefinitionPlanner}); committed with {@code
 *     create} under {@code --jobs}
 * @param create schemas, sequences, tables and partitions the restore creates
 * @param prepare cycle foreign keys and NOT VALID constraints dropped while loading
 * @param truncate empties the targets of {@code --mode truncate} (empty or one statement)
 * @param loads the tables in load order
 * @param build the created tables' constraints and indexes in creation order (parents first), as
 *     one transaction adds them after every load; with {@code --jobs} each load adds its own
 * @param link foreign keys of created tables, the dropped keys and constraints added back, and the
 *     created sequences tied to their columns
 * @param attach what is attached to the created tables (settings, triggers, rules, row security,
 *     policies, comments, grants, owners), after the links
 * @param finish checks deferred constraints, then sets sequences
 * @param undoCreate drops what {@code create} and then {@code define} made, for a parallel restore
 *     that failed after committing them
 */
record PlannedRestore(
    RestorePlan plan,
    Manifest manifest,
    List<PlannedStatement> locks,
    List<PlannedStatement> define,
    List<PlannedStatement> create,
    List<PlannedStatement> prepare,
    List<PlannedStatement> truncate,
    List<TableLoad> loads,
    List<PlannedStatement> build,
    List<PlannedStatement> link,
    List<PlannedStatement> attach,
    List<PlannedStatement> finish,
    List<PlannedStatement> undoCreate) {

  PlannedRestore {
    Objects.requireNonNull(plan, "plan");
    Objects.requireNonNull(manifest, "manifest");
    locks = List.copyOf(locks);
    define = List.copyOf(define);
    create = List.copyOf(create);
    prepare = List.copyOf(prepare);
    truncate = List.copyOf(truncate);
    loads = List.copyOf(loads);
    build = List.copyOf(build);
    link = List.copyOf(link);
    attach = List.copyOf(attach);
    finish = List.copyOf(finish);
    undoCreate = List.copyOf(undoCreate);
  }

  /**
   * Every statement in the order it runs: one transaction, or with {@code --jobs} the created
   * objects first, then each table in a transaction of its own, then the links.
   */
  List<String> statements() {
    List<PlannedStatement> all = new ArrayList<>(locks);
    all.addAll(define);
    all.addAll(create);
    if (plan.jobs() > 1) {
      loads.forEach(l -> all.addAll(l.alone()));
    } else {
      all.addAll(prepare);
      loads.forEach(l -> all.addAll(l.disableTriggers()));
      all.addAll(truncate);
      loads.forEach(l -> all.addAll(l.load()));
      all.addAll(build);
    }
    all.addAll(link);
    all.addAll(attach);
    if (plan.jobs() == 1) {
      loads.forEach(l -> all.addAll(l.enableTriggers()));
    }
    all.addAll(finish);
    return all.stream().map(PlannedStatement::sql).toList();
  }

  /** This restore with its plan listing {@link #statements()}. */
  PlannedRestore withStatementsInPlan() {
    return new PlannedRestore(
        plan.withStatements(statements()),
        manifest,
        locks,
        define,
        create,
        prepare,
        truncate,
        loads,
        build,
        link,
        attach,
        finish,
        undoCreate);
  }
}
