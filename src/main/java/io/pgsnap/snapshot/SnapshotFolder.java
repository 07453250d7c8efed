package io.pgsnap.snapshot;

import io.pgsnap.ErrorCode;
import io.pgsnap.PgsnapException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The snapshots in a folder (the {@code --out} folder of export): which folders are snapshots,
 * complete or partial, and when each was taken. Only real directories whose names have the form of
 * a snapshot id (optionally with {@code .partial}) count; symbolic links and anything else are
 * ignored, so nothing else in the folder is ever mistaken for a snapshot.
 */
public final class SnapshotFolder {
  private final Path dir;

  public SnapshotFolder(Path dir) {
    this.dir = Objects.requireNonNull(dir, "dir");
  }

  /** The folder. */
  public Path dir() {
    return dir;
  }

  /**
   * One snapshot folder.
   *
   * @param id the snapshot id (the folder name without {@code .partial})
   * @param path the folder
   * @param partial whether the folder still has the {@code .partial} suffix: being written, or
   *     abandoned by an export that died
   * @param takenAt when the export started, from the id (UTC, to the second)
   * @param modifiedAt when the folder last changed, to tell an abandoned partial from a running one
   */
  public record Entry(String id, Path path, boolean partial, Instant takenAt, Instant modifiedAt) {
    /**
     * The manifest of a complete snapshot, for a listing; see {@link
     * SnapshotReader#manifestForListing}: read safely, but not checked.
     */
    public Manifest manifest() {
      return SnapshotReader.manifestForListing(path);
    }
  }

  /**
   * Every snapshot folder, complete and partial, newest first (ties by id).
   *
   * @throws PgsnapException {@link ErrorCode#STORAGE} when the folder is missing or unreadable
   */
  public List<Entry> scan() {
    List<Entry> entries = new ArrayList<>();
    try (DirectoryStream<Path> children = Files.newDirectoryStream(dir)) {
      for (Path child : children) {
        entry(child).ifPresent(entries::add);
      }
    } catch (NoSuchFileException e) {
      throw new PgsnapException(
          ErrorCode.STORAGE, "no snapshot folder " + dir + ": check the path (export's --out)", e);
    } catch (IOException e) {
      throw StorageErrors.readFailed(dir, e);
    }
    entries.sort(
        Comparator.comparing(Entry::takenAt)
            .reversed()
            .thenComparing(Entry::id, Comparator.reverseOrder()));
    return entries;
  }

  /** Complete snapshots only, newest first. */
  public List<Entry> complete() {
    return scan().stream().filter(e -> !e.partial()).toList();
  }

  /** The entry for {@code path} if it is a snapshot folder (complete or partial). */
  public static Optional<Entry> entry(Path path) {
    String name = path.getFileName() == null ? "" : path.getFileName().toString();
    boolean partial = name.endsWith(SnapshotWriter.PARTIAL_SUFFIX);
    String id =
        partial ? name.substring(0, name.length() - SnapshotWriter.PARTIAL_SUFFIX.length()) : name;
    Optional<Instant> takenAt = SnapshotIds.takenAt(id);
    if (takenAt.isEmpty()) {
      return Optional.empty();
    }
    try {
      BasicFileAttributes attributes =
          Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      if (!attributes.isDirectory()) {
        return Optional.empty();
      }
      return Optional.of(
          new Entry(id, path, partial, takenAt.get(), attributes.lastModifiedTime().toInstant()));
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
