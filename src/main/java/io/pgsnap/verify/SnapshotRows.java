package io.pgsnap.verify;

import io.pgsnap.ErrorCode;
import io.pgsnap.PgsnapException;
import io.pgsnap.fingerprint.Fingerprint;
import io.pgsnap.fingerprint.RowListener;
import io.pgsnap.snapshot.ManifestTable;
import io.pgsnap.snapshot.OpenSnapshot;
import io.pgsnap.snapshot.ReadProblems;
import io.pgsnap.snapshot.TableContent;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Reads the rows of a snapshot's table file for a {@link RowListener}, with the parsers {@code
 * verify --deep} uses, and proves the file as it goes: what the listener heard comes from the file
 * the snapshot recorded, or the read fails.
 */
final class SnapshotRows {

  private SnapshotRows() {}

  /**
   * Reads every row of {@code table}'s file, or of each of its parts.
   *
   * @return the fingerprint of the rows the files hold
   * @throws PgsnapException {@link ErrorCode#INTEGRITY} naming the file when it does not
   *     decompress, is not well-formed, or is not the file the manifest records
   */
  static Fingerprint read(OpenSnapshot snapshot, ManifestTable table, RowListener listener) {
    Fingerprint sum = Fingerprint.EMPTY;
    for (ManifestTable file : table.fileEntries()) {
      sum = sum.plus(readFile(snapshot, file, listener));
    }
    return sum;
  }

  private static Fingerprint readFile(
      OpenSnapshot snapshot, ManifestTable table, RowListener listener) {
    try (TableContent content = snapshot.openContent(table)) {
      InputStream plain = content.rows();
      RowCounts.Count count = RowCounts.count(table.format(), table.fileColumns(), plain, listener);
      if (count.malformed().isPresent()) {
        // The reason ends in what to do about it.
        throw new PgsnapException(
            ErrorCode.INTEGRITY, table.file() + " " + count.malformed().get());
      }
      content.finish();
      return count.fingerprint();
    } catch (IOException | UncheckedIOException e) {
      throw damaged(
          snapshot,
          table.file() + " could not be read or decompressed (" + ReadProblems.describe(e) + ")");
    }
  }

  private static PgsnapException damaged(OpenSnapshot snapshot, String what) {
    return new PgsnapException(
        ErrorCode.INTEGRITY,
        what
            + "; run `pgsnap verify --deep "
            + snapshot.location()
            + "` for a full report, then "
            + ReadProblems.RESTORE_OR_RETAKE);
  }
}
