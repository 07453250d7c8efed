package io.pgsnap.snapshot;

import io.pgsnap.ErrorCode;
import io.pgsnap.PgsnapException;
import io.pgsnap.crypto.Decryption;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The one way to open a snapshot. A snapshot is untrusted input: it may have been copied between
 * machines, kept on a shared disk, or edited. Every command that reads one opens it here, and a
 * snapshot that fails a check is refused before any database is touched, naming every problem.
 *
 * <p>What the checks prove, and what they cannot: {@code manifest.sha256}, {@code SHA256SUMS} and
 * the overall checksum show that nothing was changed by accident or by an edit of one file. Someone
 * who can rewrite every file of a snapshot can recompute every checksum, so they prove nothing
 * against a deliberate forgery; that needs a signature with a key the forger does not hold.
 */
public final class SnapshotReader {
  private SnapshotReader() {}

  /**
   * Opens the snapshot in the folder {@code folder}, as given on the command line.
   *
   * @throws PgsnapException {@link ErrorCode#INTEGRITY} when the snapshot is partial or fails a
   *     check (every problem is named); {@link ErrorCode#USAGE} when {@code folder} is the folder
   *     that holds snapshots; {@link ErrorCode#STORAGE} when it does not exist or cannot be read
   */
  public static OpenSnapshot open(Path folder) {
    Objects.requireNonNull(folder, "folder");
    SnapshotLocation.check(folder);
    return open(new LocalSnapshotStore(folder));
  }

  /**
   * Opens the snapshot in {@code store}: checks its manifest (JSON Schema, format version, totals,
   * file paths, {@code manifest.sha256}) and {@code SHA256SUMS} (the overall checksum, the same
   * files and checksums as the manifest).
   *
   * @throws PgsnapException {@link ErrorCode#INTEGRITY} naming every problem found
   */
  public static OpenSnapshot open(SnapshotStore store) {
    return open(store, Optional.empty());
  }

  /**
   * {@link #open(SnapshotStore)} with the key material of an encrypted snapshot. Its complete
   * manifest is decrypted and checked here ({@link EncryptedManifest}), so a missing or wrong key
   * is refused before anything else happens.
   *
   * @throws PgsnapException also {@link ErrorCode#KEY} when the snapshot is encrypted and {@code
   *     decryption} is empty or does not open it
   */
  public static OpenSnapshot open(SnapshotStore store, Optional<Decryption> decryption) {
    Objects.requireNonNull(decryption, "decryption");
    SnapshotInspection inspection = checked(store);
    Manifest manifest = inspection.manifest().orElseThrow();
    if (!manifest.isEncrypted()) {
      return new OpenSnapshot(store, manifest, inspection.sums().orElseThrow(), Optional.empty());
    }
    if (decryption.isEmpty()) {
      throw EncryptedManifest.keyNeeded(store.location());
    }
    Manifest complete =
        EncryptedManifest.open(
            manifest,
            inspection.privateManifest().orElseThrow(),
            decryption.get(),
            store.location());
    return new OpenSnapshot(store, complete, inspection.sums().orElseThrow(), decryption);
  }

  /**
   * Opens the snapshot in {@code store} as {@link #open(SnapshotStore)} does, but an encrypted one
   * with what stays readable without its key: its public manifest (names, row counts, sizes, times,
   * checksums), for describing it. The files of such a snapshot cannot be read through the result
   * ({@link OpenSnapshot#openContent} refuses them for want of the key).
   *
   * @throws PgsnapException {@link ErrorCode#INTEGRITY} naming every problem found
   */
  public static OpenSnapshot openPublic(SnapshotStore store) {
    SnapshotInspection inspection = checked(store);
    return new OpenSnapshot(
        store,
        inspection.manifest().orElseThrow(),
        inspection.sums().orElseThrow(),
        Optional.empty());
  }

  /** The records of the snapshot in {@code store}, refused unless they pass every check. */
  private static SnapshotInspection checked(SnapshotStore store) {
    SnapshotInspection inspection = inspect(store);
    List<String> problems = new ArrayList<>();
    inspection.problems().forEach(p -> problems.add(p.line()));
    if (problems.isEmpty()) {
      // Verify compares each line with the file itself; without reading the file, a line that
      // differs from the manifest is a problem in its own right.
      Map<String, String> sums = inspection.sums().orElseThrow().entries();
      for (ListedFile file : inspection.files().values()) {
        ManifestTable table = file.table().orElseThrow();
        if (!table.sha256().equals(sums.get(file.path()))) {
          problems.add(
              SnapshotWriter.CHECKSUMS
                  + ": lists another SHA-256 for "
                  + file.path()
                  + " than the manifest: one of them was changed");
        }
      }
    }
    if (!problems.isEmpty()) {
      throw refused(store.location(), problems);
    }
    return inspection;
  }

  /**
   * Checks the records of the snapshot in {@code store} as {@link #open(SnapshotStore)} does, but
   * collects every problem rather than throwing, for a full report such as {@code verify}'s. Table
   * files are not examined.
   */
  public static SnapshotInspection inspect(SnapshotStore store) {
    return SnapshotChecks.inspect(Objects.requireNonNull(store, "store"));
  }

  /**
   * Reads the manifest of the snapshot in {@code folder}, for a listing: parsed, and opened as
   * safely as every file of a snapshot, but not checked, so that a damaged snapshot can still be
   * listed with what it says of itself. Never use it for anything that loads or trusts data.
   *
   * @throws PgsnapException {@link ErrorCode#INTEGRITY} when the manifest is missing, not a regular
   *     file or malformed; {@link ErrorCode#STORAGE} when it cannot be read
   */
  public static Manifest manifestForListing(Path folder) {
    Path file = folder.resolve(SnapshotWriter.MANIFEST);
    byte[] json;
    try (InputStream in = new LocalSnapshotStore(folder).open(SnapshotWriter.MANIFEST)) {
      json = ReadProblems.readRecord(in);
    } catch (NoSuchFileException e) {
      throw new PgsnapException(
          ErrorCode.INTEGRITY, file + " is missing: the snapshot is incomplete or not a snapshot");
    } catch (SnapshotStore.NotARegularFileException e) {
      throw new PgsnapException(
          ErrorCode.INTEGRITY, file + " " + ReadProblems.notAFile(e.entry().type()));
    } catch (IOException e) {
      throw StorageErrors.readFailed(file, e);
    }
    return new ManifestJson().parse(json, file);
  }

  /** The refusal of a snapshot that failed its checks, naming every problem. */
  static PgsnapException refused(String location, List<String> problems) {
    return new PgsnapException(
        ErrorCode.INTEGRITY,
        "snapshot "
            + location
            + " failed its checks: "
            + String.join("; ", problems)
            + ". Run `pgsnap verify "
            + location
            + "` for a full report");
  }
}
