package io.pgsnap.verify;

import io.pgsnap.snapshot.OperationLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Appends operation records to {@code pgsnap.log} without ever failing the operation. */
final class Logs {
  private static final Logger log = LoggerFactory.getLogger(Logs.class);

  private Logs() {}

  /**
   * Appends {@code entry} to the log in {@code dir}. A folder that does not exist is not created: a
   * check of a mistyped path must not leave a folder behind. A failure to write is a warning, since
   * the operation itself has already succeeded or failed.
   */
  static void append(Path dir, Map<String, Object> entry) {
    if (dir == null || !Files.isDirectory(dir)) {
      return;
    }
    OperationLog operationLog = new OperationLog(dir);
    try {
      operationLog.append(entry);
    } catch (IOException | RuntimeException e) {
      log.warn("could not append to {}: {}", operationLog.file(), e.toString());
    }
  }
}
