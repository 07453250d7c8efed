package io.pgsnap.snapshot;

import io.pgsnap.crypto.Encryption;
import io.pgsnap.fingerprint.Fingerprint;
import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The stream a table's rows are written to. What is written is counted as raw bytes, compressed,
 * encrypted when the snapshot is, then hashed and counted again on its way to the file (so the
 * checksums are of the stored ciphertext and {@code sha256sum -c} keeps working), so the checksum
 * is computed while streaming and the data is read only once. {@link #finish} makes the file
 * durable (see {@link SnapshotTarget.FileSink#finish}) and returns its figures. Closing an
 * unfinished output abandons the file.
 */
public final class TableFileOutput extends OutputStream {
  private static final int FILE_BUFFER = 256 * 1024;

  /** Rows are small; batching them keeps per-call costs of the compressor and digest low. */
  private static final int ROW_BUFFER = 64 * 1024;

  private final String relativePath;
  private final DataFormat format;
  private final Compression compression;
  private final SnapshotTarget.FileSink sink;
  private final CountingDigestStream stored;
  private final OutputStream compressedStreamBelowBuffer;
  private final OutputStream compressed;
  private long rawBytes;
  private boolean finished;
  private boolean abandoned;

  TableFileOutput(
      String relativePath,
      SnapshotTarget.FileSink sink,
      DataFormat format,
      Compression compression,
      Optional<Encryption> encryption)
      throws IOException {
    this.relativePath = relativePath;
    this.sink = sink;
    this.format = format;
    this.compression = compression;
    this.stored = new CountingDigestStream(new BufferedOutputStream(sink, FILE_BUFFER));
    this.compressedStreamBelowBuffer =
        compression.compress(encryption.isPresent() ? encryption.get().encrypt(stored) : stored);
    this.compressed = new BufferedOutputStream(compressedStreamBelowBuffer, ROW_BUFFER);
  }

  /** The file being written, relative to the snapshot. */
  public String relativePath() {
    return relativePath;
  }

  @Override
  public void write(int b) throws IOException {
    compressed.write(b);
    rawBytes++;
  }

  @Override
  public void write(byte[] bytes, int offset, int length) throws IOException {
    compressed.write(bytes, offset, length);
    rawBytes += length;
  }

  /** Bytes written so far, before compression. */
  public long rawBytes() {
    return rawBytes;
  }

  /**
   * Completes compression, flushes the file to stable storage and closes it.
   *
   * @param fingerprint the content fingerprint of the rows written, with their count
   */
  public StoredFile finish(Fingerprint fingerprint) throws IOException {
    compressed.close(); // also closes and flushes the layers below, down to the sink
    finished = true;
    return new StoredFile(
        relativePath,
        format,
        compression,
        fingerprint.rows(),
        stored.count,
        rawBytes,
        HexFormat.of().formatHex(stored.digest.digest()),
        fingerprint);
  }

  @Override
  public void flush() throws IOException {
    compressed.flush();
  }

  /**
   * Abandons an unfinished file: releases the compressor (zstd holds native memory) and closes the
   * sink without finishing it. Does nothing after {@link #finish}.
   */
  @Override
  public void close() throws IOException {
    if (finished) {
      return;
    }
    finished = true;
    abandoned = true;
    try {
      // Closing is the only way to free the compressor; what it still writes is thrown away with
      // the unfinished snapshot, and a failure to write it (disk full) is expected here.
      compressedStreamBelowBuffer.close();
    } catch (IOException | RuntimeException e) {
      // abandoned anyway
    } finally {
      sink.close();
    }
  }

  /** Counts and hashes what passes through; finishes the sink when closed, unless abandoned. */
  private final class CountingDigestStream extends FilterOutputStream {
    private final MessageDigest digest = Hashing.sha256();
    private long count;

    CountingDigestStream(OutputStream out) {
      super(out);
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      digest.update((byte) b);
      count++;
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
      out.write(bytes, offset, length);
      digest.update(bytes, offset, length);
      count += length;
    }

    @Override
    public void close() throws IOException {
      if (abandoned) {
        return; // the sink is closed, unfinished, by the output's close()
      }
      out.flush();
      sink.finish();
    }
  }
}
