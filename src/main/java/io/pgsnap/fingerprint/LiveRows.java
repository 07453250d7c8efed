package io.pgsnap.fingerprint;

import io.pgsnap.catalog.Identifiers;
import io.pgsnap.catalog.Table;
import io.pgsnap.catalog.TableId;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.Collectors;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyOut;

/**
 * Fingerprints a table in a database, streaming its rows with {@code COPY ... TO STDOUT} in text
 * format (the server's cheapest output) through one reused buffer, in constant memory. The values
 * print as the export printed them only under the same session settings: the caller pins {@link
 * io.pgsnap.db.SessionSettings#EXPORT} in the transaction first.
 */
public final class LiveRows {
  /** How many rows pass between checks for cancellation. */
  private static final int CHECK_EVERY = 4096;

  private LiveRows() {}

  /**
   * What {@code COPY} reads to export {@code columns} of {@code table}, the part between {@code
   * COPY} and {@code TO}: the table itself with a column list, which reads no inheritance children;
   * a partitioned table, which COPY cannot read before PostgreSQL 18, through a query of every
   * partition.
   */
  public static String copySource(TableId table, Table.Kind kind, List<String> columns) {
    String columnList = columns.stream().map(Identifiers::quote).collect(Collectors.joining(", "));
    if (kind == Table.Kind.PARTITIONED) {
      return "(SELECT " + columnList + " FROM " + table.sql() + ")";
    }
    return columns.isEmpty() ? table.sql() : table.sql() + " (" + columnList + ")";
  }

  /** The {@code COPY ... TO STDOUT} (text format) that reads {@code columns} of {@code table}. */
  public static String copySql(TableId table, Table.Kind kind, List<String> columns) {
    return "COPY " + copySource(table, kind, columns) + " TO STDOUT";
  }

  /**
   * The fingerprint of {@code columns} of {@code table} as the connection's transaction sees it.
   *
   * @param checkpoint run every few thousand rows; what it throws (such as {@link
   *     io.pgsnap.Cancellation#throwIfCancelled}'s report) cancels the COPY and passes through
   */
  public static Fingerprint read(
      Connection connection,
      TableId table,
      Table.Kind kind,
      List<String> columns,
      Runnable checkpoint)
      throws SQLException {
    return read(connection, copySql(table, kind, columns), columns.size(), checkpoint);
  }

  /**
   * The fingerprint of the rows {@code copySql} (a {@code COPY ... TO STDOUT} in text format, see
   * {@link #copySql}) sends, each holding {@code columns} values.
   */
  public static Fingerprint read(
      Connection connection, String copySql, int columns, Runnable checkpoint) throws SQLException {
    return read(connection, copySql, columns, checkpoint, RowListener.NONE);
  }

  /**
   * {@link #read(Connection, String, int, Runnable)}, with {@code listener} hearing each row's
   * values and digest.
   */
  public static Fingerprint read(
      Connection connection, String copySql, int columns, Runnable checkpoint, RowListener listener)
      throws SQLException {
    TextRows rows = new TextRows(columns, listener);
    CopyOut copy = connection.unwrap(PGConnection.class).getCopyAPI().copyOut(copySql);
    try {
      byte[] row;
      long count = 0;
      while ((row = copy.readFromCopy()) != null) {
        rows.add(row);
        if (++count % CHECK_EVERY == 0) {
          checkpoint.run();
        }
      }
      return rows.fingerprint();
    } finally {
      if (copy.isActive()) {
        try {
          copy.cancelCopy();
        } catch (SQLException e) {
          // The connection is most likely gone; the original failure is what matters.
        }
      }
    }
  }
}
