package io.pgsnap.retention;

import io.pgsnap.ErrorCode;
import io.pgsnap.PgsnapException;
import io.pgsnap.snapshot.Manifest;
import io.pgsnap.snapshot.SnapshotFolder;
import io.pgsnap.snapshot.SnapshotReader;
import io.pgsnap.snapshot.SnapshotSource;
import io.pgsnap.snapshot.SnapshotWriter;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local folder of snapshots. Only folders that {@link SnapshotFolder} recognises count, and each
 * is walked and deleted without following symbolic links: anything else in the folder, and anything
 * a link points to, is left alone. Runs are logged in the folder's {@code pgsnap.log}.
 */
public final class FolderPlace implements SnapshotPlace {
  private static final Logger log = LoggerFactory.getLogger(FolderPlace.class);

  private final Path dir;

  /** The snapshots in {@code dir}. */
  public FolderPlace(Path dir) {
    this.dir = Objects.requireNonNull(dir, "dir");
  }

  @Override
  public String location() {
    return dir.toString();
  }

  @Override
  public List<HeldSnapshot> snapshots() {
    return new SnapshotFolder(dir).scan().stream().map(FolderPlace::held).toList();
  }

  /**
   * A folder as held; a partial one dated by the newest change anywhere inside it, since a running
   * export appends to a table file for as long as that table takes, which leaves the folder's own
   * time alone. If the tree cannot be read, the folder's own time stands, and deleting it will say
   * what is wrong.
   */
  private static HeldSnapshot held(SnapshotFolder.Entry folder) {
    HeldSnapshot held =
        new HeldSnapshot(
            folder.id(),
            folder.path().getFileName().toString(),
            folder.path().toString(),
            folder.partial(),
            folder.takenAt(),
            folder.modifiedAt(),
            OptionalLong.empty());
    if (!folder.partial()) {
      return held;
    }
    try {
      Instant lastChange = FolderTrees.lastChange(folder.path());
      return lastChange.isAfter(folder.modifiedAt()) ? held.withLastChange(lastChange) : held;
    } catch (IOException e) {
      log.debug("could not read the tree of {}: {}", folder.path(), e.toString());
      return held;
    }
  }

  @Override
  public Manifest manifest(HeldSnapshot snapshot) {
    return SnapshotReader.manifestForListing(path(snapshot));
  }

  @Override
  public long bytes(HeldSnapshot snapshot) {
    try {
      return FolderTrees.size(path(snapshot));
    } catch (IOException e) {
      // The size only feeds reports; deleting says whether the folder can really be removed.
      log.debug("could not measure {}: {}", snapshot.location(), e.toString());
      return 0;
    }
  }

  /**
   * Deletes one snapshot folder. A complete snapshot is first renamed to its {@code .partial} name,
   * so that a deletion cut short (power loss, a file that cannot be removed) leaves a folder that
   * every command treats as incomplete, and the next prune clears.
   */
  @Override
  public void delete(HeldSnapshot snapshot, int removedBefore) {
    Path path = path(snapshot);
    Path parent = path.toAbsolutePath().getParent();
    // It was a real snapshot directory when scanned; make sure it still is before touching it.
    if (SnapshotFolder.entry(path).isEmpty()) {
      throw new PgsnapException(
          ErrorCode.STORAGE,
          path
              + " changed while prune ran and is no longer a snapshot folder; it was left alone."
              + " Run prune again");
    }
    Path name = path.getFileName();
    try {
      if (!snapshot.partial()) {
        Path partialName = Path.of(name + SnapshotWriter.PARTIAL_SUFFIX);
        try {
          Files.move(parent.resolve(name), parent.resolve(partialName));
          name = partialName;
        } catch (FileAlreadyExistsException e) {
          log.debug("{} exists; deleting {} in place", partialName, name);
        }
      }
      FolderTrees.delete(parent, name);
    } catch (IOException e) {
      throw deleteFailed(parent.resolve(name), removedBefore, e);
    }
  }

  private static PgsnapException deleteFailed(Path folder, int removedBefore, IOException e) {
    String detail =
        e instanceof AccessDeniedException
            ? "permission denied on " + e.getMessage()
            : e instanceof FileSystemException fse && fse.getReason() != null
                ? fse.getReason() + " (" + fse.getFile() + ")"
                : String.valueOf(e.getMessage());
    return new PgsnapException(
        ErrorCode.STORAGE,
        "could not delete "
            + folder
            + ": "
            + detail
            + "; "
            + removedBefore
            + " folder(s) were removed before it. Make the snapshot folders writable for this user"
            + " and run prune again",
        e);
  }

  @Override
  public SnapshotSource source(HeldSnapshot snapshot) {
    return SnapshotSource.folder(path(snapshot));
  }

  @Override
  public Optional<Path> logFolder() {
    return Optional.of(dir);
  }

  @Override
  public void close() {
    // A folder holds nothing open.
  }

  private Path path(HeldSnapshot snapshot) {
    return dir.resolve(snapshot.name());
  }
}
