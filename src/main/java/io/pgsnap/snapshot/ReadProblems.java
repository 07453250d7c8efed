package io.pgsnap.snapshot;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;

/** The wording shared by everything that reports a damaged snapshot. */
public final class ReadProblems {
  /** What to do about a damaged snapshot. */
  public static final String RESTORE_OR_RETAKE =
      "restore it from another copy or take a new snapshot";

  /**
   * The most a record file (a manifest, {@code SHA256SUMS}, a signature) may hold: far above any
   * that pgsnap writes, and a bound on what a forged snapshot can make pgsnap hold in memory.
   */
  public static final int MAX_RECORD_BYTES = 256 << 20;

  private ReadProblems() {}

  /**
   * All of a record file, at most {@link #MAX_RECORD_BYTES}.
   *
   * @throws IOException when it cannot be read, or holds more, which no record pgsnap writes does
   */
  public static byte[] readRecord(InputStream in) throws IOException {
    byte[] bytes = in.readNBytes(MAX_RECORD_BYTES + 1);
    if (bytes.length > MAX_RECORD_BYTES) {
      throw new IOException(
          "it holds more than "
              + (MAX_RECORD_BYTES >> 20)
              + " MiB, which no record pgsnap writes does");
    }
    return bytes;
  }

  /** Why a file could not be read, and what to do. */
  public static String unreadable(IOException e) {
    if (e instanceof AccessDeniedException) {
      return "permission denied: run as the user that owns the snapshots";
    }
    String reason =
        e instanceof FileSystemException fse && fse.getReason() != null
            ? fse.getReason()
            : describe(e);
    return "could not be read (" + reason + "); check the disk, then " + RESTORE_OR_RETAKE;
  }

  /** An exception's message, or its class when it has none. */
  public static String describe(Exception e) {
    String message = e.getMessage();
    return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
  }

  /** That an entry is a link, folder or special file where a file belongs. */
  public static String notAFile(SnapshotStore.Type type) {
    return "is "
        + SnapshotStore.describe(type)
        + ", not the file pgsnap wrote; replace it with the file from another copy or take a new"
        + " snapshot";
  }
}
