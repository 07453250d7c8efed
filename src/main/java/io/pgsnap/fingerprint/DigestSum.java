package io.pgsnap.fingerprint;

import java.util.HexFormat;

/**
 * Sums of SHA-256 digests modulo 2<sup>256</sup>, each held as eight 32-bit limbs in longs (most
 * significant first) at an offset of a {@code long[]}, so that many sums (a table's, or one per key
 * bucket) fit in one array and adding a digest allocates nothing.
 */
final class DigestSum {
  /** How many bytes a SHA-256 digest has. */
  static final int DIGEST_LENGTH = 32;

  /** How many longs one sum takes. */
  static final int WORDS = 8;

  private static final long LIMB = 0xFFFF_FFFFL;

  private DigestSum() {}

  /** Adds {@code digest}, an unsigned 256-bit big-endian number, into the sum at {@code at}. */
  static void add(long[] sums, int at, byte[] digest) {
    // 32-bit limbs in 64-bit longs: a limb sum plus its carry never overflows, so the carry is
    // plain arithmetic. Detecting 64-bit overflow took Long.compareUnsigned, which OpenJDK 17's C2
    // refused to compile here (printing "Default case invoked" on stdout).
    long carry = 0;
    for (int limb = WORDS - 1; limb >= 0; limb--) {
      long total = sums[at + limb] + (BigEndian.getInt(digest, limb * 4) & LIMB) + carry;
      sums[at + limb] = total & LIMB;
      carry = total >>> 32;
    }
  }

  /** The sum at {@code at} as 64 lower-case hex digits. */
  static String hex(long[] sums, int at) {
    byte[] bytes = new byte[DIGEST_LENGTH];
    for (int limb = 0; limb < WORDS; limb++) {
      BigEndian.putInt(bytes, limb * 4, (int) sums[at + limb]);
    }
    return HexFormat.of().formatHex(bytes);
  }
}
