package io.pgsnap;

/**
 * Turns the Java heap running out into a failure a user can act on. pgsnap streams table files in
 * constant memory, but the driver hands over each row of a {@code COPY} whole, so a table whose
 * rows are larger than the heap allows still cannot be read.
 */
public final class OutOfMemory {
  /** How to give pgsnap more memory; the launcher's own default option is kept. */
  public static final String ADVICE =
      "give Java a larger heap, e.g. PGSNAP_JAVA_OPTS='-XX:+UseSerialGC -Xmx4g' (pgsnap needs"
          + " about twice the largest row)";

  private OutOfMemory() {}

  /**
   * The failure for running out of memory while {@code doing} something, e.g. "exporting table
   * public.docs".
   */
  public static PgsnapException during(String doing, OutOfMemoryError e) {
    return new PgsnapException(ErrorCode.FAILURE, message(doing), e);
  }

  /**
   * The one line that says memory ran out while {@code doing} something (empty when unknown), and
   * what to do.
   */
  public static String message(String doing) {
    return "ran out of memory"
        + (doing.isEmpty() ? "" : " " + doing)
        + " (Java heap at most "
        + Runtime.getRuntime().maxMemory() / (1024 * 1024)
        + " MiB): "
        + ADVICE;
  }
}
