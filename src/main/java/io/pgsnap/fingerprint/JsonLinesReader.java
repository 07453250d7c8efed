package io.pgsnap.fingerprint;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Reads a JSON Lines table file row by row, handing each value over in pieces as they are read, so
 * a value of hundreds of megabytes never has to be held: every line one JSON object whose keys are
 * the file's columns and whose values are strings, numbers, booleans or {@code null}, every line
 * ending in a newline.
 *
 * <p>Jackson's parser (2.x) always assembles a whole string value before it hands it over, as
 * characters (two bytes each), which is why JSON Lines is read here instead. Values reach the
 * {@link Values} in the file's column order: a key that comes early (a file pgsnap did not write)
 * has its value held until the keys before it are read. Strings pass through as the UTF-8 bytes of
 * their text, with JSON's escapes undone; their encoding is the server's to check when they load.
 *
 * <p>A snapshot is untrusted input: anything but that shape is a {@link MalformedException} naming
 * the line, and a column name is read only up to a bounded length.
 */
public final class JsonLinesReader {
  private static final int BUFFER = 64 * 1024;

  /** Far beyond PostgreSQL's 63-byte names, and small enough that no file can exhaust memory. */
  private static final int MAX_NAME = 64 * 1024;

  /** Hears one row's values, in the file's column order, as they are read. */
  public interface Values {
    /** A SQL NULL. */
    void nullValue() throws IOException;

    /**
     * A value begins: its text follows through {@link #text}, in pieces, up to {@link #endValue}.
     */
    void beginValue() throws IOException;

    /**
     * The next piece of the value's text as PostgreSQL printed it, in UTF-8; {@code true} and
     * {@code false} arrive as {@code t} and {@code f}. The array is reused: copy what must be kept.
     */
    void text(byte[] bytes, int offset, int count) throws IOException;

    /** The value begun last is complete. */
    void endValue() throws IOException;

    /** The row is complete: every column had its value. */
    void endRow() throws IOException;
  }

  /** Text that is not JSON Lines of the file's columns. */
  public static final class MalformedException extends IOException {
    private static final long serialVersionUID = 1L;

    private final boolean truncated;

    MalformedException(String problem, boolean truncated) {
      super(problem);
      this.truncated = truncated;
    }

    /** Whether the text ends in the middle of a row, as a file cut short does. */
    public boolean truncated() {
      return truncated;
    }
  }

  private final InputStream in;
  private final List<String> columns;

  /** The columns' names in UTF-8, matched against keys without decoding them. */
  private final byte[][] names;

  private final HeldValue name = new HeldValue();
  private final NumberGrammar grammar = new NumberGrammar();
  private final byte[] buffer = new byte[BUFFER];
  private final byte[] scratch = new byte[4];
  private int pos;
  private int limit;
  private long bytesBefore;
  private long line = 1;
  private long rowLine;
  private boolean lastLineUnterminated;

  private final boolean[] seen;
  private final HeldValue[] held;
  private int nextColumn;

  /**
   * @param in the file's text, uncompressed; read to its end, never closed
   * @param columns the file's columns, in the order their values are handed over
   */
  public JsonLinesReader(InputStream in, List<String> columns) {
    this.in = in;
    this.columns = List.copyOf(columns);
    this.names =
        columns.stream().map(c -> c.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
    this.seen = new boolean[columns.size()];
    this.held = new HeldValue[columns.size()];
  }

  /** The line of the row read last. */
  public long line() {
    return rowLine;
  }

  /** How many bytes were taken from the stream so far. */
  public long bytesRead() {
    return bytesBefore + limit;
  }

  /** Whether the text ended right after its last row, without the newline that ends a line. */
  public boolean lastLineUnterminated() {
    return lastLineUnterminated;
  }

  /**
   * Reads the next row into {@code values}.
   *
   * @return false at the end of the text
   * @throws MalformedException when the text is not JSON Lines of the file's columns
   */
  public boolean next(Values values) throws IOException {
    rowLine = line;
    int b = skipSpaces();
    if (b == '\n') {
      pos++;
      line++;
      if (skipSpaces() == -1) {
        throw new MalformedException("ends with an empty line", false);
      }
      throw malformed("line " + line + " follows an empty line");
    }
    if (b == -1) {
      return false;
    }
    if (b != '{') {
      throw malformed("line " + line + " is not a JSON object");
    }
    pos++;
    readObject(values);
    b = skipSpaces();
    if (b == '\n') {
      pos++;
      line++;
    } else if (b == -1) {
      lastLineUnterminated = true;
    } else if (b == '{') {
      throw malformed("line " + rowLine + " holds more than one JSON object");
    } else {
      throw syntax("text follows the object");
    }
    return true;
  }

  private void readObject(Values values) throws IOException {
    Arrays.fill(seen, false);
    nextColumn = 0;
    int b = skipSpacesInObject();
    if (b == '}') {
      pos++;
    } else {
      while (true) {
        if (b != '"') {
          throw syntax("a column name in double quotes was expected");
        }
        pos++;
        int position = readColumn();
        if (skipSpacesInObject() != ':') {
          throw syntax("a colon was expected after column \"" + columns.get(position) + "\"");
        }
        pos++;
        skipSpacesInObject();
        readMember(position, values);
        b = skipSpacesInObject();
        pos++;
        if (b == '}') {
          break;
        }
        if (b != ',') {
          throw syntax("a comma or the end of the object was expected");
        }
        b = skipSpacesInObject();
      }
    }
    for (int i = 0; i < seen.length; i++) {
      if (!seen[i]) {
        throw column(columns.get(i), "is missing");
      }
    }
    values.endRow();
  }

  private void readMember(int position, Values values) throws IOException {
    String name = columns.get(position);
    if (seen[position]) {
      throw column(name, "appears twice");
    }
    seen[position] = true;
    if (position != nextColumn) {
      held[position] = new HeldValue();
      readValue(name, held[position]);
      return;
    }
    readValue(name, values);
    nextColumn++;
    while (nextColumn < seen.length && seen[nextColumn]) {
      held[nextColumn].replay(values);
      held[nextColumn] = null;
      nextColumn++;
    }
  }

  private void readValue(String name, Values values) throws IOException {
    int b = peek();
    switch (b) {
      case '"' -> {
        pos++;
        values.beginValue();
        readString(values, Long.MAX_VALUE);
        values.endValue();
      }
      case 'n' -> {
        literal("null");
        values.nullValue();
      }
      case 't' -> literalValue("true", (byte) 't', values);
      case 'f' -> literalValue("false", (byte) 'f', values);
      case '{', '[' -> throw column(name, "holds neither a string, a number nor null");
      case -1 -> throw truncated();
      default -> {
        if (b != '-' && (b < '0' || b > '9')) {
          throw syntax("column \"" + name + "\" holds no JSON value");
        }
        values.beginValue();
        readNumber(values);
        values.endValue();
      }
    }
  }

  private void literalValue(String literal, byte text, Values values) throws IOException {
    literal(literal);
    scratch[0] = text;
    values.beginValue();
    values.text(scratch, 0, 1);
    values.endValue();
  }

  private void literal(String literal) throws IOException {
    for (int i = 0; i < literal.length(); i++) {
      int b = peek();
      if (b == -1) {
        throw truncated();
      }
      if (b != literal.charAt(i)) {
        throw syntax("a value is neither a string, a number, true, false nor null");
      }
      pos++;
    }
  }

  /** Reads a string's text after its opening quote, through its closing quote. */
  private void readString(Values values, long maxLength) throws IOException {
    long length = 0;
    while (true) {
      if (pos == limit && fill() == -1) {
        throw truncated();
      }
      int start = pos;
      while (pos < limit && plainInString(buffer[pos])) {
        pos++;
      }
      if (pos > start) {
        length += pos - start;
        if (length > maxLength) {
          throw malformed("line " + rowLine + " holds a column name too long to be one");
        }
        values.text(buffer, start, pos - start);
      }
      if (pos == limit) {
        continue;
      }
      byte b = buffer[pos++];
      if (b == '"') {
        return;
      }
      if (b != '\\') {
        throw syntax(
            b == '\n'
                ? "a string goes on past the end of the line"
                : "a string holds a control character that JSON requires escaped");
      }
      int count = readEscape();
      length += count;
      values.text(scratch, 0, count);
    }
  }

  private static boolean plainInString(byte b) {
    return b != '"' && b != '\\' && (b < 0 || b >= 0x20);
  }

  /** Reads an escape after its backslash into {@link #scratch}; returns how many bytes it is. */
  private int readEscape() throws IOException {
    int e = take();
    byte simple =
        switch (e) {
          case '"', '\\', '/' -> (byte) e;
          case 'b' -> '\b';
          case 'f' -> '\f';
          case 'n' -> '\n';
          case 'r' -> '\r';
          case 't' -> '\t';
          case 'u' -> 0;
          default -> throw syntax("a string holds an escape JSON does not have");
        };
    if (e != 'u') {
      scratch[0] = simple;
      return 1;
    }
    int code = readHex();
    if (Character.isHighSurrogate((char) code)) {
      if (take() != '\\' || take() != 'u') {
        throw loneSurrogate();
      }
      int low = readHex();
      if (!Character.isLowSurrogate((char) low)) {
        throw loneSurrogate();
      }
      code = Character.toCodePoint((char) code, (char) low);
    } else if (Character.isLowSurrogate((char) code)) {
      throw loneSurrogate();
    }
    return utf8(code);
  }

  /** Encodes the code point {@code code} as UTF-8 into {@link #scratch}; returns its length. */
  private int utf8(int code) {
    if (code < 0x80) {
      scratch[0] = (byte) code;
      return 1;
    }
    int length = code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
    int rest = code;
    for (int i = length - 1; i > 0; i--) {
      scratch[i] = (byte) (0x80 | (rest & 0x3F));
      rest >>= 6;
    }
    scratch[0] = (byte) ((0xF00 >> length) | rest);
    return length;
  }

  private MalformedException loneSurrogate() {
    return syntax("a string holds half of a \\u surrogate pair, which no text can hold");
  }

  private int readHex() throws IOException {
    int value = 0;
    for (int i = 0; i < 4; i++) {
      int digit = Character.digit(take(), 16);
      if (digit < 0) {
        throw syntax("a \\u escape needs four hexadecimal digits");
      }
      value = value * 16 + digit;
    }
    return value;
  }

  /**
   * Reads a number, checking JSON's grammar ({@code
   * -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?}) as its digits stream past.
   */
  private void readNumber(Values values) throws IOException {
    grammar.reset();
    while (true) {
      if (pos == limit && fill() == -1) {
        break;
      }
      int start = pos;
      while (pos < limit && grammar.accepts(buffer[pos])) {
        pos++;
      }
      if (pos > start) {
        values.text(buffer, start, pos - start);
      }
      if (pos < limit) {
        break;
      }
    }
    if (!grammar.complete()) {
      throw syntax("a number is not written as JSON writes numbers");
    }
  }

  /** Reads a column name after its opening quote; returns the column's position. */
  private int readColumn() throws IOException {
    name.clear();
    readString(name, MAX_NAME);
    if (nextColumn < names.length && name.holds(names[nextColumn])) {
      return nextColumn;
    }
    for (int i = 0; i < names.length; i++) {
      if (name.holds(names[i])) {
        return i;
      }
    }
    throw column(name.text(), "is not one of the file's columns");
  }

  /** Skips spaces, tabs and carriage returns; returns the next byte, unread, or -1 at the end. */
  private int skipSpaces() throws IOException {
    while (true) {
      int b = peek();
      if (b != ' ' && b != '\t' && b != '\r') {
        return b;
      }
      pos++;
    }
  }

  /** As {@link #skipSpaces}, where the object must go on. */
  private int skipSpacesInObject() throws IOException {
    int b = skipSpaces();
    if (b == -1) {
      throw truncated();
    }
    if (b == '\n') {
      throw malformed(
          "line "
              + rowLine
              + " is not valid JSON Lines: its object goes on past the end of the line");
    }
    return b;
  }

  private int peek() throws IOException {
    if (pos == limit && fill() == -1) {
      return -1;
    }
    return buffer[pos] & 0xFF;
  }

  private int take() throws IOException {
    int b = peek();
    if (b == -1) {
      throw truncated();
    }
    pos++;
    return b;
  }

  private int fill() throws IOException {
    bytesBefore += limit;
    pos = 0;
    limit = 0;
    int n;
    do {
      n = in.read(buffer, 0, buffer.length);
    } while (n == 0);
    if (n < 0) {
      return -1;
    }
    limit = n;
    return n;
  }

  private MalformedException malformed(String problem) {
    return new MalformedException(problem, false);
  }

  private MalformedException syntax(String problem) {
    return malformed("line " + rowLine + " is not valid JSON: " + problem);
  }

  private MalformedException column(String name, String problem) {
    return malformed("line " + rowLine + ": column \"" + name + "\" " + problem);
  }

  private MalformedException truncated() {
    return new MalformedException("line " + rowLine + " ends in the middle of a row", true);
  }
}
