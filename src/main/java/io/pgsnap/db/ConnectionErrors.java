package io.pgsnap.db;

import io.pgsnap.ErrorCode;
import io.pgsnap.PgsnapException;
import java.sql.SQLException;

/** Stand-in until the full translation lands. */
public final class ConnectionErrors {
  private ConnectionErrors() {}

  public static PgsnapException translate(SQLException e, ConnectionSettings settings) {
    return new PgsnapException(ErrorCode.FAILURE, String.valueOf(e.getMessage()), e);
  }

  public static boolean isConnectionLost(SQLException e) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    return state.startsWith("08") || state.startsWith("57P");
  }
}
