package io.pgsnap.restore;

import io.pgsnap.Cancellation;
import io.pgsnap.ProgressListener;
import io.pgsnap.RestorePlan;
import io.pgsnap.RestorePlan.Step;
import java.sql.Connection;

/**
 * Runs a planned restore in the transaction that planned it, so a failure anywhere leaves every
 * target as it was: create, drop what blocks loading, switch triggers off, truncate, load each
 * table, add indexes, constraints and keys (which checks them), switch triggers on, attach what
 * belongs to created tables, set sequences, commit.
 */
final class SingleTransactionRestore {
  private SingleTransactionRestore() {}

  /**
   * Runs {@code restore} on {@code connection}, whose transaction holds the planner's locks, and
   * commits.
   *
   * @return the rows loaded
   */
  static long run(
      Connection connection,
      PlannedRestore restore,
      TableLoader loader,
      ProgressListener progress,
      Cancellation cancellation) {
    StatementRunner.run(connection, restore.define());
    StatementRunner.run(connection, restore.create());
    StatementRunner.run(connection, restore.prepare());
    restore.loads().forEach(l -> StatementRunner.run(connection, l.disableTriggers()));
    StatementRunner.run(connection, restore.truncate());
    announce(restore.plan(), progress);
    long rows = 0;
    for (TableLoad load : restore.loads()) {
      rows += loader.load(connection, load);
    }
    StatementRunner.run(connection, restore.build());
    StatementRunner.run(connection, restore.link());
    StatementRunner.run(connection, restore.attach());
    restore.loads().forEach(l -> StatementRunner.run(connection, l.enableTriggers()));
    StatementRunner.run(connection, restore.finish());
    // The last moment to stop: the commit makes everything visible at once.
    cancellation.throwIfCancelled();
    StatementRunner.commit(connection, "committing");
    return rows;
  }

  /** Tells the progress listener what is about to load. */
  static void announce(RestorePlan plan, ProgressListener progress) {
    progress.planned(
        plan.steps().size(), plan.rows(), plan.steps().stream().mapToLong(Step::rawBytes).sum());
  }
}
