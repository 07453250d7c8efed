package io.pgsnap.export;

import io.pgsnap.ErrorCode;
import io.pgsnap.PgsnapException;
import io.pgsnap.catalog.TableId;
import io.pgsnap.db.Connections;
import io.pgsnap.db.SqlStates;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;

/**
 * Messages for what can go wrong once an export is under way, naming the table and what to do.
 * Their log form ({@link PgsnapException#logMessage()}) keeps only the SQLSTATE of a failure that
 * may quote table data. Failures to log in are translated where the connection settings are known,
 * when the pool opens.
 */
final class ExportErrors {
  private ExportErrors() {}

  /** A connection from the caller's data source; failing to get one is a connection failure. */
  static Connection connect(DataSource dataSource) {
    return Connections.connect(
        dataSource, "check that the server is up and that the pool allows --jobs + 1 connections");
  }

  /**
   * A failure while working on {@code table} (or on no table in particular when it is null). A lost
   * connection is reported as such, with the table it happened on.
   */
  static PgsnapException translate(SQLException e, TableId table) {
    String where = table == null ? "" : " while exporting " + table;
    if (SqlStates.isConnectionLost(e)) {
      return Connections.closedByServer(
          e,
          where,
          "the unfinished snapshot was removed: check that the server is up and run the export"
              + " again");
    }
    if ("42501".equals(e.getSQLState())) {
      String hint =
          SqlStates.firstLine(e).contains("row-level security")
              ? "; row-level security would hide rows and pgsnap never exports a table partially:"
                  + " export as the table owner, a superuser or a role with BYPASSRLS, or leave the"
                  + " table out with --exclude-table"
              : "; grant the privilege or leave the table out with --exclude-table";
      return new PgsnapException(
          ErrorCode.PERMISSION,
          "permission denied" + where + ": " + SqlStates.firstLine(e) + hint,
          e);
    }
    String failed = table == null ? "the export failed: " : "export of " + table + " failed: ";
    return new PgsnapException(
        ErrorCode.FAILURE,
        failed + SqlStates.firstLine(e),
        failed + SqlStates.firstLineForLog(e),
        e);
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
}
