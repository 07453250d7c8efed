package io.pgsnap.snapshot;

import io.pgsnap.VerifyResult.Problem;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link SnapshotReader#inspect} found in a snapshot's own records, before any table file is
 * read: every problem, collected rather than thrown, and what could be read despite them.
 *
 * @param manifest the manifest, when it could be read and parsed
 * @param sums {@code SHA256SUMS}, when it could be read
 * @param files the table files the snapshot lists, by path in path order; only paths that pass
 *     {@link TablePaths}
 * @param problems every problem found, in the order found
 * @param bytesRead the bytes of the records read ({@code manifest.json}, {@code manifest.sha256},
 *     {@code SHA256SUMS}, the encrypted complete manifest)
 * @param privateManifest the stored (encrypted) bytes of an encrypted snapshot's complete manifest,
 *     when they are what its public manifest records; empty for a snapshot that is not encrypted
 */
public record SnapshotInspection(
    Optional<Manifest> manifest,
    Optional<ChecksumsFile> sums,
    Map<String, ListedFile> files,
    List<Problem> problems,
    long bytesRead,
    Optional<byte[]> privateManifest) {
  public SnapshotInspection {
    Objects.requireNonNull(manifest, "manifest");
    Objects.requireNonNull(sums, "sums");
    files = Collections.unmodifiableMap(new LinkedHashMap<>(files));
    problems = List.copyOf(problems);
    Objects.requireNonNull(privateManifest, "privateManifest");
  }

  /** Whether nothing was found wrong. */
  public boolean ok() {
    return problems.isEmpty();
  }
}
