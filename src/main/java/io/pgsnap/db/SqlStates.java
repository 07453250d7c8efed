package io.pgsnap.db;

import java.sql.SQLException;

/**
 * What a failed statement's {@code SQLException} says, read the same way by every command, so a
 * given server failure maps to the same exit status wherever it happens.
 */
public final class SqlStates {
  private SqlStates() {}

  /**
   * Whether {@code e} says the connection is gone: SQLSTATE class {@code 08} (connection exception:
   * broken, refused, lost) or {@code 57P} (the server shut down, was restarted or terminated this
   * backend, e.g. {@code pg_terminate_backend}). Anything without a SQLSTATE is not.
   *
   * @param e what the driver threw
   * @return true when the failure is the connection's, not the statement's
   */
  public static boolean isConnectionLost(SQLException e) {
    return isConnectionLost(e.getSQLState());
  }

  /**
   * The same test on a bare SQLSTATE.
   *
   * @param sqlState a five-character SQLSTATE, or null when the driver gave none
   * @return true for class {@code 08} and {@code 57P}
   */
  public static boolean isConnectionLost(String sqlState) {
    return sqlState != null && (sqlState.startsWith("08") || sqlState.startsWith("57P"));
  }

  /**
   * Whether a failure of this SQLSTATE may quote table data in its message: data exceptions (class
   * {@code 22}: {@code invalid input syntax for type integer: "..."}, {@code invalid byte sequence
   * for encoding "UTF8": 0xc3 0x28}) and integrity violations (class {@code 23}: {@code Failing row
   * contains (...)}). Logs keep only the SQLSTATE of those.
   *
   * @param sqlState a five-character SQLSTATE, or null when the driver gave none
   * @return true for classes {@code 22} and {@code 23}
   */
  public static boolean quotesRowValues(String sqlState) {
    return sqlState != null && (sqlState.startsWith("22") || sqlState.startsWith("23"));
  }

  /**
   * {@link #firstLine} as a log may keep it: for a failure that may quote table data ({@link
   * #quotesRowValues}) its SQLSTATE instead.
   *
   * @param e what the driver threw
   * @return the first line, or {@code SQLSTATE 22P02 (row values are not logged)}
   */
  public static String firstLineForLog(SQLException e) {
    return quotesRowValues(e.getSQLState())
        ? "SQLSTATE " + e.getSQLState() + " (row values are not logged)"
        : firstLine(e);
  }

  /**
   * The first line of {@code e}'s message. The server's message comes first; pgjdbc appends {@code
   * Detail}, {@code Hint} and {@code Position} on later lines, which would break the one-line
   * messages pgsnap prints.
   *
   * @param e what the driver threw
   * @return the first line, or {@code "null"} when there is no message
   */
  public static String firstLine(SQLException e) {
    String message = String.valueOf(e.getMessage());
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
