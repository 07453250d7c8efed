package io.pgsnap.restore;

import io.pgsnap.PgsnapException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Runs planned statements on one connection, translating a failure with the statement's own words.
 */
final class StatementRunner {
  private StatementRunner() {}

  /**
   * Runs {@code statements} in order.
   *
   * @throws PgsnapException naming the statement that failed and what it needs
   */
  static void run(Connection connection, List<PlannedStatement> statements) {
    for (PlannedStatement p : statements) {
      try (Statement s = connection.createStatement()) {
        s.execute(p.sql());
      } catch (SQLException e) {
        throw RestoreErrors.translate(e, p.doing(), p.needs());
      }
    }
  }

  /** Runs {@code statement}; the same as {@link #run(Connection, List)} for one. */
  static void run(Connection connection, PlannedStatement statement) {
    run(connection, List.of(statement));
  }

  /** Commits, naming the commit in a failure (deferred checks run there). */
  static void commit(Connection connection, String what) {
    try {
      connection.commit();
    } catch (SQLException e) {
      throw RestoreErrors.translate(e, what, null);
    }
  }
}
