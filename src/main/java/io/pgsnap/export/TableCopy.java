package io.pgsnap.export;

import io.pgsnap.ProgressListener;
import io.pgsnap.catalog.Column;
import io.pgsnap.catalog.Identifiers;
import io.pgsnap.catalog.Table;
import io.pgsnap.fingerprint.CsvRows;
import io.pgsnap.fingerprint.Fingerprint;
import io.pgsnap.fingerprint.LiveRows;
import io.pgsnap.fingerprint.TextRows;
import io.pgsnap.snapshot.DataFormat;
import io.pgsnap.snapshot.StoredFile;
import io.pgsnap.snapshot.TableFileOutput;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyOut;

/**
 * How one table is exported: a single {@code COPY ... TO STDOUT} streamed row by row through a
 * fixed buffer into the table's file, so memory stays constant whatever the table's size.
 */
final class TableCopy {
  /** How many rows pass between progress reports and checks for cancellation. */
  private static final int REPORT_EVERY = 4096;

  private final DataFormat format;
  private final ProgressListener progress;
  private final BooleanSupplier cancelled;

  TableCopy(DataFormat format, ProgressListener progress, BooleanSupplier cancelled) {
    this.format = format;
    this.progress = progress;
    this.cancelled = cancelled;
  }

  /** The COPY statement that exports {@code table}'s stored columns in {@code format}. */
  static String copySql(Table table, DataFormat format) {
    return copySql(table, null, format);
  }

  /**
   * The COPY statement that exports the stored columns of {@code table}'s rows in {@code blocks}
   * (all of them when null) in {@code format}.
   */
  static String copySql(Table table, BlockRange blocks, DataFormat format) {
    List<String> columns = table.copiedColumns().stream().map(Column::name).toList();
    String with = format == DataFormat.CSV ? " WITH (FORMAT csv, HEADER true)" : "";
    String source =
        blocks == null
            ? LiveRows.copySource(table.id(), table.kind(), columns)
            : "(" + selectSql(table, blocks) + ")";
    return "COPY " + source + " TO STDOUT" + with;
  }

  /** The query that reads the stored columns of {@code table}'s rows in {@code blocks}. */
  static String selectSql(Table table, BlockRange blocks) {
    String columns =
        table.copiedColumns().stream()
            .map(c -> Identifiers.quote(c.name()))
            .collect(Collectors.joining(", "));
    return "SELECT "
        + columns
        + " FROM ONLY "
        + table.id().sql()
        + " WHERE "
        + blocks.ctidCondition();
  }

  /**
   * Streams {@code table}'s rows in {@code blocks} (all of them when null) into {@code out} and
   * finishes the file; returns its figures.
   */
  StoredFile export(Connection connection, Table table, BlockRange blocks, TableFileOutput out)
      throws SQLException, IOException, CancelledException {
    progress.tableStarted(table.id());
    CopyOut copy =
        connection.unwrap(PGConnection.class).getCopyAPI().copyOut(copySql(table, blocks, format));
    try {
      Fingerprint fingerprint =
          format == DataFormat.CSV ? copyCsv(table, copy, out) : copyJsonLines(table, copy, out);
      long rows = fingerprint.rows();
      long serverRows = copy.getHandledRowCount();
      if (serverRows >= 0 && serverRows != rows) {
        throw new IllegalStateException(
            "COPY of " + table.id() + " reported " + serverRows + " rows but sent " + rows);
      }
      StoredFile stored = out.finish(fingerprint);
      progress.tableFinished(table.id(), rows, stored.storedBytes());
      return stored;
    } finally {
      if (copy.isActive()) {
        cancelQuietly(copy);
      }
    }
  }

  private Fingerprint copyCsv(Table table, CopyOut copy, TableFileOutput out)
      throws SQLException, IOException, CancelledException {
    CsvRows fingerprint = new CsvRows(table.copiedColumns().size());
    byte[] header = copy.readFromCopy();
    if (header != null) {
      out.write(header);
      fingerprint.feed(header, 0, header.length);
    }
    long rows =
        pump(
            table,
            copy,
            out,
            row -> {
              out.write(row);
              fingerprint.feed(row, 0, row.length);
            });
    fingerprint
        .finish()
        .ifPresent(
            problem -> {
              throw new IllegalStateException(
                  "COPY of " + table.id() + " sent CSV pgsnap cannot read: " + problem);
            });
    return checked(table, fingerprint.fingerprint(), rows);
  }

  private Fingerprint copyJsonLines(Table table, CopyOut copy, TableFileOutput out)
      throws SQLException, IOException, CancelledException {
    TextRows fingerprint = new TextRows(table.copiedColumns().size());
    JsonLinesEncoder encoder = new JsonLinesEncoder(table.copiedColumns(), out);
    long rows =
        pump(
            table,
            copy,
            out,
            row -> {
              encoder.write(row);
              fingerprint.add(row);
            });
    encoder.finish();
    return checked(table, fingerprint.fingerprint(), rows);
  }

  private static Fingerprint checked(Table table, Fingerprint fingerprint, long rows) {
    if (fingerprint.rows() != rows) {
      throw new IllegalStateException(
          "COPY of " + table.id() + " sent " + rows + " rows, " + fingerprint.rows() + " read");
    }
    return fingerprint;
  }

  private interface RowWriter {
    void write(byte[] row) throws IOException;
  }

  private long pump(Table table, CopyOut copy, TableFileOutput out, RowWriter writer)
      throws SQLException, IOException, CancelledException {
    long rows = 0;
    long reportedRows = 0;
    long reportedBytes = out.rawBytes();
    byte[] row;
    while ((row = copy.readFromCopy()) != null) {
      writer.write(row);
      rows++;
      if (rows % REPORT_EVERY == 0) {
        if (cancelled.getAsBoolean()) {
          throw new CancelledException();
        }
        long bytes = out.rawBytes();
        progress.advanced(table.id(), rows - reportedRows, bytes - reportedBytes);
        reportedRows = rows;
        reportedBytes = bytes;
      }
    }
    progress.advanced(table.id(), rows - reportedRows, out.rawBytes() - reportedBytes);
    return rows;
  }

  private static void cancelQuietly(CopyOut copy) {
    try {
      copy.cancelCopy();
    } catch (SQLException e) {
      // The connection is most likely gone; the original failure is what matters.
    }
  }

  /** Thrown when another worker failed and this one stops early. */
  static final class CancelledException extends Exception {
    private static final long serialVersionUID = 1L;

    CancelledException() {
      super("cancelled because another table failed", null, false, false);
    }
  }
}
