package io.pgsnap.fingerprint;

import java.math.BigInteger;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The content fingerprint of a set of rows: how many there are, and the sum modulo 2<sup>256</sup>
 * of their row digests. Being a sum, it does not depend on the rows' order, and the fingerprints of
 * disjoint parts of a table add up to the table's.
 *
 * <p>A row's digest is the SHA-256 of its values in column order, each written as a 4-byte
 * big-endian signed length followed by that many bytes: the value's text as PostgreSQL prints it
 * (its output function under pgsnap's pinned session settings, in UTF-8), or the length -1 and no
 * bytes for SQL NULL. This is the layout of a value in PostgreSQL's protocol messages, so it is
 * neither ambiguous nor tied to CSV or JSON quoting. The sum treats each digest as an unsigned
 * 256-bit big-endian number, and is written as 64 lower-case hex digits.
 *
 * @param rows how many rows
 * @param sum the sum of their row digests, 64 lower-case hex digits
 */
public record Fingerprint(long rows, String sum) {
  private static final Pattern SUM = Pattern.compile("[0-9a-f]{64}");
  private static final BigInteger MODULUS = BigInteger.ONE.shiftLeft(256);

  /** The fingerprint of no rows. */
  public static final Fingerprint EMPTY = new Fingerprint(0, "0".repeat(64));

  public Fingerprint {
    if (rows < 0) {
      throw new IllegalArgumentException("a fingerprint's row count cannot be negative: " + rows);
    }
    Objects.requireNonNull(sum, "sum");
    if (!SUM.matcher(sum).matches()) {
      throw new IllegalArgumentException(
          "a fingerprint's sum is 64 lower-case hex digits, not \"" + sum + "\"");
    }
  }

  /** The fingerprint of these rows and {@code other}'s together (disjoint parts of one table). */
  public Fingerprint plus(Fingerprint other) {
    BigInteger total = new BigInteger(sum, 16).add(new BigInteger(other.sum, 16)).mod(MODULUS);
    return new Fingerprint(rows + other.rows, hex(total));
  }

  static String hex(BigInteger value) {
    String digits = value.toString(16);
    return "0".repeat(64 - digits.length()) + digits;
  }

  /** The sum's first 16 digits, enough to tell two fingerprints apart in a report. */
  public String shortSum() {
    return sum.substring(0, 16);
  }
}
