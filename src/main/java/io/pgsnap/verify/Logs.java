package io.pgsnap.verify;

import io.pgsnap.snapshot.OperationLog;
import java.nio.file.Path;
import java.util.Map;

/** Appends operation records to {@code pgsnap.log} without ever failing the operation. */
final class Logs {

  private Logs() {}

  /**
   * Appends {@code entry} to the log in {@code dir}. A folder that does not exist is not created: a
   * check of a mistyped path must not leave a folder behind. A failure to write is a warning, since
   * the operation itself has already succeeded or failed.
   */
  static void append(Path dir, Map<String, Object> entry) {
    if (dir != null) {
      new OperationLog(dir).appendIfFolderExists(entry);
    }
  }
}
