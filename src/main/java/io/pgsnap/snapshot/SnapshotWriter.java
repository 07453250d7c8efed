package io.pgsnap.snapshot;

import io.pgsnap.PgsnapException;
import io.pgsnap.catalog.TableId;
import io.pgsnap.crypto.Encryption;
import io.pgsnap.crypto.RecipientKey;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Writes one snapshot into a {@link SnapshotTarget}: a local folder, or a prefix in object storage.
 * Table files are written while the target is unfinished; {@link #commit} writes {@code SHA256SUMS}
 * and {@code manifest.sha256} (see {@link ManifestChecksum}), then {@code manifest.json} last, and
 * completes the target (a local folder is renamed from {@code <id>.partial}), so a snapshot that
 * looks complete always is. An encrypted snapshot's table files are encrypted after compression,
 * and its {@code manifest.json} is the {@link PublicManifest}, with the complete manifest encrypted
 * beside it in {@value PublicManifest#PRIVATE_FILE}. Closing a writer that was not committed
 * removes what it wrote.
 */
public final class SnapshotWriter implements AutoCloseable {
  /** The suffix of a snapshot folder that is still being written (or was abandoned). */
  public static final String PARTIAL_SUFFIX = ".partial";

  public static final String MANIFEST = "manifest.json";
  public static final String CHECKSUMS = "SHA256SUMS";
  public static final String TABLES = "tables";

  private final SnapshotTarget target;
  private final Optional<Encryption> encryption;
  private final Set<String> takenFileNames = new HashSet<>();
  private boolean committed;

  private SnapshotWriter(SnapshotTarget target, Optional<Encryption> encryption) {
    this.target = target;
    this.encryption = encryption;
  }

  /**
   * A writer of a new snapshot folder in {@code outDir}, created if needed (see {@link
   * LocalFolderTarget#create}).
   */
  public static SnapshotWriter create(Path outDir, String preferredId) {
    return over(LocalFolderTarget.create(outDir, preferredId));
  }

  /** A writer into {@code target}, which it closes. */
  public static SnapshotWriter over(SnapshotTarget target) {
    return over(target, Optional.empty());
  }

  /**
   * A writer into {@code target}, which it closes, of a snapshot whose files are encrypted with
   * {@code encryption} when it is present.
   */
  public static SnapshotWriter over(SnapshotTarget target, Optional<Encryption> encryption) {
    return new SnapshotWriter(
        Objects.requireNonNull(target, "target"), Objects.requireNonNull(encryption, "encryption"));
  }

  /** The snapshot id, which is also the final folder name. */
  public String id() {
    return target.id();
  }

  /** Where the snapshot is being written. */
  public SnapshotTarget target() {
    return target;
  }

  /**
   * The folder being written, for a local target.
   *
   * @throws IllegalStateException when the target is not a local folder
   */
  public Path partialDir() {
    if (target instanceof LocalFolderTarget local) {
      return local.partialDir();
    }
    throw new IllegalStateException("snapshot " + id() + " is not written to a local folder");
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
    try {
      return new TableFileOutput(
          relativePath, target.openFile(relativePath), format, compression, encryption);
    } catch (IOException e) {
      throw target.writeFailed(relativePath, e);
    }
  }

  /** The failure to report when writing the table file {@code relativePath} failed. */
  public PgsnapException writeFailed(String relativePath, IOException e) {
    return target.writeFailed(relativePath, e);
  }

  /**
   * The overall checksum of a snapshot holding {@code files}: SHA-256 of its {@code SHA256SUMS}.
   */
  public static String overallChecksum(List<StoredFile> files) {
    return Hashing.sha256Hex(checksumsFile(files));
  }

  /**
   * Completes the snapshot: writes {@code SHA256SUMS} for {@code files}, the checksum of {@code
   * manifest} (whose overall checksum must be {@link #overallChecksum} of the files) in {@code
   * manifest.sha256}, then the manifest itself, each durably, and completes the target. The
   * manifest goes last, so that a target holding one is complete even where nothing can be renamed
   * (object storage).
   *
   * @return the finished snapshot's location: its folder, or its {@code s3://} prefix
   */
  public String commit(List<StoredFile> files, Manifest manifest) {
    return commit(files, manifest, SnapshotSigner.NONE);
  }

  /**
   * The same, with the signature files {@code signer} makes of {@code SHA256SUMS} and {@code
   * manifest.json} written before the manifest, so a complete snapshot is never unsigned when a
   * signer was given.
   *
   * @return the finished snapshot's location: its folder, or its {@code s3://} prefix
   */
  public String commit(List<StoredFile> files, Manifest manifest, SnapshotSigner signer) {
    if (committed) {
      throw new IllegalStateException("snapshot " + id() + " is committed already");
    }
    byte[] sums = checksumsFile(files);
    if (!Hashing.sha256Hex(sums).equals(manifest.overallChecksum())) {
      throw new IllegalArgumentException(
          "the manifest's overall checksum does not match the files");
    }
    byte[] json = new ManifestJson().toBytes(manifest);
    if (encryption.isPresent()) {
      json = new PublicManifest().toBytes(manifest, writePrivateManifest(json, encryption.get()));
    }
    write(CHECKSUMS, sums);
    write(ManifestChecksum.FILE, ManifestChecksum.content(json));
    signer.signatures(sums, json).forEach(this::writeSignature);
    write(MANIFEST, json);
    String location = target.complete();
    committed = true;
    return location;
  }

  private void write(String relativePath, byte[] content) {
    try {
      target.writeFile(relativePath, content);
    } catch (IOException e) {
      throw target.writeFailed(relativePath, e);
    }
  }

  private void writeSignature(String name, byte[] signature) {
    if (!SnapshotSigner.FILES.contains(name)) {
      throw new IllegalArgumentException(name + " is not a signature file of a snapshot");
    }
    write(name, signature);
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
    write(PublicManifest.PRIVATE_FILE, stored);
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

  /** Removes what was written unless the snapshot was committed. */
  @Override
  public void close() {
    target.close();
  }
}
