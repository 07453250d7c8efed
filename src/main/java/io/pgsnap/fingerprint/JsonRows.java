package io.pgsnap.fingerprint;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Fingerprints the objects of a JSON Lines table file as a parser reaches them. The export wrote
 * each value as the text PostgreSQL printed: a string holds that text, a number its digits as
 * printed, and {@code true}/{@code false} stand for {@code t}/{@code f}.
 */
public final class JsonRows {
  /**
   * Reads strings of any length: a value may be as long as PostgreSQL allows (1 GB), and Jackson's
   * default limit of 20 million characters per string would refuse a longer one as malformed.
   */
  public static final JsonFactory FACTORY =
      JsonFactory.builder()
          .streamReadConstraints(
              StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE).build())
          .build();

  private final List<String> columns;
  private final Map<String, Integer> positions = new HashMap<>();
  private final byte[][] values;
  private final boolean[] seen;
  private final RowDigests digests;

  /**
   * @param columns the file's columns, in the order their values are digested
   */
  public JsonRows(List<String> columns) {
    this(columns, RowListener.NONE);
  }

  /**
   * @param columns the file's columns, in the order their values are digested
   * @param listener hears each row's values and digest
   */
  public JsonRows(List<String> columns, RowListener listener) {
    this.columns = List.copyOf(columns);
    this.digests = new RowDigests(listener);
    for (int i = 0; i < columns.size(); i++) {
      positions.put(columns.get(i), i);
    }
    this.values = new byte[columns.size()][];
    this.seen = new boolean[columns.size()];
  }

  private static final byte[] TRUE = {'t'};
  private static final byte[] FALSE = {'f'};

  /**
   * Reads the object at {@code parser}'s current {@code START_OBJECT} token and adds it as a row.
   *
   * @return why the object is not a row of the file's columns, if it is not (nothing is added)
   */
  public Optional<String> add(JsonParser parser) throws IOException {
    Arrays.fill(seen, false);
    JsonToken token;
    while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      Integer position = positions.get(name);
      if (position == null) {
        parser.nextToken();
        parser.skipChildren();
        return Optional.of("column \"" + name + "\" is not one of the file's columns");
      }
      token = parser.nextToken();
      byte[] value =
          switch (token) {
            case VALUE_NULL -> null;
            case VALUE_TRUE -> TRUE;
            case VALUE_FALSE -> FALSE;
            case VALUE_STRING, VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT ->
                parser.getText().getBytes(StandardCharsets.UTF_8);
            default -> {
              parser.skipChildren();
              yield FALSE;
            }
          };
      if (token.isStructStart()) {
        return Optional.of("column \"" + name + "\" holds neither a string, a number nor null");
      }
      values[position] = value;
      seen[position] = true;
    }
    for (int i = 0; i < values.length; i++) {
      if (!seen[i]) {
        return Optional.of("column \"" + columns.get(i) + "\" is missing");
      }
    }
    for (byte[] value : values) {
      if (value == null) {
        digests.addNull();
      } else {
        digests.addValue(value, 0, value.length);
      }
    }
    digests.endRow();
    return Optional.empty();
  }

  /** The fingerprint of the rows added so far. */
  public Fingerprint fingerprint() {
    return digests.fingerprint();
  }
}
