package io.pgsnap.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.pgsnap.testsupport.S3Server;
import java.io.IOException;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/** {@link S3Upload} against a real S3 server. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class S3UploadIT {
  private static final String BUCKET = "upload-test";
  private static final int PART = S3Upload.MIN_PART_SIZE;

  private S3Server server;
  private S3Storage storage;

  @BeforeAll
  void startServer() {
    server = S3Server.start();
    storage = server.storage();
  }

  @AfterAll
  void stopServer() {
    storage.close();
    server.close();
  }

  /** A fresh bucket per test, so that each sees only its own objects and uploads. */
  private String bucket(String name) {
    String bucket = BUCKET + "-" + name;
    server.createBucket(bucket);
    return bucket;
  }

  private static byte[] random(int size) {
    byte[] bytes = new byte[size];
    new Random(size).nextBytes(bytes);
    return bytes;
  }

  /** Writes {@code bytes} in uneven pieces, as a compressor does. */
  private static void writeInPieces(S3Upload upload, byte[] bytes) throws IOException {
    int piece = 100_003;
    for (int off = 0; off < bytes.length; off += piece) {
      upload.write(bytes, off, Math.min(piece, bytes.length - off));
    }
  }

  @Test
  void anObjectOfMoreThanTwoPartsIsUploadedInPartsAndReadsBackWhole() throws IOException {
    String bucket = bucket("multi");
    byte[] bytes = random(2 * PART + 12_345);
    S3Location object = new S3Location(bucket, "snap/tables/big.csv.zst");
    try (S3Upload upload = new S3Upload(storage, object, PART)) {
      writeInPieces(upload, bytes);
      upload.finish();
    }
    assertArrayEquals(bytes, server.get(object));
    HeadObjectResponse head =
        storage.client().headObject(b -> b.bucket(bucket).key(object.prefix()));
    // A multipart object's ETag ends in the number of its parts.
    assertEquals(true, head.eTag().replace("\"", "").endsWith("-3"), head.eTag());
    assertEquals(List.of(), server.pendingUploads(bucket));
  }

  @Test
  void anObjectOfExactlyOnePartIsOnePutObject() throws IOException {
    String bucket = bucket("exact");
    byte[] bytes = random(PART);
    S3Location object = new S3Location(bucket, "exact");
    try (S3Upload upload = new S3Upload(storage, object, PART)) {
      upload.write(bytes);
      upload.finish();
    }
    assertArrayEquals(bytes, server.get(object));
    assertEquals(List.of(), server.pendingUploads(bucket));
  }

  @Test
  void aSmallObjectIsOnePutObjectWithoutMultipartUpload() throws IOException {
    String bucket = bucket("small");
    S3Location object = new S3Location(bucket, "snap/manifest.json");
    try (S3Upload upload = new S3Upload(storage, object, PART)) {
      upload.write("{}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
      upload.finish();
    }
    HeadObjectResponse head =
        storage.client().headObject(b -> b.bucket(bucket).key(object.prefix()));
    assertEquals(2L, head.contentLength());
    assertEquals(false, head.eTag().contains("-"), head.eTag());
  }

  @Test
  void anEmptyObjectIsUploaded() throws IOException {
    String bucket = bucket("empty");
    S3Location object = new S3Location(bucket, "empty");
    try (S3Upload upload = new S3Upload(storage, object, PART)) {
      upload.finish();
    }
    assertArrayEquals(new byte[0], server.get(object));
  }

  @Test
  void closingWithoutFinishingAfterTwoPartsLeavesNoObjectAndNoPendingUpload() throws IOException {
    String bucket = bucket("closed");
    S3Location object = new S3Location(bucket, "snap/tables/big.csv.zst");
    try (S3Upload upload = new S3Upload(storage, object, PART)) {
      writeInPieces(upload, random(2 * PART + 1));
      assertEquals(List.of(object.prefix()), server.pendingUploads(bucket));
    }
    assertEquals(List.of(), server.keys(bucket));
    assertEquals(List.of(), server.pendingUploads(bucket));
  }

  @Test
  void aFailureWhileWritingAbortsTheUpload() {
    String bucket = bucket("failed");
    S3Location object = new S3Location(bucket, "snap/tables/big.csv.zst");
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> {
              try (S3Upload upload = new S3Upload(storage, object, PART)) {
                writeInPieces(upload, random(PART + 1));
                throw new IllegalStateException("the table's COPY failed");
              }
            });
    assertEquals("the table's COPY failed", e.getMessage());
    assertEquals(List.of(), server.keys(bucket));
    assertEquals(List.of(), server.pendingUploads(bucket));
  }

  @Test
  void aRefusedUploadIsAStorageFailureAndEndsTheStream() throws IOException {
    String bucket = bucket("refused");
    S3Location object = new S3Location(bucket, "snap/tables/big.csv.zst");
    S3Upload upload = new S3Upload(storage, object, PART);
    upload.write(random(PART));
    // The bucket disappears under the upload: its first part is refused.
    storage.client().deleteBucket(b -> b.bucket(bucket));
    io.pgsnap.PgsnapException failure =
        assertThrows(io.pgsnap.PgsnapException.class, () -> upload.write(new byte[1]));
    assertEquals(io.pgsnap.ErrorCode.STORAGE, failure.code());
    assertEquals(
        "the bucket "
            + bucket
            + " does not exist at "
            + server.endpoint()
            + ": check its name (and the endpoint), or create it",
        failure.getMessage());
    assertThrows(IOException.class, () -> upload.write(new byte[1]));
    upload.close();
  }

  @Test
  void aPartSizeBelowS3sMinimumIsRefused() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new S3Upload(storage, new S3Location("any-bucket", "x"), PART - 1));
    assertEquals("part size " + (PART - 1) + " is below S3's minimum of " + PART, e.getMessage());
  }
}
