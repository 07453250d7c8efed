package io.pgsnap.fingerprint;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A value held whole: one read before the columns ahead of it, kept until its turn, or a column
 * name (bounded by the reader).
 */
final class HeldValue implements JsonLinesReader.Values {
  private byte[] bytes = new byte[64];
  private int length;
  private boolean isNull;

  @Override
  public void nullValue() {
    isNull = true;
  }

  @Override
  public void beginValue() {}

  @Override
  public void text(byte[] piece, int offset, int count) {
    if (bytes.length - length < count) {
      bytes = Arrays.copyOf(bytes, Math.max(length + count, 2 * bytes.length));
    }
    System.arraycopy(piece, offset, bytes, length, count);
    length += count;
  }

  @Override
  public void endValue() {}

  @Override
  public void endRow() {}

  void clear() {
    length = 0;
    isNull = false;
  }

  /** The held bytes as text. */
  String text() {
    return new String(bytes, 0, length, StandardCharsets.UTF_8);
  }

  boolean holds(byte[] text) {
    return Arrays.equals(bytes, 0, length, text, 0, text.length);
  }

  void replay(JsonLinesReader.Values values) throws IOException {
    if (isNull) {
      values.nullValue();
      return;
    }
    values.beginValue();
    values.text(bytes, 0, length);
    values.endValue();
  }
}
