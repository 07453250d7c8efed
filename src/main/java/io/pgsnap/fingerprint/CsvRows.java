package io.pgsnap.fingerprint;

import java.util.Optional;

/**
 * Fingerprints PostgreSQL CSV ({@code FORMAT csv, HEADER true}) as it streams past, in pieces of
 * any size: whole COPY messages during an export, or buffers of a file during a deep verify. The
 * header is skipped. An unquoted empty field is NULL, a quoted one the empty string; inside quotes
 * a doubled quote is one quote and a newline is part of the value.
 */
public final class CsvRows {
  private enum State {
    FIELD_START,
    UNQUOTED,
    QUOTED,
    QUOTE_IN_QUOTED
  }

  private final int columns;
  private final RowDigests digests;
  private State state = State.FIELD_START;
  private boolean inHeader = true;
  private int fields;
  private boolean recordStarted;
  private String malformed;

  /**
   * @param columns how many values each record holds
   */
  public CsvRows(int columns) {
    this(columns, RowListener.NONE);
  }

  /**
   * @param columns how many values each record holds
   * @param listener hears each data record's values and digest
   */
  public CsvRows(int columns, RowListener listener) {
    this.columns = columns;
    this.digests = new RowDigests(listener);
  }

  /** Reads {@code bytes[offset, offset + count)}, the next piece of the CSV text. */
  public void feed(byte[] bytes, int offset, int count) {
    int end = offset + count;
    int i = offset;
    while (i < end) {
      recordStarted = true;
      switch (state) {
        case FIELD_START -> {
          byte b = bytes[i++];
          if (b == '"') {
            int close = closingQuote(bytes, i, end);
            if (close < 0) {
              digests.beginValue();
              state = State.QUOTED;
            } else {
              appendQuoted(bytes, i, close);
              i = close + 1;
              state = State.QUOTE_IN_QUOTED;
            }
          } else if (b == ',') {
            nullField();
          } else if (b == '\n') {
            if (columns > 0 || fields > 0) {
              nullField();
            }
            endRecord();
          } else {
            int start = i - 1;
            int delimiter = i;
            while (delimiter < end && bytes[delimiter] != ',' && bytes[delimiter] != '\n') {
              delimiter++;
            }
            if (delimiter < end) {
              digests.addValue(bytes, start, delimiter - start);
              fields++;
              i = delimiter + 1;
              if (bytes[delimiter] == '\n') {
                endRecord();
              }
            } else {
              digests.beginValue();
              digests.append(bytes, start, delimiter - start);
              i = delimiter;
              state = State.UNQUOTED;
            }
          }
        }
        case UNQUOTED -> {
          int run = i;
          while (run < end && bytes[run] != ',' && bytes[run] != '\n') {
            run++;
          }
          digests.append(bytes, i, run - i);
          i = run;
          if (i < end) {
            endField();
            if (bytes[i++] == '\n') {
              endRecord();
            }
          }
        }
        case QUOTED -> {
          int run = i;
          while (run < end && bytes[run] != '"') {
            run++;
          }
          digests.append(bytes, i, run - i);
          i = run;
          if (i < end) {
            i++;
            state = State.QUOTE_IN_QUOTED;
          }
        }
        case QUOTE_IN_QUOTED -> {
          byte b = bytes[i++];
          if (b == '"') {
            digests.append(b);
            state = State.QUOTED;
          } else if (b == ',' || b == '\n') {
            endField();
            if (b == '\n') {
              endRecord();
            }
          } else {
            problem("a quoted value is followed by text before its comma");
            digests.append(b);
            state = State.UNQUOTED;
          }
        }
      }
    }
  }

  /**
   * Where the quoted value that starts at {@code bytes[from]} ends (its closing quote), when this
   * piece holds all of it and the byte after it; -1 otherwise. A value found whole has a known
   * length, so a large one is digested where it lies instead of being copied.
   */
  private static int closingQuote(byte[] bytes, int from, int end) {
    int i = from;
    while (i < end) {
      if (bytes[i] != '"') {
        i++;
      } else if (i + 1 >= end) {
        return -1;
      } else if (bytes[i + 1] == '"') {
        i += 2;
      } else {
        return i;
      }
    }
    return -1;
  }

  /** Digests the quoted value in {@code bytes[from, close)}, a doubled quote standing for one. */
  private void appendQuoted(byte[] bytes, int from, int close) {
    int doubled = 0;
    for (int i = from; i < close; i++) {
      if (bytes[i] == '"') {
        doubled++;
        i++;
      }
    }
    digests.beginValue(close - from - doubled);
    int i = from;
    while (i < close) {
      int quote = i;
      while (quote < close && bytes[quote] != '"') {
        quote++;
      }
      if (quote < close) {
        digests.append(bytes, i, quote + 1 - i);
        i = quote + 2;
      } else {
        digests.append(bytes, i, quote - i);
        i = quote;
      }
    }
  }

  private void nullField() {
    digests.addNull();
    fields++;
  }

  private void endField() {
    digests.endValue();
    fields++;
    state = State.FIELD_START;
  }

  private void endRecord() {
    state = State.FIELD_START;
    if (fields != columns) {
      problem("a record holds " + fields + " values, the file's columns are " + columns);
    }
    if (inHeader) {
      inHeader = false;
      digests.discardRow();
    } else {
      digests.endRow();
    }
    fields = 0;
    recordStarted = false;
  }

  private void problem(String what) {
    if (malformed == null) {
      malformed = what;
    }
  }

  /**
   * Ends the text: a last record without its newline still counts.
   *
   * @return why the text is not well-formed CSV of the file's columns, if it is not
   */
  public Optional<String> finish() {
    if (state == State.QUOTED) {
      problem("it ends inside a quoted value");
    } else if (recordStarted) {
      feed(new byte[] {'\n'}, 0, 1);
    }
    if (inHeader) {
      problem("it has no header line");
    }
    return Optional.ofNullable(malformed);
  }

  /** The fingerprint of the records read so far, without the header. */
  public Fingerprint fingerprint() {
    return digests.fingerprint();
  }
}
