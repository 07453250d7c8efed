package io.pgsnap.export;

import io.pgsnap.ErrorCode;
import io.pgsnap.PgsnapException;
import io.pgsnap.catalog.TableId;
import io.pgsnap.db.ConnectionErrors;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;

/** Messages for what can go wrong while exporting, naming the table and what to do. */
final class ExportErrors {
  private ExportErrors() {}

  static Connection connect(DataSource dataSource) {
    try {
      return dataSource.getConnection();
    } catch (SQLException e) {
      throw ConnectionErrors.translate(e, null);
    }
  }

  /**
   * A failure while working on {@code table} (or on no table in particular when it is null). A lost
   * connection is reported as such, with the table it happened on.
   */
  static PgsnapException translate(SQLException e, TableId table) {
    String where = table == null ? "" : " while exporting " + table;
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    if (ConnectionErrors.isConnectionLost(e)) {
      return new PgsnapException(
          ErrorCode.CONNECTION,
          "the server closed the connection"
              + where
              + " ("
              + firstLine(e)
              + "); the unfinished snapshot was removed: check that the server is up and run the"
              + " export again",
          e);
    }
    if ("42501".equals(state)) {
      return new PgsnapException(
          ErrorCode.PERMISSION, "permission denied" + where + ": " + firstLine(e), e);
    }
    PgsnapException general = ConnectionErrors.translate(e, null);
    if (table == null || general.code() != ErrorCode.FAILURE) {
      return general;
    }
    return new PgsnapException(
        ErrorCode.FAILURE, "export of " + table + " failed: " + firstLine(e), e);
  }

  static PgsnapException lockFailed(SQLException e, Duration timeout) {
    if ("55P03".equals(e.getSQLState())) {
      return new PgsnapException(
          ErrorCode.FAILURE,
          "could not lock the tables within --lock-wait-timeout "
              + timeout
              + ": another session holds a conflicting lock (a running migration or"
              + " VACUUM FULL?); retry later or raise the timeout",
          e);
    }
    if ("53200".equals(e.getSQLState())) {
      return new PgsnapException(
          ErrorCode.FAILURE,
          "the server ran out of lock slots while locking the selected tables: raise"
              + " max_locks_per_transaction on the server, or export fewer tables at a time",
          e);
    }
    return translate(e, null);
  }

  private static String firstLine(SQLException e) {
    String message = String.valueOf(e.getMessage());
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
