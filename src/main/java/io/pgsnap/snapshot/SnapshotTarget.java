package io.pgsnap.snapshot;

import io.pgsnap.PgsnapException;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Where one snapshot is written: a local folder ({@link LocalFolderTarget}) or a prefix in object
 * storage. A target starts unfinished, so that nothing reading snapshots takes it for a complete
 * one until {@link #complete()}; {@link #close()} removes an unfinished target's files (best
 * effort).
 *
 * <p>{@link SnapshotWriter} decides what is written and in which order; a target only stores bytes.
 */
public interface SnapshotTarget extends AutoCloseable {
  /** The snapshot's id, the last segment of its final location. */
  String id();

  /** Where the snapshot is, once complete: a folder path or an {@code s3://} location. */
  String location();

  /**
   * A new file at {@code relativePath} (such as {@code tables/public.t.csv.zst}), written as a
   * stream. Each sink is used by one thread; several may be open at once.
   */
  FileSink openFile(String relativePath) throws IOException;

  /** Writes a small file whole and durably (checksums, manifest). */
  void writeFile(String relativePath, byte[] content) throws IOException;

  /**
   * Makes the snapshot complete, after its last file is written.
   *
   * @return the complete snapshot's location
   */
  String complete();

  /** The failure to report when writing {@code relativePath} failed with {@code e}. */
  PgsnapException writeFailed(String relativePath, IOException e);

  /**
   * What an unfinished target leaves behind if the process ends now without its cleanup, or null
   * when nothing is left.
   */
  String leftBehind();

  /**
   * What is left after {@link #close()} removed an unfinished target, as the end of a sentence:
   * that nothing is, or what remains and what to do about it.
   */
  String afterCleanup();

  /** Removes an unfinished target's files, best effort; does nothing once complete. */
  @Override
  void close();

  /**
   * A file being written. {@link #finish()} makes it durable (or, in object storage, makes it
   * appear); closing a sink that was not finished abandons what was written.
   */
  abstract class FileSink extends OutputStream {
    private final OutputStream out;

    /** A sink whose bytes go to {@code out}. */
    protected FileSink(OutputStream out) {
      this.out = out;
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    /** Makes what was written durable and closes the sink. */
    public abstract void finish() throws IOException;
  }
}
