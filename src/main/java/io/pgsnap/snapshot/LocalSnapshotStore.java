package io.pgsnap.snapshot;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A snapshot in a folder on a local disk. The folder itself may be reached through a link (a {@code
 * latest} link is a common convenience); nothing inside it is followed through one.
 *
 * <p>Opening a file: every folder on its way and the file itself are examined without following
 * links, and anything but a regular file is refused before it is opened, since opening a FIFO
 * blocks until a writer appears. The file is then opened with {@code O_NOFOLLOW}, and its file key
 * (device and inode) compared with the one examined, so a file swapped in between is refused.
 */
public final class LocalSnapshotStore implements SnapshotStore {
  private final Path root;

  /** The snapshot in the folder {@code root}. */
  public LocalSnapshotStore(Path root) {
    this.root = Objects.requireNonNull(root, "root");
  }

  /** The snapshot folder. */
  public Path root() {
    return root;
  }

  @Override
  public String location() {
    return root.toString();
  }

  @Override
  public Optional<Entry> entry(String path) throws IOException {
    List<String> segments = segments(path);
    Path current = root;
    StringBuilder walked = new StringBuilder();
    for (int i = 0; i < segments.size(); i++) {
      current = current.resolve(segments.get(i));
      walked.append(i == 0 ? "" : "/").append(segments.get(i));
      BasicFileAttributes attributes;
      try {
        attributes =
            Files.readAttributes(current, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      } catch (NoSuchFileException e) {
        return Optional.empty();
      }
      Entry entry = new Entry(walked.toString(), typeOf(attributes), attributes.size());
      boolean last = i == segments.size() - 1;
      if (last || entry.type() != Type.FOLDER) {
        return Optional.of(entry);
      }
    }
    throw new IllegalArgumentException("empty path");
  }

  @Override
  public List<Entry> list(String folder) throws IOException {
    Path dir = root;
    String prefix = "";
    if (!folder.isEmpty()) {
      Optional<Entry> entry = entry(folder);
      if (entry.isEmpty()) {
        throw new NoSuchFileException(root.resolve(folder).toString());
      }
      if (entry.get().type() != Type.FOLDER) {
        throw new NotARegularFileException(entry.get());
      }
      dir = resolve(folder);
      prefix = folder + "/";
    }
    List<Entry> entries = new ArrayList<>();
    try (DirectoryStream<Path> children = Files.newDirectoryStream(dir)) {
      for (Path child : children) {
        BasicFileAttributes attributes =
            Files.readAttributes(child, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        entries.add(new Entry(prefix + child.getFileName(), typeOf(attributes), attributes.size()));
      }
    }
    return entries;
  }

  @Override
  public InputStream open(String path) throws IOException {
    Path file = resolve(path);
    BasicFileAttributes before = regularFile(path);
    SeekableByteChannel channel =
        Files.newByteChannel(file, Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS));
    try {
      // A rename between the check and the open would put another file under the same name.
      BasicFileAttributes after = regularFile(path);
      if (before.fileKey() != null && !before.fileKey().equals(after.fileKey())) {
        throw new EntryReplacedException(path);
      }
      return Channels.newInputStream(channel);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  /** The attributes of {@code path}, which with every folder on its way must be real. */
  private BasicFileAttributes regularFile(String path) throws IOException {
    Entry entry = entry(path).orElseThrow(() -> new NoSuchFileException(resolve(path).toString()));
    if (entry.type() != Type.REGULAR || !entry.path().equals(path)) {
      throw new NotARegularFileException(entry);
    }
    return Files.readAttributes(
        resolve(path), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
  }

  private Path resolve(String path) {
    Path file = root;
    for (String segment : segments(path)) {
      file = file.resolve(segment);
    }
    return file;
  }

  /**
   * The segments of a path inside the snapshot. The gate has refused unsafe paths already; this is
   * the store's own guard, so that no caller can make it leave the folder.
   */
  private static List<String> segments(String path) {
    if (path.isEmpty()
        || path.startsWith("/")
        || path.indexOf('\\') >= 0
        || path.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("not a path inside the snapshot: " + path);
    }
    List<String> segments = List.of(path.split("/", -1));
    for (String s : segments) {
      if (s.isEmpty() || s.equals(".") || s.equals("..")) {
        throw new IllegalArgumentException("not a path inside the snapshot: " + path);
      }
    }
    return segments;
  }

  private static Type typeOf(BasicFileAttributes attributes) {
    if (attributes.isSymbolicLink()) {
      return Type.LINK;
    }
    if (attributes.isDirectory()) {
      return Type.FOLDER;
    }
    return attributes.isRegularFile() ? Type.REGULAR : Type.OTHER;
  }
}
