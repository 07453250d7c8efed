package io.pgsnap.snapshot;

import io.pgsnap.ErrorCode;
import io.pgsnap.PgsnapException;
import io.pgsnap.crypto.Decryption;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A snapshot that passed {@link SnapshotReader#open}: its manifest is valid, consistent, of a
 * supported format version and unchanged since it was written (as far as {@code manifest.sha256}
 * can tell), every file path it lists stays inside {@code tables/}, and {@code SHA256SUMS} agrees
 * with it. The table files themselves are checked as they are read, by {@link TableStream}.
 */
public final class OpenSnapshot {
  private final SnapshotStore store;
  private final Manifest manifest;
  private final ChecksumsFile sums;
  private final Optional<Decryption> decryption;

  OpenSnapshot(
      SnapshotStore store, Manifest manifest, ChecksumsFile sums, Optional<Decryption> decryption) {
    this.store = Objects.requireNonNull(store, "store");
    this.manifest = Objects.requireNonNull(manifest, "manifest");
    this.sums = Objects.requireNonNull(sums, "sums");
    this.decryption = Objects.requireNonNull(decryption, "decryption");
  }

  /** Where the snapshot's bytes come from. */
  public SnapshotStore store() {
    return store;
  }

  /** Where the snapshot is, for messages. */
  public String location() {
    return store.location();
  }

  /** The checked manifest: for an encrypted snapshot, its decrypted complete manifest. */
  public Manifest manifest() {
    return manifest;
  }

  /**
   * A cheap check of {@code tables}' files before any work starts: each is present, a regular file
   * (not a link, folder or special file, nor reached through one), of the size the manifest
   * records, and listed in {@code SHA256SUMS}. Contents are not read; {@link TableStream#finish}
   * proves them.
   *
   * @param tables tables of this snapshot's manifest
   * @throws PgsnapException {@link ErrorCode#INTEGRITY} naming every file that fails; {@link
   *     ErrorCode#STORAGE} when the snapshot cannot be read
   */
  public void checkFiles(Collection<ManifestTable> tables) {
    List<String> problems = new ArrayList<>();
    for (ManifestTable t : tables.stream().flatMap(t -> t.fileEntries().stream()).toList()) {
      fileProblem(t).ifPresent(p -> problems.add(t.file() + " " + p));
    }
    if (!problems.isEmpty()) {
      throw SnapshotReader.refused(location(), problems);
    }
  }

  /**
   * {@link #checkFiles} for every table of the snapshot, for commands that describe the whole
   * snapshot (inspect, compare): they refuse what restore would refuse.
   *
   * @return this snapshot
   */
  public OpenSnapshot checkAllFiles() {
    checkFiles(manifest.tables());
    return this;
  }

  private Optional<String> fileProblem(ManifestTable table) {
    String path = table.file();
    if (!sums.entries().containsKey(path)) {
      return Optional.of("is not listed in " + SnapshotWriter.CHECKSUMS);
    }
    Optional<SnapshotStore.Entry> entry;
    try {
      entry = store.entry(path);
    } catch (IOException e) {
      return Optional.of(ReadProblems.unreadable(e));
    }
    if (entry.isEmpty()) {
      return Optional.of("is missing: the snapshot lists it but the file is not there");
    }
    SnapshotStore.Entry found = entry.get();
    if (!found.path().equals(path)) {
      return Optional.of(
          "cannot be read: "
              + found.path()
              + " is "
              + SnapshotStore.describe(found.type())
              + ", not a folder");
    }
    if (found.type() != SnapshotStore.Type.REGULAR) {
      return Optional.of(ReadProblems.notAFile(found.type()));
    }
    if (found.size() != table.storedBytes()) {
      return Optional.of(
          "has "
              + found.size()
              + " bytes, the manifest records "
              + table.storedBytes()
              + (found.size() < table.storedBytes()
                  ? " (the file is truncated)"
                  : " (something was written into it)"));
    }
    return Optional.empty();
  }

  /**
   * Opens a table's rows for reading: the file's stored bytes, hashed as they are read ({@link
   * #openTable}), decrypted when the snapshot is encrypted, and decompressed. Call {@link
   * TableContent#finish} after reading and before committing what was loaded.
   *
   * @param table as for {@link #openTable}
   * @throws PgsnapException as {@link #openTable}; {@link ErrorCode#KEY} when the file is not
   *     encrypted for the key this snapshot was opened with; {@link ErrorCode#INTEGRITY} when it is
   *     not an encrypted file
   */
  public TableContent openContent(ManifestTable table) {
    if (manifest.isEncrypted()) {
      // Opened without its key (SnapshotReader.openPublic): its files are ciphertext.
      throw EncryptedManifest.keyNeeded(location());
    }
    TableStream stored = openTable(table);
    try {
      return TableContent.open(stored, decryption);
    } catch (IOException e) {
      TableContent.closeQuietly(stored);
      throw new PgsnapException(
          ErrorCode.STORAGE, table.file() + " " + ReadProblems.unreadable(e), e);
    } catch (RuntimeException e) {
      TableContent.closeQuietly(stored);
      throw e;
    }
  }

  /**
   * Opens a table's file for reading: the stored bytes, still compressed, hashed as they are read.
   * Call {@link TableStream#finish} after reading and before committing what was loaded.
   *
   * @param table a table of this snapshot's manifest stored in one file, or one of the {@link
   *     ManifestTable#fileEntries} of a split table
   * @throws PgsnapException {@link ErrorCode#INTEGRITY} when the file is missing or not a regular
   *     file; {@link ErrorCode#STORAGE} when it cannot be read
   */
  public TableStream openTable(ManifestTable table) {
    if (table.isSplit()
        || manifest.tables().stream().noneMatch(t -> t.fileEntries().contains(table))) {
      throw new IllegalArgumentException(table.id() + " is not a table of this snapshot");
    }
    try {
      InputStream in = store.open(table.file());
      return new TableStream(
          in, table, Optional.ofNullable(sums.entries().get(table.file())), location());
    } catch (NoSuchFileException | SnapshotStore.NotARegularFileException e) {
      throw SnapshotReader.refused(
          location(),
          List.of(fileProblem(table).map(p -> table.file() + " " + p).orElse(e.getMessage())));
    } catch (SnapshotStore.EntryReplacedException e) {
      throw SnapshotReader.refused(location(), List.of(e.getMessage()));
    } catch (IOException e) {
      throw new PgsnapException(
          ErrorCode.STORAGE, table.file() + " " + ReadProblems.unreadable(e), e);
    }
  }
}
