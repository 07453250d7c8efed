package io.pgsnap.verify;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
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

  private static final JsonFactory JSON = JsonRows.FACTORY;

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
   * Counts JSON Lines: every line one JSON object, every line ending in a newline, no blank lines.
   * A raw newline cannot occur inside a JSON value, so object {@code k} must start on line {@code
   * k}. Values are skipped, not materialised, so a huge value needs no memory.
   */
  static Count jsonLines(List<String> columns, InputStream in, RowListener listener)
      throws IOException {
    JsonRows fingerprint = new JsonRows(columns, listener);
    CountingStream counted = new CountingStream(in);
    long objects = 0;
    try (JsonParser parser = JSON.createParser(counted)) {
      // The caller owns the stream, and still needs the compressed bytes below it for the checksum.
      parser.disable(JsonParser.Feature.AUTO_CLOSE_SOURCE);
      JsonToken token;
      while ((token = parser.nextToken()) != null) {
        long line = parser.currentTokenLocation().getLineNr();
        if (token != JsonToken.START_OBJECT) {
          return malformed(objects, counted, "line " + line + " is not a JSON object", fingerprint);
        }
        if (line != objects + 1) {
          String what =
              line <= objects ? "holds more than one JSON object" : "follows an empty line";
          return malformed(objects, counted, "line " + line + " " + what, fingerprint);
        }
        Optional<String> notARow = fingerprint.add(parser);
        if (notARow.isPresent()) {
          return malformed(objects, counted, "line " + line + ": " + notARow.get(), fingerprint);
        }
        objects++;
      }
    } catch (JsonProcessingException e) {
      String where = e.getLocation() == null ? "" : "line " + e.getLocation().getLineNr() + " is ";
      return malformed(
          objects, counted, where + "not valid JSON: " + e.getOriginalMessage(), fingerprint);
    }
    if (counted.newlines != objects) {
      return malformed(
          objects,
          counted,
          counted.newlines < objects
              ? "the last line does not end with a newline"
              : "ends with an empty line",
          fingerprint);
    }
    return new Count(objects, counted.bytes, Optional.empty(), fingerprint.fingerprint());
  }

  private static Count malformed(
      long rows, CountingStream counted, String why, JsonRows fingerprint) {
    return new Count(
        rows,
        counted.bytes,
        Optional.of(
            "is not well-formed JSON Lines: "
                + why
                + "; restore the file from another copy or take a new snapshot"),
        fingerprint.fingerprint());
  }

  /** Counts the bytes and newlines that pass, so the parser's reading ahead is accounted for. */
  private static final class CountingStream extends InputStream {
    private final InputStream in;
    long bytes;
    long newlines;

    CountingStream(InputStream in) {
      this.in = in;
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      if (b != -1) {
        bytes++;
        if (b == '\n') {
          newlines++;
        }
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = in.read(b, off, len);
      if (n > 0) {
        bytes += n;
        for (int i = off; i < off + n; i++) {
          if (b[i] == '\n') {
            newlines++;
          }
        }
      }
      return n;
    }
  }
}
