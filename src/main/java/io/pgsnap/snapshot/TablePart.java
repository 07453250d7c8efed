package io.pgsnap.snapshot;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.pgsnap.fingerprint.Fingerprint;
import java.util.Objects;

/**
 * One file of a table that an export split into block ranges (format version 6 on): the rows whose
 * {@code ctid} lies in {@code [fromBlock, toBlock)} when the export read them.
 *
 * @param file the part's data file, relative to the snapshot folder ({@code tables/...})
 * @param rows how many rows the file holds
 * @param storedBytes the file's size
 * @param rawBytes the size of the uncompressed rows
 * @param sha256 the file's SHA-256, lower-case hex
 * @param fingerprint the content fingerprint of the file's rows; null in the public manifest of an
 *     encrypted snapshot
 * @param fromBlock the first heap block of the range
 * @param toBlock the block the range ends before, or null for the last part, which is open-ended so
 *     that rows in blocks added after the size was read are not lost
 */
public record TablePart(
    String file,
    long rows,
    long storedBytes,
    long rawBytes,
    String sha256,
    Fingerprint fingerprint,
    long fromBlock,
    @JsonInclude(JsonInclude.Include.NON_NULL) Long toBlock) {

  public TablePart {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(sha256, "sha256");
  }

  /** The part written into {@code file} for the blocks {@code [fromBlock, toBlock)}. */
  public static TablePart of(StoredFile file, long fromBlock, Long toBlock) {
    return new TablePart(
        file.path(),
        file.rows(),
        file.storedBytes(),
        file.rawBytes(),
        file.sha256(),
        file.fingerprint(),
        fromBlock,
        toBlock);
  }
}
