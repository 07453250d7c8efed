package io.pgsnap.snapshot;

import static io.pgsnap.snapshot.ReadProblems.RESTORE_OR_RETAKE;

import com.fasterxml.jackson.databind.JsonNode;
import io.pgsnap.PgsnapException;
import io.pgsnap.VerifyResult.Problem;
import io.pgsnap.VerifyResult.Problem.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * One inspection of a snapshot's records: the manifest (format version, schema, totals, paths, its
 * own checksum) and {@code SHA256SUMS} (format, overall checksum, the files it lists). Every
 * problem is collected; none is thrown.
 */
final class SnapshotChecks {
  /** The format versions this release reads. */
  static final Set<Integer> SUPPORTED_VERSIONS = Set.of(1, 2, 3, 4, 5, 6, Manifest.FORMAT_VERSION);

  private final SnapshotStore store;
  private final List<Problem> problems = new ArrayList<>();
  private long bytesRead;

  private SnapshotChecks(SnapshotStore store) {
    this.store = store;
  }

  static SnapshotInspection inspect(SnapshotStore store) {
    return new SnapshotChecks(store).run();
  }

  private SnapshotInspection run() {
    Optional<byte[]> json = read(SnapshotWriter.MANIFEST);
    Optional<Manifest> manifest = Optional.empty();
    if (json.isPresent()) {
      Optional<Integer> version = formatVersion(json.get());
      if (version.map(SUPPORTED_VERSIONS::contains).orElse(true)) {
        manifest = parseManifest(json.get());
        // A manifest that cannot be parsed is refused already; that it also differs from its
        // checksum would only repeat the problem.
        if (manifest.isPresent()) {
          checkManifestChecksum(json.get(), manifest.get().formatVersion());
          problems.addAll(ManifestContentChecks.ddl(manifest.get()));
        }
      }
    }
    Optional<byte[]> privateManifest =
        manifest.filter(Manifest::isEncrypted).flatMap(m -> readPrivateManifest(m.encryption()));
    Optional<ChecksumsFile> sums = readChecksums(manifest);
    Map<String, ListedFile> files = listedFiles(manifest, sums);
    return new SnapshotInspection(manifest, sums, files, problems, bytesRead, privateManifest);
  }

  /**
   * The encrypted complete manifest's bytes, when they are of the size and SHA-256 the public
   * manifest records (so a changed file is reported without the key).
   */
  private Optional<byte[]> readPrivateManifest(ManifestEncryption record) {
    String path = record.manifest();
    Optional<SnapshotStore.Entry> entry;
    try {
      entry = store.entry(path);
    } catch (IOException e) {
      problem(path, Kind.UNREADABLE, ReadProblems.unreadable(e));
      return Optional.empty();
    }
    if (entry.isPresent() && entry.get().size() != record.storedBytes()) {
      problem(
          path,
          Kind.MANIFEST_MISMATCH,
          "has "
              + entry.get().size()
              + " bytes, manifest.json records "
              + record.storedBytes()
              + ": the encrypted manifest was changed; "
              + RESTORE_OR_RETAKE);
      return Optional.empty();
    }
    if (entry.isEmpty()) {
      problem(
          path,
          Kind.MANIFEST_MISSING,
          "is missing: it holds the encrypted snapshot's columns, DDL and sequences; "
              + RESTORE_OR_RETAKE);
      return Optional.empty();
    }
    Optional<byte[]> bytes = read(path);
    if (bytes.isPresent() && !Hashing.sha256Hex(bytes.get()).equals(record.sha256())) {
      problem(
          path,
          Kind.MANIFEST_MISMATCH,
          "its SHA-256 differs from the one manifest.json records: the encrypted manifest was"
              + " changed; "
              + RESTORE_OR_RETAKE);
      return Optional.empty();
    }
    return bytes;
  }

  private void problem(String file, Kind kind, String message) {
    problems.add(new Problem(file, kind, message));
  }

  /** A record file's bytes; a missing one is reported by the caller's own words. */
  private Optional<byte[]> read(String path) {
    try (InputStream in = store.open(path)) {
      byte[] bytes = ReadProblems.readRecord(in);
      bytesRead += bytes.length;
      return Optional.of(bytes);
    } catch (NoSuchFileException e) {
      missing(path);
    } catch (SnapshotStore.NotARegularFileException e) {
      problem(e.entry().path(), Kind.NOT_A_FILE, ReadProblems.notAFile(e.entry().type()));
    } catch (IOException e) {
      problem(path, Kind.UNREADABLE, ReadProblems.unreadable(e));
    }
    return Optional.empty();
  }

  private void missing(String path) {
    switch (path) {
      case SnapshotWriter.MANIFEST ->
          problem(
              path,
              Kind.MANIFEST_MISSING,
              "is missing: nothing records which tables the snapshot holds, their row counts or"
                  + " their DDL; "
                  + RESTORE_OR_RETAKE);
      case SnapshotWriter.CHECKSUMS ->
          problem(
              path,
              Kind.CHECKSUMS_MISSING,
              "is missing, so the overall checksum and sha256sum -c cannot confirm the files; "
                  + RESTORE_OR_RETAKE);
      default ->
          problem(
              path,
              Kind.CHECKSUMS_MISSING,
              "is missing, so nothing shows whether manifest.json was changed after the snapshot"
                  + " was written; "
                  + RESTORE_OR_RETAKE);
    }
  }

  /**
   * The manifest's format version, when it has a numeric one. An unknown version is reported here
   * alone: a newer format has its own schema, so checking it against this one would only add noise.
   */
  private Optional<Integer> formatVersion(byte[] json) {
    JsonNode version;
    try {
      version = ManifestJson.newMapper().readTree(json).path("formatVersion");
    } catch (IOException e) {
      return Optional.empty(); // not JSON: the schema check reports it
    }
    if (!version.isIntegralNumber()) {
      return Optional.empty();
    }
    int v = version.intValue();
    if (!SUPPORTED_VERSIONS.contains(v)) {
      problem(
          SnapshotWriter.MANIFEST,
          Kind.MANIFEST_INVALID,
          "formatVersion "
              + version.asText()
              + " is not one this pgsnap reads (it reads "
              + new java.util.TreeSet<>(SUPPORTED_VERSIONS)
              + "): the snapshot was written by a newer pgsnap, so use that, or the manifest was"
              + " changed");
    }
    return Optional.of(v);
  }

  private Optional<Manifest> parseManifest(byte[] json) {
    List<String> invalid = ManifestSchema.load().problems(json);
    for (String p : invalid) {
      problem(
          SnapshotWriter.MANIFEST,
          Kind.MANIFEST_INVALID,
          "not valid against the manifest schema: "
              + p
              + "; the manifest was changed or corrupted; "
              + RESTORE_OR_RETAKE);
    }
    Manifest manifest;
    try {
      manifest = new ManifestJson().parse(json, java.nio.file.Path.of(SnapshotWriter.MANIFEST));
    } catch (PgsnapException e) {
      // Text that is not JSON, or not a manifest, is reported by the schema check already.
      if (invalid.isEmpty()) {
        problem(
            SnapshotWriter.MANIFEST,
            Kind.MANIFEST_INVALID,
            "is not a pgsnap manifest: " + e.getMessage() + "; " + RESTORE_OR_RETAKE);
      }
      return Optional.empty();
    }
    problems.addAll(ManifestContentChecks.totals(manifest));
    return Optional.of(manifest);
  }

  /**
   * Checks {@code manifest.sha256}: required from format version 2 on, and checked whenever it is
   * there.
   */
  private void checkManifestChecksum(byte[] json, int version) {
    boolean required = version >= ManifestChecksum.SINCE_FORMAT_VERSION;
    Optional<SnapshotStore.Entry> entry;
    try {
      entry = store.entry(ManifestChecksum.FILE);
    } catch (IOException e) {
      problem(ManifestChecksum.FILE, Kind.UNREADABLE, ReadProblems.unreadable(e));
      return;
    }
    if (entry.isEmpty() && !required) {
      return; // written before the manifest had a checksum of its own
    }
    Optional<byte[]> content = read(ManifestChecksum.FILE);
    if (content.isEmpty()) {
      return;
    }
    Optional<String> recorded = ManifestChecksum.parse(content.get());
    if (recorded.isEmpty()) {
      problem(
          ManifestChecksum.FILE,
          Kind.CHECKSUMS_INVALID,
          "is not one line '<sha256>  manifest.json' as sha256sum writes it: the file was changed"
              + " or corrupted; "
              + RESTORE_OR_RETAKE);
    } else if (!recorded.get().equals(Hashing.sha256Hex(json))) {
      problem(
          SnapshotWriter.MANIFEST,
          Kind.MANIFEST_MISMATCH,
          "its SHA-256 differs from the one in manifest.sha256: manifest.json was changed after"
              + " the snapshot was written; "
              + RESTORE_OR_RETAKE);
    }
  }

  private Optional<ChecksumsFile> readChecksums(Optional<Manifest> manifest) {
    Optional<byte[]> content = read(SnapshotWriter.CHECKSUMS);
    if (content.isEmpty()) {
      return Optional.empty();
    }
    ChecksumsFile sums = ChecksumsFile.parse(content.get());
    for (String line : sums.malformed()) {
      problem(
          SnapshotWriter.CHECKSUMS,
          Kind.CHECKSUMS_INVALID,
          line + ": the file was changed or corrupted; " + RESTORE_OR_RETAKE);
    }
    if (manifest.isPresent()
        && !Hashing.sha256Hex(content.get()).equals(manifest.get().overallChecksum())) {
      problem(
          SnapshotWriter.CHECKSUMS,
          Kind.OVERALL_CHECKSUM_MISMATCH,
          "its SHA-256 differs from the manifest's overallChecksum: SHA256SUMS or the manifest"
              + " was changed; "
              + RESTORE_OR_RETAKE);
    }
    return Optional.of(sums);
  }

  /**
   * The table files the snapshot lists, in path order: the manifest's, each with its {@code
   * SHA256SUMS} line; without a readable manifest, the files {@code SHA256SUMS} lists.
   */
  private Map<String, ListedFile> listedFiles(
      Optional<Manifest> manifest, Optional<ChecksumsFile> sums) {
    Map<String, String> sumsEntries = sums.map(ChecksumsFile::entries).orElse(Map.of());
    Map<String, ListedFile> listed = new TreeMap<>();
    Set<String> refused = new java.util.HashSet<>();
    if (manifest.isPresent()) {
      for (ManifestTable table :
          manifest.get().tables().stream().flatMap(t -> t.fileEntries().stream()).toList()) {
        String path = table.file();
        Optional<String> unsafe = TablePaths.problem(path);
        if (unsafe.isPresent()) {
          problem(
              SnapshotWriter.MANIFEST,
              Kind.MANIFEST_INVALID,
              "lists the file '"
                  + printable(path)
                  + "' for "
                  + table.id()
                  + ", which is not a file inside tables/ (the path "
                  + unsafe.get()
                  + "): the manifest was changed; "
                  + RESTORE_OR_RETAKE);
          refused.add(path);
          continue;
        }
        Optional<String> line = Optional.ofNullable(sumsEntries.get(path));
        if (listed.putIfAbsent(path, new ListedFile(path, Optional.of(table), line)) != null) {
          problem(
              SnapshotWriter.MANIFEST,
              Kind.MANIFEST_MISMATCH,
              "lists "
                  + path
                  + " for more than one table: the manifest was changed; "
                  + RESTORE_OR_RETAKE);
        } else if (sums.isPresent() && line.isEmpty()) {
          problem(
              SnapshotWriter.CHECKSUMS,
              Kind.CHECKSUMS_MISMATCH,
              "has no line for "
                  + path
                  + ", which the manifest lists: SHA256SUMS or the manifest was changed; "
                  + RESTORE_OR_RETAKE);
        }
      }
    }
    for (Map.Entry<String, String> line : sumsEntries.entrySet()) {
      String path = line.getKey();
      if (manifest.isPresent()) {
        if (!listed.containsKey(path) && !refused.contains(path)) {
          problem(
              SnapshotWriter.CHECKSUMS,
              Kind.CHECKSUMS_MISMATCH,
              "lists "
                  + printable(path)
                  + ", which the manifest does not: SHA256SUMS or the manifest was changed; "
                  + RESTORE_OR_RETAKE);
        }
      } else if (!TablePaths.isTableFile(path)) {
        problem(
            SnapshotWriter.CHECKSUMS,
            Kind.CHECKSUMS_INVALID,
            "lists '"
                + printable(path)
                + "', which is not a file inside tables/; "
                + RESTORE_OR_RETAKE);
      } else {
        listed.put(path, new ListedFile(path, Optional.empty(), Optional.of(line.getValue())));
      }
    }
    return listed;
  }

  /** A path as it can be printed: a NUL would cut a message short in some terminals and logs. */
  private static String printable(String path) {
    return path.replace("\0", "\\0");
  }
}
