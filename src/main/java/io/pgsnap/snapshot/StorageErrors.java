package io.pgsnap.snapshot;

import io.pgsnap.ErrorCode;
import io.pgsnap.PgsnapException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.Locale;

/** Turns file-system failures into messages that say what to do. */
public final class StorageErrors {
  private StorageErrors() {}

  /** A failure to write {@code path}: disk full, permission denied, or another I/O error. */
  public static PgsnapException writeFailed(Path path, IOException e) {
    String reason = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
    if (reason.contains("no space left") || reason.contains("disk quota exceeded")) {
      return new PgsnapException(
          ErrorCode.STORAGE,
          "disk full while writing "
              + path
              + ": free space on that file system or choose another --out folder",
          e);
    }
    if (e instanceof AccessDeniedException) {
      return new PgsnapException(
          ErrorCode.STORAGE,
          "permission denied writing "
              + path
              + ": make the folder writable for this user or choose another --out folder",
          e);
    }
    String detail =
        e instanceof FileSystemException fse && fse.getReason() != null
            ? fse.getReason()
            : String.valueOf(e.getMessage());
    return new PgsnapException(ErrorCode.STORAGE, "could not write " + path + ": " + detail, e);
  }

  /** A failure to read {@code path}: permission denied, or another I/O error. */
  public static PgsnapException readFailed(Path path, IOException e) {
    return readFailed(path.toString(), e);
  }

  /** A failure to read {@code location}, a folder path or a URL. */
  public static PgsnapException readFailed(String path, IOException e) {
    if (e instanceof AccessDeniedException) {
      return new PgsnapException(
          ErrorCode.STORAGE,
          "permission denied reading " + path + ": run as the user that owns the snapshots",
          e);
    }
    String detail =
        e instanceof FileSystemException fse && fse.getReason() != null
            ? fse.getReason()
            : String.valueOf(e.getMessage());
    return new PgsnapException(ErrorCode.STORAGE, "could not read " + path + ": " + detail, e);
  }
}
