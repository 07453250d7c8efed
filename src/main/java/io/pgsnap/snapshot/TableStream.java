package io.pgsnap.snapshot;

import io.pgsnap.ErrorCode;
import io.pgsnap.PgsnapException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;

/**
 * A table file's stored bytes (still compressed) as they are read, hashed and counted on the way.
 * Whoever loads the file calls {@link #finish} after the last byte it needs and before it commits,
 * so that what was loaded is exactly what the snapshot recorded, even if the file was changed
 * between a check and the read: the check and the load are the same read.
 */
public final class TableStream extends FilterInputStream {
  private static final int SKIP_BUFFER = 64 * 1024;

  private final ManifestTable table;
  private final Optional<String> listed;
  private final String location;
  private final MessageDigest digest = Hashing.sha256();
  private long bytesRead;

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

  /** The stored bytes read so far. */
  public long bytesRead() {
    return bytesRead;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n == -1 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = in.read(b, off, len);
    if (n > 0) {
      digest.update(b, off, n);
      bytesRead += n;
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    // Skipped bytes would be missing from the checksum; read them instead.
    byte[] buffer = new byte[(int) Math.max(0, Math.min(n, SKIP_BUFFER))];
    int read = read(buffer, 0, buffer.length);
    return Math.max(read, 0);
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  @Override
  public synchronized void mark(int readlimit) {
    // not supported: a reset would hash bytes twice
  }

  @Override
  public synchronized void reset() throws IOException {
    throw new IOException("mark/reset not supported");
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
    if (more != -1 || bytesRead != table.storedBytes()) {
      throw changed(
          (more != -1 ? "more than " + bytesRead : String.valueOf(bytesRead))
              + " bytes were read, the manifest records "
              + table.storedBytes());
    }
    String actual = HexFormat.of().formatHex(digest.digest());
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
            + " changed while it was read: "
            + what
            + ". Run `pgsnap verify "
            + location
            + "` for a full report");
  }
}
