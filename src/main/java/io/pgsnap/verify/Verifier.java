package io.pgsnap.verify;

import static io.pgsnap.snapshot.ReadProblems.unreadable;

import io.pgsnap.ErrorCode;
import io.pgsnap.PgsnapException;
import io.pgsnap.ProgressListener;
import io.pgsnap.VerifyOptions;
import io.pgsnap.VerifyResult;
import io.pgsnap.VerifyResult.Problem;
import io.pgsnap.VerifyResult.Problem.Kind;
import io.pgsnap.signing.SignatureCheck;
import io.pgsnap.snapshot.EncryptedManifest;
import io.pgsnap.snapshot.ListedFile;
import io.pgsnap.snapshot.LocalSnapshotStore;
import io.pgsnap.snapshot.LoggedOperation;
import io.pgsnap.snapshot.Manifest;
import io.pgsnap.snapshot.ManifestChecksum;
import io.pgsnap.snapshot.ManifestTable;
import io.pgsnap.snapshot.PublicManifest;
import io.pgsnap.snapshot.ReadProblems;
import io.pgsnap.snapshot.SnapshotInspection;
import io.pgsnap.snapshot.SnapshotReader;
import io.pgsnap.snapshot.SnapshotSigner;
import io.pgsnap.snapshot.SnapshotSource;
import io.pgsnap.snapshot.SnapshotStore;
import io.pgsnap.snapshot.SnapshotWriter;
import io.pgsnap.snapshot.StorageErrors;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Verifies one snapshot folder offline: the snapshot's records through the same checks every
 * command opens a snapshot with ({@link SnapshotReader#inspect}: the manifest against its JSON
 * Schema, itself and {@code manifest.sha256}, file paths, {@code SHA256SUMS} and the overall
 * checksum), and every table file's type, presence, size and SHA-256, read without following links;
 * anything in the folder that the snapshot does not list; and a {@code .partial} folder. With
 * {@link VerifyOptions#deep()} every file is also decompressed and its rows counted against the
 * manifest.
 *
 * <p>Every problem is collected, so one run reports all of them, each naming its file. Each file is
 * read once, in one pass that hashes the stored bytes and (deep) decompresses and counts them,
 * through fixed buffers: memory stays constant however large the snapshot.
 *
 * <p>Each verification appends one line to {@code pgsnap.log} in the snapshot's parent folder, with
 * {@code "command": "verify"}, the snapshot id and {@code "outcome": "success"} or {@code
 * "failure"}, so that listing snapshots can show which failed verification.
 */
public final class Verifier {
  private static final String RESTORE_OR_RETAKE = ReadProblems.RESTORE_OR_RETAKE;

  private final VerifyOptions options;
  private final ProgressListener progress;
  private final Clock clock;

  /**
   * A verifier.
   *
   * @param options how thoroughly to verify
   * @param progress hears about each table file as it is checked
   * @param clock gives the time recorded in {@code pgsnap.log}
   */
  public Verifier(VerifyOptions options, ProgressListener progress, Clock clock) {
    this.options = Objects.requireNonNull(options, "options");
    this.progress = Objects.requireNonNull(progress, "progress");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Verifies the snapshot folder {@code snapshot} and records the outcome in {@code pgsnap.log}
   * beside it.
   *
   * @return every problem found; a snapshot that fails verification is a result, not an exception
   * @throws PgsnapException {@link ErrorCode#STORAGE} when the folder is missing or cannot be
   *     listed; {@link ErrorCode#USAGE} when the path is not a folder, or a folder that holds no
   *     part of a snapshot (such as the folder of all snapshots)
   */
  public VerifyResult verify(Path snapshot) {
    Objects.requireNonNull(snapshot, "snapshot");
    long startNanos = System.nanoTime();
    String id = idOf(snapshot);
    // Logged under the snapshot's id, so that a partial folder's line names the snapshot too.
    return LoggedOperation.inFolder(parentOf(snapshot), "verify", clock)
        .withContext("snapshot", id)
        .withContext("deep", options.deep())
        .run(
            () ->
                new Run(new LocalSnapshotStore(snapshot), id, startNanos)
                    .run(
                        () -> SnapshotPlaces.checkIsSnapshotFolder(snapshot, id),
                        isPartial(snapshot)),
            this::outcome);
  }

  /**
   * Verifies the snapshot in {@code store}, such as one in object storage. Nothing is logged:
   * {@code pgsnap.log} is a file beside a local snapshot folder.
   *
   * @param id the snapshot's id, for the result and messages
   * @throws PgsnapException {@link ErrorCode#STORAGE} when nothing is stored there or it cannot be
   *     listed; {@link ErrorCode#USAGE} when it holds no part of a snapshot (such as the place of
   *     all snapshots)
   */
  public VerifyResult verify(SnapshotStore store, String id) {
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(id, "id");
    return new Run(store, id, System.nanoTime())
        .run(() -> SnapshotSource.checkHoldsSnapshot(store, id), false);
  }

  private LoggedOperation.Outcome outcome(VerifyResult result) {
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("durationMs", result.elapsed().toMillis());
    figures.put("problems", result.problems().size());
    if (!result.ok()) {
      figures.put(
          "problemKinds", new TreeSet<>(result.problems().stream().map(Problem::kind).toList()));
    }
    figures.put("filesChecked", result.filesChecked());
    figures.put("bytesRead", result.bytesRead());
    if (options.deep()) {
      figures.put("rowsCounted", result.rowsCounted());
    }
    return new LoggedOperation.Outcome(result.ok() ? "success" : "failure", figures);
  }

  /** The snapshot id of a folder: its name without {@code .partial}. */
  static String idOf(Path snapshot) {
    String name = folderName(snapshot);
    return name.endsWith(SnapshotWriter.PARTIAL_SUFFIX)
        ? name.substring(0, name.length() - SnapshotWriter.PARTIAL_SUFFIX.length())
        : name;
  }

  private static String folderName(Path snapshot) {
    Path name = snapshot.toAbsolutePath().normalize().getFileName();
    return name == null ? snapshot.toString() : name.toString();
  }

  private static boolean isPartial(Path snapshot) {
    return folderName(snapshot).endsWith(SnapshotWriter.PARTIAL_SUFFIX);
  }

  private static Path parentOf(Path snapshot) {
    return snapshot.toAbsolutePath().normalize().getParent();
  }

  /** The state of one verification; a verifier itself stays immutable. */
  private final class Run {
    private final SnapshotStore store;
    private final String id;
    private final long startNanos;
    private final List<Problem> problems = new ArrayList<>();
    private int filesChecked;
    private long bytesRead;
    private long rowsCounted;
    private boolean encrypted;

    /** The deep check's view of each file: from an encrypted snapshot's complete manifest. */
    private Map<String, ManifestTable> complete = Map.of();

    Run(SnapshotStore store, String id, long startNanos) {
      this.store = store;
      this.id = id;
      this.startNanos = startNanos;
    }

    /**
     * @param checkIsSnapshot fails when the location is no snapshot at all
     * @param partial whether the location is marked as an unfinished export
     */
    VerifyResult run(Runnable checkIsSnapshot, boolean partial) {
      checkIsSnapshot.run();
      if (partial) {
        problem(
            id + SnapshotWriter.PARTIAL_SUFFIX,
            Kind.PARTIAL,
            "the snapshot is incomplete (its folder still ends in "
                + SnapshotWriter.PARTIAL_SUFFIX
                + "): its export is still running or died; take a new snapshot (prune clears"
                + " abandoned partial folders)");
      }
      SignatureCheck signatures = SignatureCheck.read(store);
      VerifyResult.Signature signature = checkSignatures(signatures);
      // The records are checked from the bytes whose signatures were just checked.
      SnapshotInspection inspection = SnapshotReader.inspect(signatures.pinned());
      problems.addAll(inspection.problems());
      bytesRead += inspection.bytesRead();
      Optional<Manifest> manifest = inspection.manifest();
      encrypted = manifest.map(Manifest::isEncrypted).orElse(false);
      if (encrypted && options.deep()) {
        openCompleteManifest(manifest.get(), inspection);
      }
      Map<String, ListedFile> expected = inspection.files();
      checkForExtraFiles(expected.keySet());
      progress.planned(
          expected.size(),
          manifest.map(m -> m.totals().rows()).orElse(0L),
          manifest.map(m -> m.totals().storedBytes()).orElse(0L));
      for (ListedFile file : expected.values()) {
        checkFile(file);
      }
      return new VerifyResult(
          store.location(),
          id,
          options.deep(),
          problems,
          filesChecked,
          bytesRead,
          rowsCounted,
          Duration.ofNanos(System.nanoTime() - startNanos),
          signature);
    }

    /** Checks the signatures against the required key; without one, only says whether any. */
    private VerifyResult.Signature checkSignatures(SignatureCheck signatures) {
      if (options.requiredSigner() == null) {
        return signatures.signed()
            ? VerifyResult.Signature.NOT_CHECKED
            : VerifyResult.Signature.NONE;
      }
      List<Problem> bad = signatures.problems(options.requiredSigner());
      problems.addAll(bad);
      return bad.isEmpty() ? VerifyResult.Signature.GOOD : VerifyResult.Signature.REFUSED;
    }

    private void problem(String file, Kind kind, String message) {
      problems.add(new Problem(file, kind, message));
    }

    /**
     * Decrypts an encrypted snapshot's complete manifest for the deep check, which needs each
     * file's columns and fingerprint. Without a key that opens it, nothing deep can be checked.
     *
     * @throws PgsnapException {@link ErrorCode#KEY} when no key, or a wrong one, was given
     */
    private void openCompleteManifest(Manifest published, SnapshotInspection inspection) {
      if (options.decryption().isEmpty()) {
        throw EncryptedManifest.keyNeeded(store.location());
      }
      if (inspection.privateManifest().isEmpty()) {
        return; // reported by the inspection
      }
      try {
        Manifest opened =
            EncryptedManifest.open(
                published,
                inspection.privateManifest().get(),
                options.decryption().get(),
                store.location());
        complete =
            opened.tables().stream()
                .flatMap(t -> t.fileEntries().stream())
                .collect(Collectors.toMap(ManifestTable::file, t -> t, (a, b) -> a));
      } catch (PgsnapException e) {
        if (e.code() != ErrorCode.INTEGRITY) {
          throw e;
        }
        problem(published.encryption().manifest(), Kind.MANIFEST_MISMATCH, e.getMessage());
      }
    }

    /**
     * Reports everything in the folder and in {@code tables/} that is not part of the snapshot.
     * Nothing is followed through a symbolic link.
     */
    private void checkForExtraFiles(Set<String> expected) {
      try {
        for (SnapshotStore.Entry child : store.list("")) {
          String name = child.path();
          if (!name.equals(SnapshotWriter.MANIFEST)
              && !name.equals(SnapshotWriter.CHECKSUMS)
              && !name.equals(ManifestChecksum.FILE)
              && !(encrypted && name.equals(PublicManifest.PRIVATE_FILE))
              && !SnapshotSigner.FILES.contains(name)
              && !name.equals(SnapshotWriter.TABLES)) {
            extra(name + (child.type() == SnapshotStore.Type.FOLDER ? "/" : ""));
          }
        }
      } catch (IOException e) {
        throw StorageErrors.readFailed(store.location(), e);
      }
      Optional<SnapshotStore.Entry> tables;
      try {
        tables = store.entry(SnapshotWriter.TABLES);
      } catch (IOException e) {
        throw StorageErrors.readFailed(store.location(), e);
      }
      if (tables.isEmpty()) {
        return; // every listed file is reported missing
      }
      if (tables.get().type() != SnapshotStore.Type.FOLDER) {
        problem(
            SnapshotWriter.TABLES,
            Kind.NOT_A_FILE,
            "is "
                + (tables.get().type() == SnapshotStore.Type.LINK
                    ? "a symbolic link"
                    : "not a folder")
                + ", so no table file can be read; "
                + RESTORE_OR_RETAKE);
        return;
      }
      try {
        for (SnapshotStore.Entry file : store.list(SnapshotWriter.TABLES)) {
          if (file.type() == SnapshotStore.Type.FOLDER) {
            extra(file.path() + "/");
          } else if (!expected.contains(file.path())) {
            extra(file.path());
          }
        }
      } catch (IOException e) {
        problem(SnapshotWriter.TABLES + "/", Kind.UNREADABLE, unreadable(e));
      }
    }

    private void extra(String path) {
      problem(
          path,
          Kind.EXTRA_FILE,
          "is not part of the snapshot (neither the manifest nor SHA256SUMS lists it): something"
              + " else wrote into the snapshot folder; move it out");
    }

    private void checkFile(ListedFile expected) {
      String path = expected.path();
      Optional<SnapshotStore.Entry> found;
      try {
        found = store.entry(path);
      } catch (IOException e) {
        problem(path, Kind.UNREADABLE, unreadable(e));
        return;
      }
      if (found.isEmpty()) {
        problem(
            path,
            Kind.FILE_MISSING,
            "is missing: the snapshot lists it but the file is not there; " + RESTORE_OR_RETAKE);
        return;
      }
      SnapshotStore.Entry attributes = found.get();
      if (!attributes.path().equals(path)) {
        return; // a folder on its way is not a folder, reported once by checkForExtraFiles
      }
      if (attributes.type() != SnapshotStore.Type.REGULAR) {
        problem(path, Kind.NOT_A_FILE, ReadProblems.notAFile(attributes.type()));
        return;
      }
      long size = attributes.size();
      Optional<ManifestTable> table = expected.table();
      // An empty or truncated file cannot decompress or hold its rows; that follows from its
      // size, so the deep check would only repeat the problem. An encrypted file is checked by
      // its complete manifest's entry, which has its columns and fingerprint.
      Optional<ManifestTable> deep =
          table
              .filter(t -> options.deep() && size >= t.storedBytes())
              .flatMap(t -> encrypted ? Optional.ofNullable(complete.get(path)) : Optional.of(t));
      FileRead read;
      try {
        read = FileRead.of(store, path, deep, encrypted ? options.decryption() : Optional.empty());
      } catch (SnapshotStore.NotARegularFileException e) {
        problem(path, Kind.NOT_A_FILE, ReadProblems.notAFile(e.entry().type()));
        return;
      } catch (IOException e) {
        problem(path, Kind.UNREADABLE, unreadable(e));
        return;
      }
      filesChecked++;
      bytesRead += read.bytes();
      compareChecksums(expected, size, read.sha256());
      deep.ifPresent(t -> compareContent(path, t, read));
      table.ifPresent(
          t -> {
            long rows = read.count().map(RowCounts.Count::rows).orElse(t.rows());
            progress.advanced(t.id(), rows, read.bytes());
            progress.tableFinished(t.id(), rows, read.bytes());
          });
    }

    /**
     * Compares a file with what the manifest and {@code SHA256SUMS} record. When the file agrees
     * with one record and not the other, the other was changed, and that is what is reported.
     */
    private void compareChecksums(ListedFile expected, long size, String actual) {
      String path = expected.path();
      Optional<String> recorded = expected.table().map(ManifestTable::sha256);
      Optional<String> listed = expected.sums();
      boolean matchesManifest = recorded.map(actual::equals).orElse(false);
      boolean matchesSums = listed.map(actual::equals).orElse(false);
      if (expected.table().isPresent()) {
        long storedBytes = expected.table().get().storedBytes();
        if (matchesManifest) {
          if (size != storedBytes) {
            problem(
                SnapshotWriter.MANIFEST,
                Kind.MANIFEST_MISMATCH,
                "records "
                    + storedBytes
                    + " bytes for "
                    + path
                    + ", but the file has "
                    + size
                    + " and its SHA-256 matches: the manifest was changed; "
                    + RESTORE_OR_RETAKE);
          }
        } else if (matchesSums) {
          problem(
              SnapshotWriter.MANIFEST,
              Kind.MANIFEST_MISMATCH,
              "records another SHA-256 for "
                  + path
                  + " than the file and SHA256SUMS have: the manifest was changed after the"
                  + " export; "
                  + RESTORE_OR_RETAKE);
        } else {
          reportChangedFile(path, size, storedBytes, "the manifest");
        }
      } else if (listed.isPresent() && !matchesSums) {
        reportChangedFile(path, size, -1, "SHA256SUMS");
      }
      if (recorded.isPresent()
          && listed.isPresent()
          && !recorded.get().equals(listed.get())
          && !matchesSums) {
        problem(
            SnapshotWriter.CHECKSUMS,
            Kind.CHECKSUMS_MISMATCH,
            "lists another SHA-256 for "
                + path
                + " than the manifest"
                + (matchesManifest ? " and the file have" : " has")
                + ": SHA256SUMS was changed; "
                + RESTORE_OR_RETAKE);
      }
    }

    /** A file whose content differs from its record, described by what is most telling. */
    private void reportChangedFile(String path, long size, long storedBytes, String record) {
      if (size == 0 && storedBytes != 0) {
        problem(
            path,
            Kind.EMPTY_FILE,
            "is empty (0 bytes"
                + (storedBytes > 0 ? ", the manifest records " + storedBytes : "")
                + "): the file was emptied, or its write never finished; "
                + RESTORE_OR_RETAKE);
      } else if (storedBytes >= 0 && size < storedBytes) {
        problem(
            path,
            Kind.SIZE_MISMATCH,
            "is truncated: "
                + size
                + " bytes, the manifest records "
                + storedBytes
                + "; the file was cut short (a full disk or an interrupted copy); "
                + RESTORE_OR_RETAKE);
      } else if (storedBytes >= 0 && size > storedBytes) {
        problem(
            path,
            Kind.SIZE_MISMATCH,
            "is "
                + size
                + " bytes, longer than the "
                + storedBytes
                + " the manifest records: something was written into it; "
                + RESTORE_OR_RETAKE);
      } else {
        problem(
            path,
            Kind.CHECKSUM_MISMATCH,
            "SHA-256 differs from "
                + record
                + ": the file was changed or corrupted; "
                + RESTORE_OR_RETAKE);
      }
    }

    /** The deep check: the file decompresses, is well-formed, and holds the recorded rows. */
    private void compareContent(String path, ManifestTable table, FileRead read) {
      if (read.decompressionFailure().isPresent()) {
        problem(
            path,
            Kind.DECOMPRESSION_FAILED,
            "does not decompress as "
                + table.compression()
                + " ("
                + read.decompressionFailure().get()
                + "): the file is corrupt; "
                + RESTORE_OR_RETAKE);
        return;
      }
      RowCounts.Count count = read.count().orElseThrow();
      if (count.malformed().isPresent()) {
        problem(path, Kind.MALFORMED_DATA, count.malformed().get());
        return;
      }
      rowsCounted += count.rows();
      if (count.rows() != table.rows()) {
        problem(
            path,
            Kind.ROW_COUNT_MISMATCH,
            String.format(
                Locale.ROOT,
                "holds %,d rows but the manifest records %,d: the manifest or the file was"
                    + " changed; %s",
                count.rows(),
                table.rows(),
                RESTORE_OR_RETAKE));
      }
      if (count.bytes() != table.rawBytes()) {
        problem(
            path,
            Kind.RAW_SIZE_MISMATCH,
            String.format(
                Locale.ROOT,
                "decompresses to %,d bytes but the manifest records %,d: the manifest or the"
                    + " file was changed; %s",
                count.bytes(),
                table.rawBytes(),
                RESTORE_OR_RETAKE));
      }
      table
          .recordedFingerprint()
          .filter(recorded -> count.rows() == table.rows() && !recorded.equals(count.fingerprint()))
          .ifPresent(
              recorded ->
                  problem(
                      path,
                      Kind.CONTENT_MISMATCH,
                      "holds other values than the snapshot recorded: its content fingerprint "
                          + count.fingerprint().shortSum()
                          + "… differs from the manifest's "
                          + recorded.shortSum()
                          + "… (the file was edited and its checksums recomputed, or the"
                          + " manifest was); "
                          + RESTORE_OR_RETAKE));
    }
  }
}
