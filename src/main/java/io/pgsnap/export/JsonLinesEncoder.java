package io.pgsnap.export;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import io.pgsnap.catalog.Column;
import io.pgsnap.fingerprint.CopyText;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Turns rows of {@code COPY ... TO STDOUT} text format into JSON Lines: one object per row, keys in
 * column order. SQL NULL becomes {@code null}; {@code smallint}, {@code integer}, {@code bigint}
 * and {@code oid} become JSON numbers and {@code boolean} JSON booleans; every other value is a
 * JSON string holding exactly the text PostgreSQL printed, so nothing is lost to a JSON reader's
 * number or date handling.
 */
final class JsonLinesEncoder implements AutoCloseable {
  private static final JsonFactory JSON = JsonFactory.builder().build();

  private final SerializedString[] names;
  private final Kind[] kinds;
  private final JsonGenerator generator;
  private byte[] field = new byte[256];

  private enum Kind {
    NUMBER,
    BOOLEAN,
    STRING
  }

  JsonLinesEncoder(List<Column> columns, OutputStream out) throws IOException {
    this.names =
        columns.stream().map(c -> new SerializedString(c.name())).toArray(SerializedString[]::new);
    this.kinds = columns.stream().map(c -> kindOf(c.type())).toArray(Kind[]::new);
    this.generator = JSON.createGenerator(out, JsonEncoding.UTF8);
    generator.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    generator.setRootValueSeparator(new SerializedString("\n"));
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
    generator.writeStartObject();
    int pos = 0;
    int end = row.length;
    if (end > 0 && row[end - 1] == '\n') {
      end--;
    }
    for (int i = 0; i < names.length; i++) {
      generator.writeFieldName(names[i]);
      int fieldEnd = pos;
      while (fieldEnd < end && row[fieldEnd] != '\t') {
        fieldEnd++;
      }
      if (CopyText.isNull(row, pos, fieldEnd)) {
        generator.writeNull();
      } else {
        writeValue(kinds[i], row, pos, fieldEnd);
      }
      pos = fieldEnd + 1;
    }
    generator.writeEndObject();
  }

  private void writeValue(Kind kind, byte[] row, int from, int to) throws IOException {
    switch (kind) {
      case NUMBER ->
          generator.writeNumber(new String(row, from, to - from, StandardCharsets.US_ASCII));
      case BOOLEAN -> generator.writeBoolean(to - from == 1 && row[from] == 't');
      case STRING -> {
        int length = unescape(row, from, to);
        generator.writeString(new String(field, 0, length, StandardCharsets.UTF_8));
      }
    }
  }

  /** Undoes COPY text-format escaping of {@code row[from, to)} into {@link #field}. */
  private int unescape(byte[] row, int from, int to) {
    if (field.length < to - from) {
      field = Arrays.copyOf(field, Math.max(to - from, field.length * 2));
    }
    return CopyText.unescape(row, from, to, field, 0);
  }

  /** Flushes buffered output and ends the file with a newline when it holds rows. */
  void finish(long rows) throws IOException {
    if (rows > 0) {
      generator.writeRaw('\n');
    }
    generator.flush();
  }

  @Override
  public void close() throws IOException {
    generator.close();
  }
}
