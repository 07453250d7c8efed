package io.pgsnap.restore;

import io.pgsnap.fingerprint.JsonLinesReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;

/**
 * Turns a JSON Lines table file back into {@code COPY ... FROM STDIN} text format, the inverse of
 * the export's encoder: {@code null} becomes {@code \N}, numbers keep their exact text, booleans
 * become {@code t} and {@code f}, and strings (which hold exactly what PostgreSQL printed) are
 * escaped for the text format. Keys are matched to the file's columns by name. Values stream
 * through in pieces, so a value of any size costs no more memory than the buffers it passes.
 */
final class JsonLinesDecoder {
  private static final int REPORT_EVERY = 4096;

  private final List<String> columns;
  private final String file;

  /**
   * A decoder for a file whose rows hold {@code columns}.
   *
   * @param columns the file's columns in COPY order
   * @param file the file's name, for messages
   */
  JsonLinesDecoder(List<String> columns, String file) {
    this.columns = List.copyOf(columns);
    this.file = file;
  }

  /** Hears about rows as they are decoded. */
  interface RowListener {
    void rows(long rows, long bytes) throws IOException;
  }

  /**
   * Decodes every row of {@code in} into {@code out}.
   *
   * @return the number of rows
   * @throws MalformedFileException when a line is not an object of the file's columns
   */
  long decode(InputStream in, OutputStream out, RowListener listener) throws IOException {
    JsonLinesReader reader = new JsonLinesReader(in, columns);
    CopyTextValues values = new CopyTextValues(out);
    long rows = 0;
    try {
      while (reader.next(values)) {
        rows++;
        if (rows % REPORT_EVERY == 0) {
          listener.rows(rows, values.bytes);
        }
      }
    } catch (JsonLinesReader.MalformedException e) {
      throw new MalformedFileException(
          e.truncated()
              ? file + " ends in the middle of a row: the file is truncated"
              : file + " " + e.getMessage(),
          e);
    }
    listener.rows(rows, values.bytes);
    return rows;
  }

  /** Writes values in COPY's text format, where backslash starts an escape. */
  private static final class CopyTextValues implements JsonLinesReader.Values {
    private static final byte[] NULL = {'\\', 'N'};
    private static final byte[] TAB = {'\t'};

    private final OutputStream out;
    private final byte[] escape = {'\\', 0};
    private boolean rowStarted;
    long bytes;

    CopyTextValues(OutputStream out) {
      this.out = out;
    }

    private void separate() throws IOException {
      if (rowStarted) {
        write(TAB, 0, 1);
      }
      rowStarted = true;
    }

    @Override
    public void nullValue() throws IOException {
      separate();
      write(NULL, 0, NULL.length);
    }

    @Override
    public void beginValue() throws IOException {
      separate();
    }

    @Override
    public void text(byte[] piece, int offset, int count) throws IOException {
      int end = offset + count;
      int i = offset;
      while (i < end) {
        int run = i;
        while (run < end && !needsEscape(piece[run])) {
          run++;
        }
        write(piece, i, run - i);
        if (run == end) {
          return;
        }
        escape[1] =
            switch (piece[run]) {
              case '\n' -> 'n';
              case '\r' -> 'r';
              case '\t' -> 't';
              default -> '\\';
            };
        write(escape, 0, 2);
        i = run + 1;
      }
    }

    private static boolean needsEscape(byte b) {
      return b == '\\' || b == '\n' || b == '\r' || b == '\t';
    }

    @Override
    public void endValue() {}

    @Override
    public void endRow() throws IOException {
      out.write('\n');
      bytes++;
      rowStarted = false;
    }

    private void write(byte[] b, int offset, int count) throws IOException {
      out.write(b, offset, count);
      bytes += count;
    }
  }

  /** A table file whose content cannot be what pgsnap wrote. */
  static final class MalformedFileException extends IOException {
    private static final long serialVersionUID = 1L;

    MalformedFileException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
