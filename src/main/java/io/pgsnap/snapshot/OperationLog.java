package io.pgsnap.snapshot;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code pgsnap.log} in a snapshot folder's parent: one JSON object per line for every operation,
 * appended with one write so concurrent runs do not interleave lines.
 */
public final class OperationLog {
  public static final String FILE_NAME = "pgsnap.log";

  private static final Logger log = LoggerFactory.getLogger(OperationLog.class);

  private final Path file;
  private final ObjectMapper mapper = ManifestJson.newMapper();

  public OperationLog(Path outDir) {
    this.file = outDir.resolve(FILE_NAME);
  }

  /**
   * Appends one line. {@code entry} should hold {@code time}, {@code command}, {@code outcome} and
   * {@code durationMs}, plus figures. Never pass anything that could hold a password.
   *
   * @throws IOException when the log cannot be written; callers report it as a warning, since the
   *     operation itself has already succeeded or failed
   */
  public void append(Map<String, Object> entry) throws IOException {
    byte[] line;
    try {
      line = (mapper.writeValueAsString(entry) + "\n").getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("could not serialise a log entry", e);
    }
    Files.createDirectories(file.getParent());
    try (FileChannel channel =
        FileChannel.open(
            file,
            Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND),
            OwnerOnly.fileAttributes(file))) {
      ByteBuffer buffer = ByteBuffer.wrap(line);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
    }
  }

  /**
   * Appends one line to the log of an existing folder, and only warns when that fails: the
   * operation has already succeeded or failed, and a missing folder (a mistyped path) is not
   * created just to log it.
   */
  public void appendIfFolderExists(Map<String, Object> entry) {
    if (!Files.isDirectory(file.getParent())) {
      log.debug("not logging {}: {} is not a folder", entry.get("command"), file.getParent());
      return;
    }
    try {
      append(entry);
    } catch (IOException | RuntimeException e) {
      log.warn("could not append to {}: {}", file, e.toString());
    }
  }

  /** The log file's path. */
  public Path file() {
    return file;
  }
}
