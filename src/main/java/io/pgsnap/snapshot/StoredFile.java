package io.pgsnap.snapshot;

import io.pgsnap.fingerprint.Fingerprint;
import java.util.Objects;

/**
 * A table file as written: where, how, and its figures.
 *
 * @param path relative to the snapshot folder, with {@code /} separators
 * @param format how rows are written
 * @param compression how the file is compressed
 * @param rows rows written
 * @param storedBytes bytes on disk
 * @param rawBytes bytes before compression
 * @param sha256 SHA-256 of the bytes on disk, lower-case hex
 * @param fingerprint the content fingerprint of the rows written
 */
public record StoredFile(
    String path,
    DataFormat format,
    Compression compression,
    long rows,
    long storedBytes,
    long rawBytes,
    String sha256,
    Fingerprint fingerprint) {
  public StoredFile {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(compression, "compression");
    Objects.requireNonNull(sha256, "sha256");
    Objects.requireNonNull(fingerprint, "fingerprint");
  }
}
