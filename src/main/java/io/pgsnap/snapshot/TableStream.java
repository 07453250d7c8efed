package io.pgsnap.snapshot;

import io.pgsnap.ErrorCode;
import io.pgsnap.PgsnapException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.Optional;

/**
 * A table file's stored bytes (still compressed) as they are read, hashed and counted on the way.
 * Whoever loads the file calls {@link #finish} after the last byte it needs and before it commits,
 * so that what was loaded is exactly what the snapshot recorded, even if the file was changed
 * between a check and the read: the check and the load are the same read.
 */
public final class TableStream extends HashingInputStream {
  private final ManifestTable table;
  private final Optional<String> listed;
  private final String location;

  TableStream(InputStream in, ManifestTable table, Optional<String> listed, String location) {
    super(Objects.requireNonNull(in, "in"));
    this.table = Objects.requireNonNull(table, "table");
    this.listed = Objects.requireNonNull(listed, "listed");
    this.location = Objects.requireNonNull(location, "location");
  }

  /** The table whose file this is. */
  public ManifestTable table() {
    return table;
  }

  /**
   * Checks what was read against the snapshot: the file must have ended at the size the manifest
   * records, and its SHA-256 must be the manifest's and {@code SHA256SUMS}'s. Reads at most one
   * more byte, to see that the file ends there; a reader that stopped early fails the check, since
   * not all of the file was proven.
   *
   * @throws PgsnapException {@link ErrorCode#INTEGRITY} naming the file and what differs
   * @throws IOException when the file cannot be read
   */
  public void finish() throws IOException {
    int more = read();
    long read = bytesRead();
    if (more != -1 || read != table.storedBytes()) {
      throw changed(
          (more != -1 ? "more than " + (read - 1) : String.valueOf(read))
              + " bytes were read, the manifest records "
              + table.storedBytes());
    }
    String actual = sha256();
    if (!actual.equals(table.sha256())) {
      throw changed("its SHA-256 " + actual + " differs from the manifest's " + table.sha256());
    }
    if (listed.isPresent() && !listed.get().equals(actual)) {
      throw changed(
          "its SHA-256 " + actual + " differs from its line in " + SnapshotWriter.CHECKSUMS);
    }
  }

  private PgsnapException changed(String what) {
    return new PgsnapException(
        ErrorCode.INTEGRITY,
        table.file()
            + " is not the file the snapshot recorded: "
            + what
            + " (the file is damaged, or was changed after the snapshot was checked). Run `pgsnap"
            + " verify "
            + location
            + "` for a full report");
  }
}
