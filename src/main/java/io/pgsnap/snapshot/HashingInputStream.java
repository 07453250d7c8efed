package io.pgsnap.snapshot;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * An input stream that computes the SHA-256 of the bytes read through it and counts them. Skipped
 * bytes are read, and mark/reset is not supported, so the digest always covers exactly the bytes of
 * the stream below, in order.
 */
public class HashingInputStream extends FilterInputStream {
  private static final int SKIP_BUFFER = 64 * 1024;

  private final MessageDigest digest = Hashing.sha256();
  private long bytesRead;

  /** Hashes what is read from {@code in}. */
  public HashingInputStream(InputStream in) {
    super(in);
  }

  /** The bytes read so far. */
  public long bytesRead() {
    return bytesRead;
  }

  /** The SHA-256 of the bytes read, lower-case hex; ends the digest, so call it once. */
  public String sha256() {
    return HexFormat.of().formatHex(digest.digest());
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
}
