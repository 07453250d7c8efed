package io.pgsnap.fingerprint;

/**
 * 32-bit big-endian integers in byte arrays, written and read one byte at a time. The fingerprint
 * code used byte-array view VarHandles for this; in long test runs OpenJDK 17's C2 then produced
 * fingerprints that ignored the values' bytes (an UPDATE that kept a value's length went unseen),
 * which plain byte stores and loads leave no room for.
 */
final class BigEndian {
  private BigEndian() {}

  /** Writes {@code value} into {@code bytes[at, at + 4)}, most significant byte first. */
  static void putInt(byte[] bytes, int at, int value) {
    bytes[at] = (byte) (value >>> 24);
    bytes[at + 1] = (byte) (value >>> 16);
    bytes[at + 2] = (byte) (value >>> 8);
    bytes[at + 3] = (byte) value;
  }

  /** Reads the integer in {@code bytes[at, at + 4)}, most significant byte first. */
  static int getInt(byte[] bytes, int at) {
    return (bytes[at] & 0xFF) << 24
        | (bytes[at + 1] & 0xFF) << 16
        | (bytes[at + 2] & 0xFF) << 8
        | (bytes[at + 3] & 0xFF);
  }
}
