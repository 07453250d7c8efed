package io.pgsnap.snapshot;

import io.pgsnap.ErrorCode;
import io.pgsnap.PgsnapException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A snapshot folder. Everything goes into {@code <id>.partial/}; {@link #complete()} syncs it and
 * renames it to {@code <id>}, so a folder without the suffix is always complete. Files and folders
 * are readable by their owner only.
 */
public final class LocalFolderTarget implements SnapshotTarget {
  private final Path outDir;
  private final String id;
  private final Path partialDir;
  private boolean completed;

  private LocalFolderTarget(Path outDir, String id, Path partialDir) {
    this.outDir = outDir;
    this.id = id;
    this.partialDir = partialDir;
  }

  /**
   * Creates {@code outDir} if needed and a new partial snapshot folder in it. When a snapshot with
   * {@code preferredId} exists already (two exports in one second), a suffix {@code -2}, {@code
   * -3}, ... makes the id unique.
   */
  public static LocalFolderTarget create(Path outDir, String preferredId) {
    try {
      OwnerOnly.createDirectories(outDir);
    } catch (IOException e) {
      throw StorageErrors.writeFailed(outDir, e);
    }
    for (int n = 1; ; n++) {
      String id = n == 1 ? preferredId : preferredId + "-" + n;
      Path partial = outDir.resolve(id + SnapshotWriter.PARTIAL_SUFFIX);
      if (Files.exists(outDir.resolve(id))) {
        continue;
      }
      try {
        OwnerOnly.createDirectory(partial);
        OwnerOnly.createDirectory(partial.resolve(SnapshotWriter.TABLES));
        return new LocalFolderTarget(outDir, id, partial);
      } catch (FileAlreadyExistsException e) {
        // another export started in the same second; try the next suffix
      } catch (IOException e) {
        throw StorageErrors.writeFailed(partial, e);
      }
    }
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public String location() {
    return outDir.resolve(id).toString();
  }

  /** The folder being written. */
  public Path partialDir() {
    return partialDir;
  }

  @Override
  public FileSink openFile(String relativePath) throws IOException {
    Path file = partialDir.resolve(relativePath);
    FileChannel channel =
        FileChannel.open(
            file,
            Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
            OwnerOnly.fileAttributes(file));
    return new ChannelSink(channel);
  }

  @Override
  public void writeFile(String relativePath, byte[] content) throws IOException {
    Path file = partialDir.resolve(relativePath);
    try (FileChannel channel =
        FileChannel.open(
            file,
            Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
            OwnerOnly.fileAttributes(file))) {
      ByteBuffer buffer = ByteBuffer.wrap(content);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      channel.force(true);
    }
  }

  @Override
  public String complete() {
    if (completed) {
      throw new IllegalStateException("snapshot " + id + " is complete already");
    }
    syncDirectory(partialDir.resolve(SnapshotWriter.TABLES));
    syncDirectory(partialDir);
    Path finalDir = outDir.resolve(id);
    try {
      Files.move(partialDir, finalDir, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      throw new PgsnapException(
          ErrorCode.STORAGE,
          "the file system of "
              + outDir
              + " cannot rename folders atomically; choose another --out",
          e);
    } catch (IOException e) {
      throw StorageErrors.writeFailed(finalDir, e);
    }
    syncDirectory(outDir);
    completed = true;
    return finalDir.toString();
  }

  @Override
  public PgsnapException writeFailed(String relativePath, IOException e) {
    return StorageErrors.writeFailed(partialDir.resolve(relativePath), e);
  }

  @Override
  public String leftBehind() {
    return !completed && Files.exists(partialDir)
        ? "the unfinished snapshot folder "
            + partialDir
            + " (delete it; `pgsnap prune` removes it once unchanged for a day)"
        : null;
  }

  @Override
  public String afterCleanup() {
    return Files.exists(partialDir)
        ? "the unfinished snapshot folder " + partialDir + " could not be removed: delete it"
        : "the unfinished snapshot folder was removed; nothing is left behind";
  }

  /** Makes a folder's entries durable, so a crash after the rename cannot lose files. */
  private static void syncDirectory(Path dir) {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      // Some file systems cannot open or sync a directory; the files themselves are synced.
    }
  }

  /** Deletes the partial folder unless the snapshot was completed. */
  @Override
  public void close() {
    if (completed || !Files.exists(partialDir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(partialDir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // Best effort: the folder keeps its .partial suffix, so nothing mistakes it for a snapshot,
      // and prune clears abandoned partial folders.
    }
  }

  /** A file on disk; finishing forces it to stable storage. */
  private static final class ChannelSink extends FileSink {
    private final FileChannel channel;

    ChannelSink(FileChannel channel) {
      super(Channels.newOutputStream(channel));
      this.channel = channel;
    }

    @Override
    public void finish() throws IOException {
      channel.force(true);
      channel.close();
    }

    @Override
    public void close() throws IOException {
      channel.close();
    }
  }
}
