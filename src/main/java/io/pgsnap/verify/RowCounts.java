package io.pgsnap.verify;

import io.pgsnap.fingerprint.CsvRows;
import io.pgsnap.fingerprint.Fingerprint;
import io.pgsnap.fingerprint.JsonRows;
import io.pgsnap.fingerprint.RowListener;
import io.pgsnap.snapshot.DataFormat;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * Counts the rows of an uncompressed table file as it streams past, in constant memory, and says
 * when the content is not well-formed. An {@link IOException} from the stream itself (a file that
 * does not decompress) passes through; malformed content is a result, not an exception.
 */
final class RowCounts {
  private static final int BUFFER = 64 * 1024;

  private RowCounts() {}

  /**
   * What a file held.
   *
   * @param rows data rows (for CSV, records after the header)
   * @param bytes uncompressed bytes read
   * @param malformed why the content is not well-formed, if it is not; {@link #rows} is then a
   *     lower bound
   * @param fingerprint the content fingerprint of the rows, meaningful when well-formed
   */
  record Count(long rows, long bytes, Optional<String> malformed, Fingerprint fingerprint) {}

  /** Counts and fingerprints the rows of {@code in}, written in {@code format}. */
  static Count count(DataFormat format, List<String> columns, InputStream in) throws IOException {
    return count(format, columns, in, RowListener.NONE);
  }

  /** The same, with {@code listener} hearing each row's values and digest. */
  static Count count(DataFormat format, List<String> columns, InputStream in, RowListener listener)
      throws IOException {
    return switch (format) {
      case CSV -> csv(columns, in, listener);
      case JSONL -> jsonLines(columns, in, listener);
    };
  }

  /**
   * Counts the records of PostgreSQL CSV ({@code FORMAT csv, HEADER true}): the first record is the
   * header. Records end at a newline outside double quotes; inside quotes a newline is part of the
   * value and a doubled quote is a literal quote, which toggling the state on every quote handles.
   * UTF-8 never uses the bytes of {@code "} or newline inside a multi-byte character, so scanning
   * bytes is exact.
   */
  static Count csv(List<String> columns, InputStream in, RowListener listener) throws IOException {
    CsvRows fingerprint = new CsvRows(columns.size(), listener);
    byte[] buffer = new byte[BUFFER];
    boolean quoted = false;
    long newlines = 0;
    long bytes = 0;
    byte last = '\n';
    int n;
    while ((n = in.read(buffer)) != -1) {
      for (int i = 0; i < n; i++) {
        byte b = buffer[i];
        if (b == '"') {
          quoted = !quoted;
        } else if (b == '\n' && !quoted) {
          newlines++;
        }
      }
      if (n > 0) {
        fingerprint.feed(buffer, 0, n);
        bytes += n;
        last = buffer[n - 1];
      }
    }
    Optional<String> notTheColumns = fingerprint.finish();
    // PostgreSQL ends every record with a newline; a last record without one still counts.
    long records = newlines + (last != '\n' ? 1 : 0);
    if (quoted) {
      return new Count(
          Math.max(0, records - 1),
          bytes,
          Optional.of(
              "ends inside a quoted value: the file was cut short or changed; restore it from"
                  + " another copy or take a new snapshot"),
          fingerprint.fingerprint());
    }
    if (records == 0) {
      return new Count(
          0,
          bytes,
          Optional.of(
              "has no CSV header line: the file was emptied or changed; restore it from another"
                  + " copy or take a new snapshot"),
          fingerprint.fingerprint());
    }
    return new Count(
        records - 1,
        bytes,
        notTheColumns.map(
            why ->
                "is not CSV of the table's columns: "
                    + why
                    + "; restore the file from another copy or take a new snapshot"),
        fingerprint.fingerprint());
  }

  /**
   * Counts JSON Lines: every line one JSON object of the file's columns, every line ending in a
   * newline, no blank lines. Values stream past in pieces, so a huge value is never held whole,
   * except where its length must be known before its digest (see {@link
   * io.pgsnap.fingerprint.RowDigests}).
   */
  static Count jsonLines(List<String> columns, InputStream in, RowListener listener)
      throws IOException {
    JsonRows fingerprint = new JsonRows(columns, listener);
    Optional<String> malformed = fingerprint.read(in);
    return new Count(
        fingerprint.rows(),
        fingerprint.bytesRead(),
        malformed.map(
            why ->
                "is not well-formed JSON Lines: "
                    + why
                    + "; restore the file from another copy or take a new snapshot"),
        fingerprint.fingerprint());
  }
}
