package io.pgsnap.verify;

import io.pgsnap.ErrorCode;
import io.pgsnap.PgsnapException;
import io.pgsnap.crypto.DecryptingInputStream;
import io.pgsnap.crypto.Decryption;
import io.pgsnap.snapshot.HashingInputStream;
import io.pgsnap.snapshot.ManifestTable;
import io.pgsnap.snapshot.ReadProblems;
import io.pgsnap.snapshot.SnapshotStore;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * What reading one snapshot file for {@code verify} gave: the SHA-256 and size of its stored bytes
 * and, for the deep check, its decrypted and decompressed rows counted, or why they could not be.
 *
 * @param sha256 the stored bytes' SHA-256
 * @param bytes how many stored bytes were read
 * @param count the rows, for the deep check when the file decompressed
 * @param decompressionFailure why the deep check could not read the rows
 */
record FileRead(
    String sha256,
    long bytes,
    Optional<RowCounts.Count> count,
    Optional<String> decompressionFailure) {
  private static final int BUFFER = 256 * 1024;

  /**
   * Reads a file once: hashes its stored bytes and, for the deep check, decompresses and counts
   * them on the way. A decompression failure is a result; the rest of the file is still read, so
   * the checksum is complete. A failure to read the file itself is thrown.
   */
  static FileRead of(
      SnapshotStore store,
      String path,
      Optional<ManifestTable> deep,
      Optional<Decryption> decryption)
      throws IOException {
    try (InputStream in = store.open(path)) {
      StoredBytes stored = new StoredBytes(in);
      Optional<RowCounts.Count> count = Optional.empty();
      Optional<String> failure = Optional.empty();
      if (deep.isPresent()) {
        ManifestTable table = deep.get();
        Optional<DecryptingInputStream> decrypted = Optional.empty();
        try {
          InputStream below = new KeepOpen(stored);
          if (decryption.isPresent()) {
            decrypted = Optional.of(decryption.get().decrypt(below, path));
            below = new KeepOpen(decrypted.get());
          }
          try (InputStream plain = table.compression().decompress(below)) {
            count = Optional.of(RowCounts.count(table.format(), table.fileColumns(), plain));
          }
          if (decrypted.isPresent() && decrypted.get().finish() > 0) {
            failure = Optional.of("data follows the compressed rows");
          }
        } catch (IOException | UncheckedIOException e) {
          if (stored.readFailure != null) {
            throw stored.readFailure;
          }
          failure = Optional.of(ReadProblems.describe(e));
        } catch (PgsnapException e) {
          if (e.code() != ErrorCode.INTEGRITY) {
            throw e;
          }
          failure = Optional.of(e.getMessage());
          count = Optional.empty();
        }
      }
      stored.drain();
      return new FileRead(stored.sha256(), stored.bytesRead(), count, failure);
    }
  }

  /**
   * The stored bytes of a file on their way to the decompressor: hashed and counted, and a read
   * failure remembered, so that it is not mistaken for corrupt compressed data.
   */
  private static final class StoredBytes extends HashingInputStream {
    IOException readFailure;

    StoredBytes(InputStream in) {
      super(in);
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      try {
        return super.read(b, off, len);
      } catch (IOException e) {
        readFailure = e;
        throw e;
      }
    }

    /** Reads what the decompressor left, so the checksum covers the whole file. */
    void drain() throws IOException {
      byte[] buffer = new byte[BUFFER];
      while (read(buffer, 0, buffer.length) != -1) {
        // hashed and counted by read
      }
    }
  }

  /**
   * Lets a decompressor be closed, which frees its native memory, without closing the file below
   * it, whose remaining bytes still need hashing.
   */
  private static final class KeepOpen extends FilterInputStream {
    KeepOpen(InputStream in) {
      super(in);
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      return in.read(b, off, len);
    }

    @Override
    public void close() {
      // the file is closed by whoever opened it
    }
  }
}
