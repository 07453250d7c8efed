package io.pgsnap.snapshot;

import io.pgsnap.ErrorCode;
import io.pgsnap.PgsnapException;
import io.pgsnap.catalog.TableId;
import io.pgsnap.crypto.Encryption;
import io.pgsnap.crypto.RecipientKey;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Writes one snapshot folder. Everything goes into {@code <id>.partial/}; {@link #commit} writes
 * {@code SHA256SUMS}, {@code manifest.json} and {@code manifest.sha256} (see {@link
 * ManifestChecksum}) last and renames the folder to {@code <id>}, so a folder without the suffix is
 * always complete. An encrypted snapshot's table files are encrypted after compression, and its
 * {@code manifest.json} is the {@link PublicManifest}, with the complete manifest encrypted beside
 * it in {@value PublicManifest#PRIVATE_FILE}. Closing a writer that was not committed deletes the
 * partial folder. Files and folders are readable by their owner only.
 */
public final class SnapshotWriter implements AutoCloseable {
  /** The suffix of a snapshot folder that is still being written (or was abandoned). */
  public static final String PARTIAL_SUFFIX = ".partial";

  public static final String MANIFEST = "manifest.json";
  public static final String CHECKSUMS = "SHA256SUMS";
  public static final String TABLES = "tables";

  private final Path outDir;
  private final String id;
  private final Path partialDir;
  private final Optional<Encryption> encryption;
  private final Set<String> takenFileNames = new HashSet<>();
  private boolean committed;

  private SnapshotWriter(Path outDir, String id, Path partialDir, Optional<Encryption> encryption) {
    this.outDir = outDir;
    this.id = id;
    this.partialDir = partialDir;
    this.encryption = encryption;
  }

  /**
   * Creates {@code outDir} if needed and a new partial snapshot folder in it. When a snapshot with
   * {@code preferredId} exists already (two exports in one second), a suffix {@code -2}, {@code
   * -3}, ... makes the id unique.
   */
  public static SnapshotWriter create(Path outDir, String preferredId) {
    return create(outDir, preferredId, Optional.empty());
  }

  /**
   * {@link #create(Path, String)} for a snapshot whose files are encrypted with {@code encryption}
   * when it is present.
   */
  public static SnapshotWriter create(
      Path outDir, String preferredId, Optional<Encryption> encryption) {
    try {
      OwnerOnly.createDirectories(outDir);
    } catch (IOException e) {
      throw StorageErrors.writeFailed(outDir, e);
    }
    for (int n = 1; ; n++) {
      String id = n == 1 ? preferredId : preferredId + "-" + n;
      Path partial = outDir.resolve(id + PARTIAL_SUFFIX);
      if (Files.exists(outDir.resolve(id))) {
        continue;
      }
      try {
        OwnerOnly.createDirectory(partial);
        OwnerOnly.createDirectory(partial.resolve(TABLES));
        return new SnapshotWriter(outDir, id, partial, encryption);
      } catch (FileAlreadyExistsException e) {
        // another export started in the same second; try the next suffix
      } catch (IOException e) {
        throw StorageErrors.writeFailed(partial, e);
      }
    }
  }

  /** The snapshot id, which is also the final folder name. */
  public String id() {
    return id;
  }

  /** The folder being written. */
  public Path partialDir() {
    return partialDir;
  }

  /** Chooses the file for a table's rows, unique within this snapshot. Thread-safe. */
  public synchronized String reserveTableFile(
      TableId table, DataFormat format, Compression compression) {
    String name =
        FileNames.tableFile(table, format, compression, encryption.isPresent(), takenFileNames);
    takenFileNames.add(name);
    return TABLES + "/" + name;
  }

  /**
   * Chooses the files for a table stored in {@code parts} parts, unique within this snapshot.
   * Thread-safe.
   */
  public synchronized List<String> reserveTablePartFiles(
      TableId table, DataFormat format, Compression compression, int parts) {
    String name =
        FileNames.tableFile(table, format, compression, encryption.isPresent(), takenFileNames);
    takenFileNames.add(name);
    List<String> files = new ArrayList<>();
    for (int n = 1; n <= parts; n++) {
      String part = FileNames.partFile(name, n);
      takenFileNames.add(part);
      files.add(TABLES + "/" + part);
    }
    return files;
  }

  /** Opens a reserved table file for writing. Thread-safe; each output is for one thread. */
  public TableFileOutput openTableFile(
      String relativePath, DataFormat format, Compression compression) {
    Path file = partialDir.resolve(relativePath);
    try {
      FileChannel channel =
          FileChannel.open(
              file,
              Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
              OwnerOnly.fileAttributes(file));
      return new TableFileOutput(relativePath, file, channel, format, compression, encryption);
    } catch (IOException e) {
      throw StorageErrors.writeFailed(file, e);
    }
  }

  /**
   * The overall checksum of a snapshot holding {@code files}: SHA-256 of its {@code SHA256SUMS}.
   */
  public static String overallChecksum(List<StoredFile> files) {
    return Hashing.sha256Hex(checksumsFile(files));
  }

  /**
   * Completes the snapshot: writes {@code SHA256SUMS} for {@code files}, then {@code manifest}
   * (whose overall checksum must be {@link #overallChecksum} of the files) and its checksum in
   * {@code manifest.sha256}, each synced to disk, and renames the folder.
   *
   * @return the finished snapshot folder
   */
  public Path commit(List<StoredFile> files, Manifest manifest) {
    if (committed) {
      throw new IllegalStateException("snapshot " + id + " is committed already");
    }
    byte[] sums = checksumsFile(files);
    if (!Hashing.sha256Hex(sums).equals(manifest.overallChecksum())) {
      throw new IllegalArgumentException(
          "the manifest's overall checksum does not match the files");
    }
    writeDurably(partialDir.resolve(CHECKSUMS), sums);
    byte[] json = new ManifestJson().toBytes(manifest);
    if (encryption.isPresent()) {
      json = new PublicManifest().toBytes(manifest, writePrivateManifest(json, encryption.get()));
    }
    writeDurably(partialDir.resolve(MANIFEST), json);
    writeDurably(partialDir.resolve(ManifestChecksum.FILE), ManifestChecksum.content(json));
    syncDirectory(partialDir.resolve(TABLES));
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
    committed = true;
    return finalDir;
  }

  /** Writes the complete manifest encrypted and returns the public manifest's record of it. */
  private ManifestEncryption writePrivateManifest(byte[] completeJson, Encryption encryption) {
    ByteArrayOutputStream ciphertext = new ByteArrayOutputStream();
    try (OutputStream out = encryption.encrypt(ciphertext)) {
      out.write(completeJson);
    } catch (IOException e) {
      throw new IllegalStateException("could not encrypt the manifest in memory", e);
    }
    byte[] stored = ciphertext.toByteArray();
    writeDurably(partialDir.resolve(PublicManifest.PRIVATE_FILE), stored);
    return new ManifestEncryption(
        PublicManifest.PRIVATE_FILE,
        Hashing.sha256Hex(stored),
        stored.length,
        encryption.passphrase().isPresent(),
        encryption.recipients().stream().map(RecipientKey::keyId).toList());
  }

  /** {@code sha256sum}'s format: hash, two spaces, path; sorted by path. */
  static byte[] checksumsFile(List<StoredFile> files) {
    List<StoredFile> sorted = new ArrayList<>(files);
    sorted.sort(Comparator.comparing(StoredFile::path));
    StringBuilder text = new StringBuilder();
    for (StoredFile f : sorted) {
      text.append(f.sha256()).append("  ").append(f.path()).append('\n');
    }
    return text.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void writeDurably(Path file, byte[] content) {
    try (FileChannel channel =
        FileChannel.open(
            file,
            Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
            OwnerOnly.fileAttributes(file))) {
      java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(content);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      channel.force(true);
    } catch (IOException e) {
      throw StorageErrors.writeFailed(file, e);
    }
  }

  /** Makes a folder's entries durable, so a crash after the rename cannot lose files. */
  private static void syncDirectory(Path dir) {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      // Some file systems cannot open or sync a directory; the files themselves are synced.
    }
  }

  /** Deletes the partial folder unless the snapshot was committed. */
  @Override
  public void close() {
    if (committed || !Files.exists(partialDir)) {
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
}
