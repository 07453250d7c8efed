package io.pgsnap.fingerprint;

/**
 * COPY's text format, as {@code COPY ... TO STDOUT} without options prints rows: values separated
 * by tabs, {@code \N} for NULL, and backslash escapes for backslash and control characters.
 */
public final class CopyText {
  private CopyText() {}

  /** Whether {@code row[from, to)} is the text format's NULL, {@code \N}. */
  public static boolean isNull(byte[] row, int from, int to) {
    return to - from == 2 && row[from] == '\\' && row[from + 1] == 'N';
  }

  /**
   * Where the escape that starts at {@code row[at]} (a backslash) ends, within {@code row[at, to)}.
   * Every escape stands for exactly one byte, which {@link #unescape} of {@code row[at, end)}
   * yields.
   */
  public static int escapeEnd(byte[] row, int at, int to) {
    if (at + 1 >= to) {
      return to; // a trailing lone backslash stands for itself
    }
    byte e = row[at + 1];
    int i = at + 2;
    if (e == 'x') {
      for (int digits = 0; digits < 2 && i < to && Character.digit(row[i], 16) >= 0; digits++) {
        i++;
      }
    } else if (e >= '0' && e <= '7') {
      for (int digits = 1; digits < 3 && i < to && row[i] >= '0' && row[i] <= '7'; digits++) {
        i++;
      }
    }
    return i;
  }

  /** How many bytes {@code row[from, to)} holds once unescaped, counted without copying. */
  public static int unescapedLength(byte[] row, int from, int to) {
    int length = 0;
    int i = from;
    while (i < to) {
      if (row[i] == '\\') {
        i = escapeEnd(row, i, to);
      } else {
        i++;
      }
      length++;
    }
    return length;
  }

  /**
   * Undoes the text format's escaping of {@code row[from, to)} into {@code out} from {@code
   * outFrom}, which must have room for {@code to - from} bytes (the unescaped value is never
   * longer); returns where the value ends in {@code out}.
   */
  public static int unescape(byte[] row, int from, int to, byte[] out, int outFrom) {
    int n = outFrom;
    int i = from;
    while (i < to) {
      int run = i;
      while (run < to && row[run] != '\\') {
        run++;
      }
      System.arraycopy(row, i, out, n, run - i);
      n += run - i;
      i = run;
      if (i >= to) {
        break;
      }
      if (i + 1 >= to) {
        out[n++] = row[i++]; // a trailing lone backslash stands for itself
        break;
      }
      byte e = row[i + 1];
      i += 2;
      switch (e) {
        case 'b' -> out[n++] = '\b';
        case 'f' -> out[n++] = '\f';
        case 'n' -> out[n++] = '\n';
        case 'r' -> out[n++] = '\r';
        case 't' -> out[n++] = '\t';
        case 'v' -> out[n++] = 0x0b;
        case 'x' -> {
          int value = 0;
          int digits = 0;
          while (digits < 2 && i < to && Character.digit(row[i], 16) >= 0) {
            value = value * 16 + Character.digit(row[i++], 16);
            digits++;
          }
          out[n++] = digits == 0 ? (byte) 'x' : (byte) value;
        }
        default -> {
          if (e >= '0' && e <= '7') {
            int value = e - '0';
            for (int digits = 1; digits < 3 && i < to && row[i] >= '0' && row[i] <= '7'; digits++) {
              value = value * 8 + (row[i++] - '0');
            }
            out[n++] = (byte) value;
          } else {
            out[n++] = e; // \\ and any other escaped character stand for themselves
          }
        }
      }
    }
    return n;
  }
}
