package io.pgsnap.storage;

import io.pgsnap.PgsnapException;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * One object written while it is uploaded. Bytes are gathered into a part in memory; each full part
 * goes up at once as a part of a multipart upload, so memory use is one part, whatever the object's
 * size. An object smaller than one part goes up in one request when it is finished.
 *
 * <p>The object appears only when {@link #finish()} succeeds. Closing the stream without finishing
 * it, or any failure on the way, aborts the multipart upload, so an interrupted write leaves
 * neither an object that looks complete nor parts that are stored (and billed) without one.
 *
 * <pre>{@code
 * try (S3Upload upload = new S3Upload(storage, location.child("manifest.json"), S3Upload.PART_SIZE)) {
 *   upload.write(bytes);
 *   upload.finish();
 * } // without finish(), nothing is left in the bucket
 * }</pre>
 */
public final class S3Upload extends OutputStream {
  /** The part size pgsnap uses: large enough for few requests, small enough to hold per job. */
  public static final int PART_SIZE = 8 * 1024 * 1024;

  /** S3's smallest part size, for every part but the last. */
  public static final int MIN_PART_SIZE = 5 * 1024 * 1024;

  private final S3Storage storage;
  private final S3Location object;
  private final byte[] part;
  private final List<CompletedPart> uploaded = new ArrayList<>();
  private int filled;
  private String uploadId;
  private boolean finished;
  private boolean closed;

  /**
   * An upload of the object {@code object} (its prefix is the object's key).
   *
   * @param partSize bytes per part, at least {@link #MIN_PART_SIZE}; also the memory the upload
   *     holds
   */
  public S3Upload(S3Storage storage, S3Location object, int partSize) {
    this.storage = Objects.requireNonNull(storage, "storage");
    this.object = Objects.requireNonNull(object, "object");
    if (object.prefix().isEmpty()) {
      throw new IllegalArgumentException("an object needs a key: " + object);
    }
    if (partSize < MIN_PART_SIZE) {
      throw new IllegalArgumentException(
          "part size " + partSize + " is below S3's minimum of " + MIN_PART_SIZE);
    }
    this.part = new byte[partSize];
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    checkOpen();
    int written = 0;
    while (written < len) {
      if (filled == part.length) {
        uploadPart();
      }
      int n = Math.min(len - written, part.length - filled);
      System.arraycopy(b, off + written, part, filled, n);
      filled += n;
      written += n;
    }
  }

  /**
   * Uploads what remains and makes the object appear. Without this, {@link #close()} discards the
   * upload.
   *
   * @throws PgsnapException from {@link S3Errors} when the storage refuses or cannot be reached;
   *     the upload is aborted first
   */
  public void finish() throws IOException {
    checkOpen();
    try {
      if (uploadId == null) {
        storage
            .client()
            .putObject(
                b -> b.bucket(object.bucket()).key(object.prefix()).contentLength((long) filled),
                RequestBody.fromBytes(java.util.Arrays.copyOf(part, filled)));
      } else {
        if (filled > 0) {
          uploadPart();
        }
        storage
            .client()
            .completeMultipartUpload(
                b ->
                    b.bucket(object.bucket())
                        .key(object.prefix())
                        .uploadId(uploadId)
                        .multipartUpload(m -> m.parts(uploaded)));
      }
    } catch (SdkException e) {
      throw failed(e);
    }
    finished = true;
  }

  /** Closes the stream; an upload not {@link #finish() finished} is aborted, leaving nothing. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (!finished) {
      abort();
    }
  }

  private void uploadPart() {
    try {
      if (uploadId == null) {
        uploadId =
            storage
                .client()
                .createMultipartUpload(b -> b.bucket(object.bucket()).key(object.prefix()))
                .uploadId();
      }
      int number = uploaded.size() + 1;
      String etag =
          storage
              .client()
              .uploadPart(
                  b ->
                      b.bucket(object.bucket())
                          .key(object.prefix())
                          .uploadId(uploadId)
                          .partNumber(number)
                          .contentLength((long) filled),
                  RequestBody.fromByteBuffer(java.nio.ByteBuffer.wrap(part, 0, filled)))
              .eTag();
      uploaded.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
      filled = 0;
    } catch (SdkException e) {
      throw failed(e);
    }
  }

  /** Aborts the multipart upload, if one was started, and reports {@code e}. */
  private PgsnapException failed(SdkException e) {
    PgsnapException failure =
        S3Errors.of(e, "uploading " + object, object.bucket(), storage.endpoint());
    closed = true;
    try {
      abort();
    } catch (PgsnapException abortFailure) {
      failure.addSuppressed(abortFailure);
    }
    return failure;
  }

  private void abort() {
    filled = 0;
    if (uploadId == null) {
      return;
    }
    String id = uploadId;
    uploadId = null;
    try {
      storage
          .client()
          .abortMultipartUpload(b -> b.bucket(object.bucket()).key(object.prefix()).uploadId(id));
    } catch (SdkException e) {
      throw S3Errors.of(
          e,
          "aborting the upload of "
              + object
              + " (its parts stay until a lifecycle rule removes them)",
          object.bucket(),
          storage.endpoint());
    }
  }

  private void checkOpen() throws IOException {
    if (closed || finished) {
      throw new IOException(
          "the upload of " + object + " is " + (finished ? "finished" : "closed"));
    }
  }
}
