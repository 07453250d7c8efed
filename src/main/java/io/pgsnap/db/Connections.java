package io.pgsnap.db;

import io.pgsnap.Cancellation;
import io.pgsnap.ErrorCode;
import io.pgsnap.PgsnapException;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.postgresql.PGConnection;

/** Getting a connection from a caller's data source, and giving back its transaction. */
public final class Connections {
  private Connections() {}

  /**
   * A connection from {@code dataSource}. Logging in has been translated already where the pool was
   * opened (with the settings at hand, see {@link ConnectionErrors}); what fails here is the pool
   * or the server going away since, so every failure is a connection failure.
   *
   * @param dataSource where connections come from
   * @param advice what the user should check, appended to the message after {@code "; "}, e.g.
   *     {@code "check that the server is up and accepts connections"}
   * @return an open connection; the caller closes it
   * @throws PgsnapException {@link ErrorCode#CONNECTION}: {@code could not get a database
   *     connection: <first line of the driver's message>; <advice>}
   */
  public static Connection connect(DataSource dataSource, String advice) {
    try {
      return dataSource.getConnection();
    } catch (SQLException e) {
      throw new PgsnapException(
          ErrorCode.CONNECTION,
          "could not get a database connection: " + SqlStates.firstLine(e) + "; " + advice,
          e);
    }
  }

  /**
   * Makes {@code cancellation} cancel whatever statement runs on {@code c} (a COPY, a lock wait),
   * until the registration is closed. The server answers the running statement with SQLSTATE {@code
   * 57014}; an idle connection ignores the request, so a cancellation between statements harms
   * nothing.
   *
   * @param cancellation the operation's cancellation
   * @param c a connection of the operation, busy or not
   * @return what to close once the connection is done with
   */
  public static Cancellation.Registration cancelledBy(Cancellation cancellation, Connection c) {
    return cancellation.onCancel(
        () -> {
          try {
            c.unwrap(PGConnection.class).cancelQuery();
          } catch (SQLException | RuntimeException e) {
            // The connection is closed or gone: nothing runs on it to cancel.
          }
        });
  }

  /**
   * Rolls back the open transaction of {@code c}, if any, and never throws: it runs in {@code
   * finally} blocks, where a second failure must not hide the first. A connection that cannot roll
   * back is broken; the server rolls its transaction back and the pool discards it.
   *
   * @param c a connection, open or closed, in a transaction or in auto-commit mode
   */
  public static void rollbackQuietly(Connection c) {
    try {
      if (!c.isClosed() && !physicallyClosed(c) && !c.getAutoCommit()) {
        c.rollback();
      }
    } catch (SQLException e) {
      // Broken connection: nothing left to roll back from here (see above).
    }
  }

  /**
   * Closes the server connection beneath {@code c} at once, for a connection whose place in the
   * protocol is lost: memory ran out in the middle of a message from the server, whose rest is
   * still unread. Nothing may read from it again (a rollback would take row data for replies); the
   * server rolls its transaction back, and the pool discards the connection.
   */
  public static void abandon(Connection c) {
    try {
      if (c.unwrap(PGConnection.class) instanceof Connection physical) {
        physical.abort(Runnable::run);
      }
    } catch (SQLException | RuntimeException e) {
      // Already closed: nothing more to do.
    }
  }

  /** Whether the server connection beneath a pooled {@code c} is closed. */
  private static boolean physicallyClosed(Connection c) throws SQLException {
    return c.unwrap(PGConnection.class) instanceof Connection physical && physical.isClosed();
  }

  /**
   * The failure to report when a statement failed because the connection is gone ({@link
   * SqlStates#isConnectionLost}).
   *
   * @param e what the driver threw
   * @param where what was under way, as a phrase that follows "the server closed the connection",
   *     e.g. {@code " while exporting public.orders"}; empty for nothing in particular
   * @param advice what happened to the work and what to do, after {@code "; "}
   * @return {@link ErrorCode#CONNECTION}: {@code the server closed the connection<where> (<first
   *     line of the driver's message>); <advice>}, caused by {@code e}
   */
  public static PgsnapException closedByServer(SQLException e, String where, String advice) {
    return new PgsnapException(
        ErrorCode.CONNECTION,
        "the server closed the connection" + where + " (" + SqlStates.firstLine(e) + "); " + advice,
        e);
  }
}
