package io.pgsnap.snapshot;

import java.util.Objects;
import java.util.Optional;

/**
 * A table file a snapshot lists, in its manifest, in {@code SHA256SUMS}, or in both.
 *
 * @param path its path inside the snapshot, checked against {@link TablePaths}
 * @param table the manifest's entry for it, when the manifest lists it
 * @param sums its checksum in {@code SHA256SUMS}, when that lists it
 */
public record ListedFile(String path, Optional<ManifestTable> table, Optional<String> sums) {
  public ListedFile {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(sums, "sums");
  }
}
