package io.pgsnap.fingerprint;

/**
 * Fingerprints rows in COPY's text format, one row per call, as {@code COPY ... TO STDOUT} sends
 * them: each protocol message holds exactly one row, ending in a newline.
 */
public final class TextRows {
  private final int columns;
  private final RowDigests digests;

  /**
   * @param columns how many values each row holds
   */
  public TextRows(int columns) {
    this(columns, RowListener.NONE);
  }

  /**
   * @param columns how many values each row holds
   * @param listener hears each row's values and digest
   */
  public TextRows(int columns, RowListener listener) {
    this.columns = columns;
    this.digests = new RowDigests(listener);
  }

  /** Adds one row, with or without its trailing newline. */
  public void add(byte[] row) {
    add(row, 0, row.length);
  }

  /** Adds the row in {@code row[from, to)}, with or without its trailing newline. */
  public void add(byte[] row, int from, int to) {
    int end = to;
    if (end > from && row[end - 1] == '\n') {
      end--;
    }
    int pos = from;
    for (int i = 0; i < columns; i++) {
      int fieldEnd = indexOf(row, (byte) '\t', pos, end);
      if (CopyText.isNull(row, pos, fieldEnd)) {
        digests.addNull();
      } else if (indexOf(row, (byte) '\\', pos, fieldEnd) == fieldEnd) {
        digests.addValue(row, pos, fieldEnd - pos);
      } else {
        digests.addUnescaped(row, pos, fieldEnd);
      }
      pos = fieldEnd + 1;
    }
    digests.endRow();
  }

  private static int indexOf(byte[] row, byte wanted, int from, int end) {
    for (int i = from; i < end; i++) {
      if (row[i] == wanted) {
        return i;
      }
    }
    return end;
  }

  /** The fingerprint of the rows added so far. */
  public Fingerprint fingerprint() {
    return digests.fingerprint();
  }
}
