package io.pgsnap.snapshot;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;

/** The wording shared by everything that reports a damaged snapshot. */
public final class ReadProblems {
  /** What to do about a damaged snapshot. */
  public static final String RESTORE_OR_RETAKE =
      "restore it from another copy or take a new snapshot";

  private ReadProblems() {}

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
