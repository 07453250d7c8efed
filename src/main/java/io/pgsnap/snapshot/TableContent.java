package io.pgsnap.snapshot;

import io.pgsnap.ErrorCode;
import io.pgsnap.PgsnapException;
import io.pgsnap.crypto.DecryptingInputStream;
import io.pgsnap.crypto.Decryption;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import org.apache.commons.io.input.CloseShieldInputStream;

/**
 * A table file's rows as they are read: its stored bytes hashed ({@link TableStream}), decrypted
 * when the snapshot is encrypted, then decompressed. {@link #finish} proves both layers after the
 * last row was read: the OpenPGP integrity check of an encrypted file, then the stored file's size
 * and SHA-256.
 */
public final class TableContent implements Closeable {
  /** As the loader read before files were decrypted: fewer, larger reads for the decompressor. */
  private static final int BUFFER = 256 * 1024;

  private final TableStream stored;
  private final Optional<DecryptingInputStream> decrypted;
  private final InputStream rows;

  private TableContent(
      TableStream stored, Optional<DecryptingInputStream> decrypted, InputStream rows) {
    this.stored = stored;
    this.decrypted = decrypted;
    this.rows = rows;
  }

  /**
   * @param decryption what opens the file, present exactly when the snapshot is encrypted
   */
  static TableContent open(TableStream stored, Optional<Decryption> decryption) throws IOException {
    ManifestTable table = stored.table();
    // A decompressor (or the decryption) closes what it reads at its end; the rest of the file
    // must still be read and hashed by finish().
    InputStream below = CloseShieldInputStream.wrap(stored);
    Optional<DecryptingInputStream> decrypted = Optional.empty();
    if (decryption.isPresent()) {
      decrypted = Optional.of(decryption.get().decrypt(below, table.file()));
      below = CloseShieldInputStream.wrap(decrypted.get());
    }
    InputStream rows = table.compression().decompress(new BufferedInputStream(below, BUFFER));
    return new TableContent(stored, decrypted, rows);
  }

  /** The table whose file this is. */
  public ManifestTable table() {
    return stored.table();
  }

  /** The rows: the file's uncompressed (and decrypted) content. */
  public InputStream rows() {
    return rows;
  }

  /**
   * Checks what was read: an encrypted file's integrity (its end is read and checked, so a change
   * at the end of the file fails here), then the stored file's size and SHA-256 ({@link
   * TableStream#finish}).
   *
   * @throws PgsnapException {@link ErrorCode#INTEGRITY} naming the file and what differs
   * @throws IOException when the file cannot be read
   */
  public void finish() throws IOException {
    if (decrypted.isPresent() && decrypted.get().finish() > 0) {
      throw new PgsnapException(
          ErrorCode.INTEGRITY,
          stored.table().file()
              + " holds data after its compressed rows: the file was not written by pgsnap;"
              + " restore from another snapshot");
    }
    stored.finish();
  }

  @Override
  public void close() throws IOException {
    try {
      rows.close();
    } finally {
      stored.close();
    }
  }

  static void closeQuietly(TableStream stored) {
    try {
      stored.close();
    } catch (IOException e) {
      // already failing; the first failure is what matters
    }
  }
}
