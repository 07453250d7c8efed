package io.pgsnap.restore;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonEOFException;
import io.pgsnap.fingerprint.JsonRows;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a JSON Lines table file back into {@code COPY ... FROM STDIN} text format, the inverse of
 * the export's encoder: {@code null} becomes {@code \N}, numbers keep their exact text, booleans
 * become {@code t} and {@code f}, and strings (which hold exactly what PostgreSQL printed) are
 * escaped for the text format. Keys are matched to the file's columns by name.
 */
final class JsonLinesDecoder {
  private static final JsonFactory JSON = JsonRows.FACTORY;

  private final List<String> columns;
  private final Map<String, Integer> positions = new HashMap<>();
  private final String file;

  /**
   * A decoder for a file whose rows hold {@code columns}.
   *
   * @param columns the file's columns in COPY order
   * @param file the file's name, for messages
   */
  JsonLinesDecoder(List<String> columns, String file) {
    this.columns = List.copyOf(columns);
    for (int i = 0; i < columns.size(); i++) {
      positions.put(columns.get(i), i);
    }
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
    String[] values = new String[columns.size()];
    boolean[] seen = new boolean[columns.size()];
    StringBuilder row = new StringBuilder(256);
    long rows = 0;
    long bytes = 0;
    try (JsonParser parser = JSON.createParser(in)) {
      JsonToken token;
      while ((token = parser.nextToken()) != null) {
        if (token != JsonToken.START_OBJECT) {
          throw malformed(parser, "a line is not a JSON object");
        }
        java.util.Arrays.fill(seen, false);
        while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
          String name = parser.currentName();
          Integer position = positions.get(name);
          if (position == null) {
            throw malformed(parser, "column \"" + name + "\" is not one of the file's columns");
          }
          parser.nextToken();
          values[position] = valueOf(parser, name);
          seen[position] = true;
        }
        row.setLength(0);
        for (int i = 0; i < values.length; i++) {
          if (!seen[i]) {
            throw malformed(parser, "column \"" + columns.get(i) + "\" is missing");
          }
          if (i > 0) {
            row.append('\t');
          }
          if (values[i] == null) {
            row.append("\\N");
          } else {
            escape(values[i], row);
          }
        }
        row.append('\n');
        byte[] line = row.toString().getBytes(StandardCharsets.UTF_8);
        out.write(line);
        rows++;
        bytes += line.length;
        if ((rows & 4095) == 0) {
          listener.rows(rows, bytes);
        }
      }
    } catch (JsonEOFException e) {
      throw new MalformedFileException(
          file + " ends in the middle of a row: the file is truncated", e);
    } catch (JsonParseException e) {
      throw new MalformedFileException(
          file + " is not valid JSON Lines at line " + e.getLocation().getLineNr(), e);
    }
    listener.rows(rows, bytes);
    return rows;
  }

  private String valueOf(JsonParser parser, String name) throws IOException {
    return switch (parser.currentToken()) {
      case VALUE_NULL -> null;
      case VALUE_TRUE -> "t";
      case VALUE_FALSE -> "f";
      case VALUE_STRING, VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> parser.getText();
      default ->
          throw malformed(
              parser, "column \"" + name + "\" holds neither a string, a number nor null");
    };
  }

  /** Escapes {@code value} for COPY's text format, where backslash starts an escape. */
  private static void escape(String value, StringBuilder out) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> out.append(c);
      }
    }
  }

  private MalformedFileException malformed(JsonParser parser, String what) {
    return new MalformedFileException(
        file + " line " + parser.currentLocation().getLineNr() + ": " + what);
  }

  /** A table file whose content cannot be what pgsnap wrote. */
  static final class MalformedFileException extends IOException {
    private static final long serialVersionUID = 1L;

    MalformedFileException(String message) {
      super(message);
    }

    MalformedFileException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
