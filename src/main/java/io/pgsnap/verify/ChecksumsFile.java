package io.pgsnap.verify;

import java.util.List;
import java.util.Map;

/**
 * A parsed {@code SHA256SUMS}, kept for the restore code until it reads snapshots through {@link
 * io.pgsnap.snapshot.SnapshotReader}; the parser is {@link io.pgsnap.snapshot.ChecksumsFile}.
 *
 * @param entries checksum by path, lower-case hex, in file order
 * @param malformed one message per line that is not an entry, naming the line
 */
public record ChecksumsFile(Map<String, String> entries, List<String> malformed) {
  /** Parses the file's bytes, as {@link io.pgsnap.snapshot.ChecksumsFile#parse} does. */
  public static ChecksumsFile parse(byte[] content) {
    io.pgsnap.snapshot.ChecksumsFile parsed = io.pgsnap.snapshot.ChecksumsFile.parse(content);
    return new ChecksumsFile(parsed.entries(), parsed.malformed());
  }
}
