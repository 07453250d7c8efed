package io.pgsnap.crypto;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The encrypted source, remembering the failures it raised itself: a failure to read the file
 * (storage) must not be reported as a damaged message (integrity), and Bouncy Castle raises both as
 * {@link IOException}s.
 */
final class SourceStream extends FilterInputStream {
  private IOException raised;

  SourceStream(InputStream in) {
    super(in);
  }

  @Override
  public int read() throws IOException {
    try {
      return in.read();
    } catch (IOException e) {
      raised = e;
      throw e;
    }
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    try {
      return in.read(b, off, len);
    } catch (IOException e) {
      raised = e;
      throw e;
    }
  }

  @Override
  public long skip(long n) throws IOException {
    try {
      return in.skip(n);
    } catch (IOException e) {
      raised = e;
      throw e;
    }
  }

  /** Rethrows the source's own failure when {@code e} is it or was caused by it. */
  void rethrowIfItsOwn(Exception e) throws IOException {
    if (raised == null) {
      return;
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t == raised) {
        throw raised;
      }
    }
  }
}
