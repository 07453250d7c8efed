package io.pgsnap;

import io.pgsnap.catalog.TableId;

/**
 * Hears how a long operation advances, e.g. to draw a progress bar. Called from worker threads, so
 * implementations must be thread-safe and quick. Every method has an empty default.
 */
public interface ProgressListener {
  /** A listener that ignores everything. */
  ProgressListener NONE = new ProgressListener() {};

  /**
   * The work is planned.
   *
   * @param tables how many tables will be processed
   * @param estimatedRows the planner's estimate of all their rows
   * @param estimatedBytes an estimate of all their bytes
   */
  default void planned(int tables, long estimatedRows, long estimatedBytes) {}

  /** A worker started on a table. */
  default void tableStarted(TableId table) {}

  /**
   * More rows of a table are done. Called every few thousand rows.
   *
   * @param rows rows done since the previous call for this table
   * @param bytes uncompressed bytes done since the previous call for this table
   */
  default void advanced(TableId table, long rows, long bytes) {}

  /** A table is done. */
  default void tableFinished(TableId table, long rows, long storedBytes) {}
}
