package io.pgsnap.retention;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Walks and deletes the folder tree of one snapshot without ever following a symbolic link: a link
 * inside is counted, dated and deleted as the link itself, and whatever it points to is never read,
 * changed or removed.
 */
final class FolderTrees {
  private FolderTrees() {}

  /** The bytes of the regular files below {@code folder} (links count nothing). */
  static long size(Path folder) throws IOException {
    long[] total = {0};
    Files.walkFileTree(
        folder,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
            if (attributes.isRegularFile()) {
              total[0] += attributes.size();
            }
            return FileVisitResult.CONTINUE;
          }
        });
    return total[0];
  }

  /**
   * When anything in {@code folder} (the folder itself included) last changed. A running export
   * appends to one table file for as long as that table takes, which leaves the folder's own
   * modification time alone; this sees the file.
   */
  static Instant lastChange(Path folder) throws IOException {
    Instant[] newest = {Instant.MIN};
    Files.walkFileTree(
        folder,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
            note(attributes);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
            note(attributes);
            return FileVisitResult.CONTINUE;
          }

          private void note(BasicFileAttributes attributes) {
            Instant t = attributes.lastModifiedTime().toInstant();
            if (t.isAfter(newest[0])) {
              newest[0] = t;
            }
          }
        });
    return newest[0];
  }

  /**
   * Deletes the directory {@code name} inside {@code parent} and everything below it. Where the
   * platform offers it (Linux does), every step works relative to an open directory and refuses to
   * follow links, so even a folder swapped for a link while pruning runs is not followed; elsewhere
   * a file-tree walk that does not follow links does the same.
   *
   * @throws NotDirectoryException or another {@link IOException} when {@code name} is no longer a
   *     real directory, or something in it cannot be deleted
   */
  static void delete(Path parent, Path name) throws IOException {
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(parent)) {
      if (stream instanceof SecureDirectoryStream<Path> secureParent) {
        deleteDirectory(secureParent, name);
        return;
      }
    }
    Path folder = parent.resolve(name);
    if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
      throw new NotDirectoryException(folder.toString());
    }
    Files.walkFileTree(
        folder,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attributes)
              throws IOException {
            Files.delete(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
            if (e != null) {
              throw e;
            }
            Files.delete(dir);
            return FileVisitResult.CONTINUE;
          }
        });
  }

  private static void deleteDirectory(SecureDirectoryStream<Path> parent, Path name)
      throws IOException {
    // NOFOLLOW_LINKS opens with O_NOFOLLOW: a link here fails instead of being entered.
    try (SecureDirectoryStream<Path> dir =
        parent.newDirectoryStream(name, LinkOption.NOFOLLOW_LINKS)) {
      // Names first, then deletions: no unlinking while the directory is being read.
      List<Path> children = new ArrayList<>();
      for (Path child : dir) {
        children.add(child.getFileName());
      }
      for (Path child : children) {
        BasicFileAttributes attributes =
            dir.getFileAttributeView(child, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                .readAttributes();
        if (attributes.isDirectory()) {
          deleteDirectory(dir, child);
        } else {
          dir.deleteFile(child);
        }
      }
    }
    parent.deleteDirectory(name);
  }
}
