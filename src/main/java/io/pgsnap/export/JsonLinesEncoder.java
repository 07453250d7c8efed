package io.pgsnap.export;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.pgsnap.catalog.Column;
import io.pgsnap.fingerprint.CopyText;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Turns rows of {@code COPY ... TO STDOUT} text format into JSON Lines: one object per row, keys in
 * column order. SQL NULL becomes {@code null}; {@code smallint}, {@code integer}, {@code bigint}
 * and {@code oid} become JSON numbers and {@code boolean} JSON booleans; every other value is a
 * JSON string holding exactly the text PostgreSQL printed, so nothing is lost to a JSON reader's
 * number or date handling.
 *
 * <p>Values are re-escaped byte by byte, straight from COPY's escaping to JSON's, into a small
 * buffer that goes to the file whenever it fills; long runs that need no escaping go to the file
 * where they lie. No value is ever decoded into a {@code String}, so a value of hundreds of
 * megabytes costs no memory beyond the row that the driver hands over whole. The bytes written are
 * those Jackson's generator wrote for the same rows: control characters as {@code \b}, {@code \t},
 * {@code \n}, {@code \f}, {@code \r} or &#92;u00XX, everything else from U+0020 up as UTF-8.
 */
final class JsonLinesEncoder {
  private static final int BUFFER = 64 * 1024;
  private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] NULL = "null".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] TRUE = "true".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] FALSE = "false".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] END_OF_ROW = "}\n".getBytes(StandardCharsets.US_ASCII);

  /** Each column's {@code "name":}, after the row's {@code {} or a comma. */
  private final byte[][] keys;

  private final Kind[] kinds;
  private final OutputStream out;
  private final byte[] buffer = new byte[BUFFER];
  private final byte[] unescaped = new byte[1];
  private int used;

  private enum Kind {
    NUMBER,
    BOOLEAN,
    STRING
  }

  JsonLinesEncoder(List<Column> columns, OutputStream out) {
    this.keys = new byte[columns.size()][];
    for (int i = 0; i < keys.length; i++) {
      byte[] name = JsonStringEncoder.getInstance().quoteAsUTF8(columns.get(i).name());
      byte[] key = new byte[name.length + 4];
      key[0] = (byte) (i == 0 ? '{' : ',');
      key[1] = '"';
      System.arraycopy(name, 0, key, 2, name.length);
      key[key.length - 2] = '"';
      key[key.length - 1] = ':';
      keys[i] = key;
    }
    this.kinds = columns.stream().map(c -> kindOf(c.type())).toArray(Kind[]::new);
    this.out = out;
  }

  private static Kind kindOf(String type) {
    return switch (type) {
      case "smallint", "integer", "bigint", "oid" -> Kind.NUMBER;
      case "boolean" -> Kind.BOOLEAN;
      default -> Kind.STRING;
    };
  }

  /** Writes one row given as a COPY text-format line (with its trailing newline). */
  void write(byte[] row) throws IOException {
    if (keys.length == 0) {
      put((byte) '{');
    }
    int pos = 0;
    int end = row.length;
    if (end > 0 && row[end - 1] == '\n') {
      end--;
    }
    for (int i = 0; i < keys.length; i++) {
      put(keys[i], 0, keys[i].length);
      int fieldEnd = pos;
      while (fieldEnd < end && row[fieldEnd] != '\t') {
        fieldEnd++;
      }
      if (CopyText.isNull(row, pos, fieldEnd)) {
        put(NULL, 0, NULL.length);
      } else {
        writeValue(kinds[i], row, pos, fieldEnd);
      }
      pos = fieldEnd + 1;
    }
    put(END_OF_ROW, 0, END_OF_ROW.length);
  }

  private void writeValue(Kind kind, byte[] row, int from, int to) throws IOException {
    switch (kind) {
      case NUMBER -> put(row, from, to - from);
      case BOOLEAN -> {
        byte[] literal = to - from == 1 && row[from] == 't' ? TRUE : FALSE;
        put(literal, 0, literal.length);
      }
      case STRING -> {
        put((byte) '"');
        writeString(row, from, to);
        put((byte) '"');
      }
    }
  }

  /** Writes {@code row[from, to)}, escaped for COPY's text format, escaped for JSON instead. */
  private void writeString(byte[] row, int from, int to) throws IOException {
    int i = from;
    while (i < to) {
      int run = i;
      while (run < to && needsNoEscape(row[run])) {
        run++;
      }
      put(row, i, run - i);
      i = run;
      if (i >= to) {
        break;
      }
      if (row[i] == '\\') {
        int escapeEnd = CopyText.escapeEnd(row, i, to);
        CopyText.unescape(row, i, escapeEnd, unescaped, 0);
        putEscaped(unescaped[0]);
        i = escapeEnd;
      } else {
        putEscaped(row[i++]);
      }
    }
  }

  /** Whether a byte stands for itself in both COPY's text format and a JSON string. */
  private static boolean needsNoEscape(byte b) {
    return b != '\\' && b != '"' && (b < 0 || b >= 0x20);
  }

  /** Writes one byte of a value as a JSON string holds it. */
  private void putEscaped(byte b) throws IOException {
    byte shortForm =
        switch (b) {
          case '"' -> '"';
          case '\\' -> '\\';
          case '\b' -> 'b';
          case '\t' -> 't';
          case '\n' -> 'n';
          case '\f' -> 'f';
          case '\r' -> 'r';
          default -> 0;
        };
    if (shortForm != 0) {
      put((byte) '\\');
      put(shortForm);
    } else if (b >= 0 && b < 0x20) {
      put((byte) '\\');
      put((byte) 'u');
      put((byte) '0');
      put((byte) '0');
      put(HEX[b >> 4]);
      put(HEX[b & 0xF]);
    } else {
      put(b);
    }
  }

  private void put(byte b) throws IOException {
    if (used == buffer.length) {
      drain();
    }
    buffer[used++] = b;
  }

  private void put(byte[] bytes, int offset, int length) throws IOException {
    if (length > buffer.length - used) {
      drain();
      if (length >= buffer.length) {
        out.write(bytes, offset, length);
        return;
      }
    }
    System.arraycopy(bytes, offset, buffer, used, length);
    used += length;
  }

  private void drain() throws IOException {
    out.write(buffer, 0, used);
    used = 0;
  }

  /** Writes out what is buffered; the file is complete once this returns. */
  void finish() throws IOException {
    drain();
  }
}
