package io.pgsnap.snapshot;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * Where a snapshot's bytes come from: a local folder today; object storage or a decrypting layer
 * later. {@link SnapshotReader} reads a snapshot only through this interface, so each store decides
 * how to open an entry safely and the checks above it stay the same.
 *
 * <p>Entries are named by their path inside the snapshot, with {@code /} between folders ({@code
 * manifest.json}, {@code tables/public.t.csv.zst}). A store never follows a link: a link is an
 * entry of type {@link Type#LINK}, and opening it fails.
 */
public interface SnapshotStore {
  /** What an entry is. Only a {@link #REGULAR} file can be read. */
  enum Type {
    /** A regular file. */
    REGULAR,
    /** A symbolic link, whatever it points to. */
    LINK,
    /** A folder. */
    FOLDER,
    /** Anything else: a FIFO, a device, a socket. */
    OTHER
  }

  /**
   * One entry of a snapshot.
   *
   * @param path its path inside the snapshot
   * @param type what it is, as seen without following links
   * @param size its size in bytes; meaningful for a regular file only
   */
  record Entry(String path, Type type, long size) {}

  /** Where the snapshot is, for messages: a folder path or a URL. */
  String location();

  /**
   * What is at {@code path}, without following links. When a folder on the way is not a real folder
   * (for example {@code tables} replaced by a link), that folder's entry is returned, so the caller
   * can name what is wrong.
   *
   * @param path a path inside the snapshot
   * @return the entry, or empty when nothing is there
   * @throws IOException when the store cannot be read
   */
  Optional<Entry> entry(String path) throws IOException;

  /**
   * The entries directly inside the folder {@code folder} ({@code ""} for the snapshot itself), in
   * no particular order.
   *
   * @throws java.nio.file.NoSuchFileException when there is no such folder
   * @throws IOException when the store cannot be read, or {@code folder} is not a real folder
   */
  List<Entry> list(String folder) throws IOException;

  /**
   * Opens the regular file {@code path} for reading. Nothing is followed through a link, and the
   * type is checked before opening, so a FIFO or device is refused rather than blocking.
   *
   * @throws NotARegularFileException when the entry, or a folder on its way, is not what it must be
   * @throws EntryReplacedException when the entry was swapped for another while it was opened
   * @throws java.nio.file.NoSuchFileException when nothing is there
   * @throws IOException when it cannot be read
   */
  InputStream open(String path) throws IOException;

  /** An entry that cannot be opened because it, or a folder on its way, is of the wrong type. */
  final class NotARegularFileException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Entry entry;

    /**
     * @param entry what was found instead of a regular file
     */
    public NotARegularFileException(Entry entry) {
      super(entry.path() + " is " + describe(entry.type()));
      this.entry = entry;
    }

    /** What was found instead of a regular file. */
    public Entry entry() {
      return entry;
    }
  }

  /** An entry that was replaced by another file between its check and its opening. */
  final class EntryReplacedException extends IOException {
    private static final long serialVersionUID = 1L;

    /**
     * @param path the entry's path inside the snapshot
     */
    public EntryReplacedException(String path) {
      super(path + " was replaced by another file while it was being opened");
    }
  }

  /** An entry type in words, as messages use it: "a symbolic link". */
  static String describe(Type type) {
    return switch (type) {
      case REGULAR -> "a file";
      case LINK -> "a symbolic link";
      case FOLDER -> "a folder";
      case OTHER -> "a special file";
    };
  }
}
