package io.pgsnap.restore;

import io.pgsnap.Cancellation;
import io.pgsnap.ErrorCode;
import io.pgsnap.OutOfMemory;
import io.pgsnap.PgsnapException;
import io.pgsnap.ProgressListener;
import io.pgsnap.catalog.Identifiers;
import io.pgsnap.catalog.TableId;
import io.pgsnap.db.Connections;
import io.pgsnap.snapshot.DataFormat;
import io.pgsnap.snapshot.ManifestTable;
import io.pgsnap.snapshot.OpenSnapshot;
import io.pgsnap.snapshot.TableContent;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Loads one table file with a single {@code COPY ... FROM STDIN}, streamed through a fixed buffer
 * so memory stays constant whatever the file's size. CSV goes to the server as it is; JSON Lines is
 * turned into COPY text format on the way.
 */
final class TableLoader {
  private static final int BUFFER = 256 * 1024;

  private final ProgressListener progress;
  private final OpenSnapshot snapshot;
  private final Cancellation cancellation;
  private final AtomicInteger contentChecked = new AtomicInteger();

  TableLoader(ProgressListener progress, OpenSnapshot snapshot, Cancellation cancellation) {
    this.progress = progress;
    this.snapshot = snapshot;
    this.cancellation = cancellation;
  }

  /** How many loaded tables were read back and matched the snapshot's content. */
  int contentChecked() {
    return contentChecked.get();
  }

  /** The COPY statement that loads {@code entry}'s file into {@code target}. */
  static String copySql(ManifestTable entry, TableId target) {
    String columns =
        entry.fileColumns().isEmpty()
            ? ""
            : entry.fileColumns().stream()
                .map(Identifiers::quote)
                .collect(Collectors.joining(", ", " (", ")"));
    String with = entry.format() == DataFormat.CSV ? " WITH (FORMAT csv, HEADER true)" : "";
    return "COPY " + target.sql() + columns + " FROM STDIN" + with;
  }

  /**
   * Streams the file of {@code load}, or each of its parts one after the other, into its target,
   * and checks that the server loaded as many rows as the manifest says, then the content when the
   * load reads it back. Each file's SHA-256 is computed from the very bytes sent and checked before
   * its COPY ends, so a file changed after the snapshot was checked fails the COPY, and with it the
   * transaction.
   *
   * @return the rows loaded
   * @throws PgsnapException naming the table and file, when the file cannot be read or is damaged,
   *     or the server refuses the rows
   */
  long load(Connection connection, TableLoad load) {
    long rows = 0;
    for (ManifestTable file : load.entry().fileEntries()) {
      rows += loadFile(connection, load, file);
    }
    checkContent(connection, load);
    return rows;
  }

  /**
   * Streams part {@code index} (from 0) of a split table's {@code load} into its target, as {@link
   * #load} does a whole table; the content is checked once all parts are in, by {@link
   * #checkContent}.
   *
   * @return the rows loaded
   */
  long loadPart(Connection connection, TableLoad load, int index) {
    return loadFile(connection, load, load.entry().fileEntries().get(index));
  }

  /** Reads the loaded table back when {@code load} asks for it ({@code --verify-content}). */
  void checkContent(Connection connection, TableLoad load) {
    if (load.readBack() != null) {
      try {
        ContentCheck.run(connection, load, cancellation);
      } catch (OutOfMemoryError e) {
        Connections.abandon(connection);
        throw OutOfMemory.during("reading back table " + load.entry().id(), e)
            .extended("; " + RestoreErrors.NOTHING_CHANGED);
      }
      contentChecked.incrementAndGet();
    }
  }

  private long loadFile(Connection connection, TableLoad load, ManifestTable entry) {
    PlannedStatement statement = load.copy();
    long rows;
    try {
      rows = stream(connection, entry, load.step().target(), statement.sql());
    } catch (SQLException e) {
      throw RestoreErrors.translate(e, statement.doing(), statement.needs());
    } catch (CopyFailedException e) {
      throw RestoreErrors.translate(e.sqlCause(), statement.doing(), statement.needs());
    } catch (IOException e) {
      throw RestoreErrors.readFailure(snapshot.location(), entry.file(), e);
    } catch (PgsnapException e) {
      // The bytes loaded are not the file the snapshot recorded: the COPY never ended.
      throw e.extended("; " + RestoreErrors.NOTHING_CHANGED);
    } catch (OutOfMemoryError e) {
      Connections.abandon(connection);
      throw outOfMemory("loading", entry, e);
    }
    if (rows != entry.rows()) {
      throw new PgsnapException(
          ErrorCode.INTEGRITY,
          entry.file()
              + " held "
              + rows
              + " rows but the manifest says "
              + entry.rows()
              + ": the snapshot is damaged (the manifest or the file was altered), so "
              + RestoreErrors.NOTHING_CHANGED
              + RestoreErrors.verifyAdvice(snapshot.location()));
    }
    return rows;
  }

  /** Running out of memory fails the restore, which rolls back like any other failure. */
  private static PgsnapException outOfMemory(
      String doing, ManifestTable entry, OutOfMemoryError e) {
    return OutOfMemory.during(doing + " table " + entry.id() + " from " + entry.file(), e)
        .extended("; " + RestoreErrors.NOTHING_CHANGED);
  }

  private long stream(Connection connection, ManifestTable entry, TableId target, String sql)
      throws SQLException, IOException {
    progress.tableStarted(target);
    CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(sql);
    Reporter reporter = new Reporter(target, entry);
    try (TableContent content = snapshot.openContent(entry)) {
      InputStream in = content.rows();
      if (entry.format() == DataFormat.CSV) {
        byte[] buffer = new byte[BUFFER];
        long bytes = 0;
        int n;
        while ((n = in.read(buffer)) > 0) {
          copy.writeToCopy(buffer, 0, n);
          bytes += n;
          reporter.bytes(bytes);
        }
      } else {
        OutputStream out = new BufferedOutputStream(new CopyStream(copy), BUFFER);
        new JsonLinesDecoder(entry.fileColumns(), entry.file()).decode(in, out, reporter::rows);
        out.flush();
      }
      // Whatever the decompressor left unread is read, decrypted and hashed too; a damaged file
      // (its OpenPGP integrity check fails at its end) or a mismatch ends the COPY unfinished, so
      // the server loads nothing of it.
      content.finish();
      long rows = copy.endCopy();
      progress.tableFinished(target, rows, entry.storedBytes());
      return rows;
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

  /** Reports progress; CSV rows are estimated from the bytes sent, as rows may span lines. */
  private final class Reporter {
    private final TableId target;
    private final ManifestTable entry;
    private long reportedRows;
    private long reportedBytes;

    Reporter(TableId target, ManifestTable entry) {
      this.target = target;
      this.entry = entry;
    }

    void bytes(long bytes) {
      // Between buffers: the server cannot cancel a COPY that waits for the client's rows.
      cancellation.throwIfCancelled();
      if (bytes - reportedBytes < 4 * BUFFER && bytes < entry.rawBytes()) {
        return;
      }
      long rows =
          entry.rawBytes() == 0
              ? entry.rows()
              : Math.min(entry.rows(), (long) ((double) bytes / entry.rawBytes() * entry.rows()));
      rows(rows, bytes);
    }

    void rows(long rows, long bytes) {
      cancellation.throwIfCancelled();
      progress.advanced(target, rows - reportedRows, bytes - reportedBytes);
      reportedRows = rows;
      reportedBytes = bytes;
    }
  }

  /** The rows written reach the server's COPY. */
  private static final class CopyStream extends OutputStream {
    private final CopyIn copy;

    CopyStream(CopyIn copy) {
      this.copy = copy;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      try {
        copy.writeToCopy(b, off, len);
      } catch (SQLException e) {
        throw new CopyFailedException(e);
      }
    }
  }

  /** Carries a server failure out through an {@link OutputStream}. */
  static final class CopyFailedException extends IOException {
    private static final long serialVersionUID = 1L;

    CopyFailedException(SQLException cause) {
      super(cause.getMessage(), cause);
    }

    SQLException sqlCause() {
      return (SQLException) getCause();
    }
  }
}
