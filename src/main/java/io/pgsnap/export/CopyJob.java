package io.pgsnap.export;

import io.pgsnap.catalog.Table;
import java.util.Objects;

/**
 * One file an export writes: a whole table, or one block range of a table it splits.
 *
 * @param table the table read
 * @param file the file written, relative to the snapshot folder
 * @param blocks the block range read, or null for the whole table
 * @param estimatedBytes about how much of the table this reads, to start the largest first
 */
record CopyJob(Table table, String file, BlockRange blocks, long estimatedBytes) {
  CopyJob {
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(file, "file");
  }

  /** The job that reads all of {@code table} into {@code file}. */
  static CopyJob whole(Table table, String file) {
    return new CopyJob(table, file, null, table.estimatedBytes());
  }
}
