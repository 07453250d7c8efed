package io.pgsnap.verify;

import io.pgsnap.ErrorCode;
import io.pgsnap.PgsnapException;
import io.pgsnap.catalog.Catalog;
import io.pgsnap.catalog.CatalogDrift;
import io.pgsnap.catalog.CatalogReader;
import io.pgsnap.catalog.Identifiers;
import io.pgsnap.catalog.Table;
import io.pgsnap.catalog.TableId;
import io.pgsnap.catalog.TableSelection;
import io.pgsnap.db.Connections;
import io.pgsnap.db.SessionSettings;
import io.pgsnap.db.SqlStates;
import io.pgsnap.db.TableLocks;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Collectors;
import org.postgresql.core.BaseConnection;
import org.postgresql.util.HostSpec;

/**
 * The live side of a comparison: what the database is, whether the user may read every table in
 * full, the consistent read-only transaction the tables are read in, and what its failures mean.
 *
 * @param description the database, host, user and server version, for people
 * @param user the user the comparison runs as
 */
record LiveDatabase(String description, String user) {

  /** Reads what the connection is connected to. */
  static LiveDatabase of(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT pg_catalog.current_database(), CURRENT_USER::pg_catalog.text,"
                    + " pg_catalog.current_setting('server_version')")) {
      rs.next();
      HostSpec host = c.unwrap(BaseConnection.class).getQueryExecutor().getHostSpec();
      return new LiveDatabase(
          rs.getString(1)
              + " on "
              + host.getHost()
              + ":"
              + host.getPort()
              + " as "
              + rs.getString(2)
              + " (PostgreSQL "
              + rs.getString(3)
              + ")",
          rs.getString(2));
    }
  }

  /**
   * Reading a table fails when the user cannot read all of it; names them all before starting.
   *
   * @param content whether the rows are read for their content, which statistics cannot replace
   */
  void preflight(List<Table> tables, boolean content) {
    String alternative = content ? "" : ", or compare with --estimate, which reads only statistics";
    List<TableId> unreadable = tables.stream().filter(t -> !t.readable()).map(Table::id).toList();
    if (!unreadable.isEmpty()) {
      throw new PgsnapException(
          ErrorCode.PERMISSION,
          "permission denied: user \""
              + user
              + "\" cannot SELECT from "
              + names(unreadable)
              + " to "
              + (content ? "read" : "count")
              + " its rows; grant it (GRANT SELECT ON "
              + unreadable.get(0).sql()
              + " TO "
              + Identifiers.quote(user)
              + ")"
              + alternative);
    }
    List<TableId> filtered =
        tables.stream().filter(Table::rowSecurityApplies).map(Table::id).toList();
    if (!filtered.isEmpty()) {
      throw new PgsnapException(
          ErrorCode.PERMISSION,
          "row-level security would hide rows of "
              + names(filtered)
              + " from user \""
              + user
              + "\", so their rows cannot be "
              + (content ? "read in full" : "counted exactly")
              + "; compare as the table owner, a superuser or a role with BYPASSRLS"
              + (content ? "" : ", or with --estimate"));
    }
  }

  /**
   * Starts the transaction the tables are read in ({@code REPEATABLE READ}, read only, export's
   * session settings) and locks the tables with its first statements, before its snapshot, as
   * export does: a {@code TRUNCATE} in progress is then waited for rather than read as an empty
   * table. The tables are read again in the snapshot; a change since the first read fails the
   * comparison, naming the tables.
   *
   * @return the tables as the transaction sees them
   */
  static Catalog lockThenSnapshot(Connection c, Catalog found, TableSelection selection)
      throws SQLException {
    c.commit();
    c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
    c.setReadOnly(true);
    TableLocks.lock(
        c, found.tables().stream().map(t -> t.id().sql()).toList(), TableLocks.Mode.ACCESS_SHARE);
    SessionSettings.applyLocally(c, SessionSettings.EXPORT);
    Catalog seen = new CatalogReader(c).readTables(selection);
    List<String> changed = CatalogDrift.changed(found, seen);
    if (!changed.isEmpty()) {
      throw new PgsnapException(
          ErrorCode.FAILURE,
          "the tables changed while the comparison started: "
              + String.join(", ", changed)
              + " (a schema change ran at the same time); run the comparison again once it is"
              + " done");
    }
    return seen;
  }

  /**
   * What a failure of the comparison means.
   *
   * @param doing what failed, e.g. {@code counting the rows of public.orders}; null when no table
   *     was being read
   */
  static PgsnapException translate(SQLException e, String doing) {
    String where = doing == null ? "" : " while " + doing;
    if (SqlStates.isConnectionLost(e)) {
      return Connections.closedByServer(
          e, where, "check that the server is up and run compare again");
    }
    if ("42501".equals(e.getSQLState())) {
      return new PgsnapException(
          ErrorCode.PERMISSION,
          "permission denied" + where + ": " + SqlStates.firstLine(e) + "; grant the privilege",
          e);
    }
    String failed = doing == null ? "the comparison failed: " : doing + " failed: ";
    return new PgsnapException(
        ErrorCode.FAILURE,
        failed + SqlStates.firstLine(e),
        failed + SqlStates.firstLineForLog(e),
        e);
  }

  private static String names(List<TableId> tables) {
    return tables.stream().map(TableId::toString).collect(Collectors.joining(", "));
  }
}
