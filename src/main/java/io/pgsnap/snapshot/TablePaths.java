package io.pgsnap.snapshot;

import java.util.Optional;

/**
 * The rule for the file paths a manifest or {@code SHA256SUMS} lists: a file directly inside {@code
 * tables/}, written as a plain relative path. A snapshot is untrusted input, and a path that could
 * leave the folder would let it make pgsnap read any file on the machine.
 */
public final class TablePaths {
  private static final String PREFIX = SnapshotWriter.TABLES + "/";

  private TablePaths() {}

  /**
   * Why {@code path} is not a table file path, in words that follow "it": "is absolute", "has a
   * '..' segment".
   *
   * @return the reason, or empty when the path is acceptable
   */
  public static Optional<String> problem(String path) {
    if (path.isEmpty()) {
      return Optional.of("is empty");
    }
    if (path.indexOf('\0') >= 0) {
      return Optional.of("contains a NUL character");
    }
    if (path.indexOf('\\') >= 0) {
      return Optional.of("contains a backslash");
    }
    if (path.startsWith("/") || path.matches("^[A-Za-z]:.*")) {
      return Optional.of("is absolute");
    }
    for (String segment : path.split("/", -1)) {
      if (segment.equals("..")) {
        return Optional.of("has a '..' segment");
      }
      if (segment.equals(".")) {
        return Optional.of("has a '.' segment");
      }
    }
    if (!path.startsWith(PREFIX)) {
      return Optional.of("is outside tables/");
    }
    String name = path.substring(PREFIX.length());
    if (name.isEmpty() || name.indexOf('/') >= 0) {
      return Optional.of("does not name a file directly inside tables/");
    }
    return Optional.empty();
  }

  /** Whether {@code path} names a file directly inside {@code tables/}. */
  public static boolean isTableFile(String path) {
    return problem(path).isEmpty();
  }
}
