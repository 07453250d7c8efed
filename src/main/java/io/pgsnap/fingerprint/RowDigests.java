package io.pgsnap.fingerprint;

import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Objects;

/**
 * Builds a {@link Fingerprint} row by row: each row's values are laid out in one reusable buffer,
 * digested with a single SHA-256 call, and the digest added into a 256-bit sum held as four longs,
 * so nothing is allocated per row. A large value whose length is known beforehand is digested where
 * it lies instead, when no listener needs the row laid out, so a value of hundreds of megabytes is
 * never copied. Not thread-safe: one per stream of rows.
 */
public final class RowDigests {

  /** Values at least this long are digested in place when nobody listens for the laid-out row. */
  private static final int IN_PLACE = 64 * 1024;

  private final MessageDigest sha256;
  private final byte[] lengthBytes = new byte[4];
  private final byte[] escapedByte = new byte[1];
  private final byte[] digest = new byte[DigestSum.DIGEST_LENGTH];
  private final RowListener listener;

  /** The sum's four 64-bit words, most significant first. */
  private final long[] sum = new long[DigestSum.WORDS];

  private byte[] row = new byte[1024];
  private int length;
  private int valueStart = -1;
  private long rows;

  /** Whether the current value is digested in place rather than laid out. */
  private boolean inPlace;

  /** Bytes still expected of a value digested in place. */
  private long inPlaceRemaining;

  /** Row digests that nobody but the fingerprint hears of. */
  public RowDigests() {
    this(RowListener.NONE);
  }

  /**
   * @param listener hears each row's values and digest as the row ends
   */
  public RowDigests(RowListener listener) {
    this.listener = Objects.requireNonNull(listener, "listener");
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
    }
  }

  /** Adds a SQL NULL to the current row. */
  public void addNull() {
    ensure(4);
    BigEndian.putInt(row, length, -1);
    length += 4;
  }

  /** Adds a whole value, given as the UTF-8 bytes of its text, to the current row. */
  public void addValue(byte[] bytes, int offset, int count) {
    beginValue(count);
    append(bytes, offset, count);
    endValue();
  }

  /**
   * Starts a value of unknown length whose bytes follow through {@link #append} and end with {@link
   * #endValue}; the value is held until it ends, as its length comes before it in the digest.
   */
  public void beginValue() {
    ensure(4);
    valueStart = length;
    length += 4;
  }

  /**
   * Starts a value of exactly {@code size} bytes, which follow through {@link #append} and end with
   * {@link #endValue}. A large one is digested as its pieces arrive, without being held.
   */
  public void beginValue(int size) {
    if (size < IN_PLACE || listener != RowListener.NONE) {
      beginValue();
      return;
    }
    sha256.update(row, 0, length);
    length = 0;
    BigEndian.putInt(lengthBytes, 0, size);
    sha256.update(lengthBytes);
    inPlace = true;
    inPlaceRemaining = size;
  }

  /** Appends bytes to the value begun with {@link #beginValue}. */
  public void append(byte[] bytes, int offset, int count) {
    if (inPlace) {
      sha256.update(bytes, offset, count);
      inPlaceRemaining -= count;
      return;
    }
    ensure(count);
    System.arraycopy(bytes, offset, row, length, count);
    length += count;
  }

  /**
   * Adds a whole value given in COPY's text format, escaped, to the current row; see {@link
   * CopyText#unescape}.
   */
  public void addUnescaped(byte[] escaped, int from, int to) {
    if (to - from < IN_PLACE || listener != RowListener.NONE) {
      beginValue();
      ensure(to - from);
      length = CopyText.unescape(escaped, from, to, row, length);
      endValue();
      return;
    }
    beginValue(CopyText.unescapedLength(escaped, from, to));
    int i = from;
    while (i < to) {
      int run = i;
      while (run < to && escaped[run] != '\\') {
        run++;
      }
      append(escaped, i, run - i);
      i = run;
      if (i < to) {
        int end = CopyText.escapeEnd(escaped, i, to);
        CopyText.unescape(escaped, i, end, escapedByte, 0);
        append(escapedByte[0]);
        i = end;
      }
    }
    endValue();
  }

  /** Appends one byte to the value begun with {@link #beginValue}. */
  public void append(byte b) {
    if (inPlace) {
      sha256.update(b);
      inPlaceRemaining--;
      return;
    }
    ensure(1);
    row[length++] = b;
  }

  /** Ends the value begun with {@link #beginValue}, writing its length before it. */
  public void endValue() {
    if (inPlace) {
      if (inPlaceRemaining != 0) {
        throw new IllegalStateException(
            "a value digested in place differs from its length by " + inPlaceRemaining + " bytes");
      }
      inPlace = false;
      return;
    }
    BigEndian.putInt(row, valueStart, length - valueStart - 4);
    valueStart = -1;
  }

  /** Ends the current row: digests it and adds the digest into the sum. */
  public void endRow() {
    sha256.update(row, 0, length);
    try {
      sha256.digest(digest, 0, DigestSum.DIGEST_LENGTH);
    } catch (DigestException e) {
      throw new IllegalStateException("a SHA-256 digest did not fit 32 bytes", e);
    }
    DigestSum.add(sum, 0, digest);
    listener.row(row, length, digest);
    length = 0;
    rows++;
  }

  /** Forgets the current row's values without counting it (a CSV header). */
  public void discardRow() {
    length = 0;
    valueStart = -1;
    inPlace = false;
    sha256.reset();
  }

  /** How many rows were ended so far. */
  public long rows() {
    return rows;
  }

  /** The fingerprint of the rows ended so far. */
  public Fingerprint fingerprint() {
    return new Fingerprint(rows, DigestSum.hex(sum, 0));
  }

  private void ensure(int more) {
    if (row.length - length < more) {
      long needed = (long) length + more;
      if (needed > Integer.MAX_VALUE - 8) {
        throw new IllegalStateException("a row is too large to fingerprint: " + needed + " bytes");
      }
      row =
          Arrays.copyOf(
              row, (int) Math.max(needed, Math.min(Integer.MAX_VALUE - 8, 2L * row.length)));
    }
  }
}
