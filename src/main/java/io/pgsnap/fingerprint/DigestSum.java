package io.pgsnap.fingerprint;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.HexFormat;

/**
 * Sums of SHA-256 digests modulo 2<sup>256</sup>, each held as four longs (most significant word
 * first) at an offset of a {@code long[]}, so that many sums (a table's, or one per key bucket) fit
 * in one array and adding a digest allocates nothing.
 */
final class DigestSum {
  /** How many bytes a SHA-256 digest has. */
  static final int DIGEST_LENGTH = 32;

  /** How many longs one sum takes. */
  static final int WORDS = 4;

  private static final VarHandle LONG_BE =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  private DigestSum() {}

  /** Adds {@code digest}, an unsigned 256-bit big-endian number, into the sum at {@code at}. */
  static void add(long[] sums, int at, byte[] digest) {
    // Carries come from bit arithmetic, not Long.compareUnsigned: OpenJDK 17's C2 gives up on
    // compiling the compare form inlined into the row loop (printing "Default case invoked" on
    // stdout) and leaves the hottest method of an export to the slower C1 code.
    long carry = 0;
    for (int word = WORDS - 1; word >= 0; word--) {
      long a = sums[at + word];
      long b = (long) LONG_BE.get(digest, word * 8);
      long partial = a + b;
      long total = partial + carry;
      long carryOfAdd = ((a & b) | ((a | b) & ~partial)) >>> 63;
      long carryOfCarry = (partial & ~total) >>> 63;
      carry = carryOfAdd | carryOfCarry;
      sums[at + word] = total;
    }
  }

  /** The sum at {@code at} as 64 lower-case hex digits. */
  static String hex(long[] sums, int at) {
    byte[] bytes = new byte[DIGEST_LENGTH];
    for (int word = 0; word < WORDS; word++) {
      LONG_BE.set(bytes, word * 8, sums[at + word]);
    }
    return HexFormat.of().formatHex(bytes);
  }
}
