package io.pgsnap.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgsnap.ErrorCode;
import io.pgsnap.PgsnapException;
import io.pgsnap.snapshot.SnapshotStore;
import io.pgsnap.snapshot.SnapshotStore.Entry;
import io.pgsnap.snapshot.SnapshotStore.Type;
import io.pgsnap.testsupport.CuttingProxy;
import io.pgsnap.testsupport.S3Server;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** {@link S3SnapshotStore} against a real S3 server. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class S3SnapshotStoreIT {
  private static final String BUCKET = "store-test";
  private static final S3Location SNAPSHOT = new S3Location(BUCKET, "prod/appdb-1");

  private S3Server server;
  private S3Storage storage;

  @BeforeAll
  void startServer() {
    server = S3Server.start();
    server.createBucket(BUCKET);
    server.put(SNAPSHOT.child("manifest.json"), bytes("{}"));
    server.put(SNAPSHOT.child("tables/public.a.csv.zst"), bytes("aaaa"));
    server.put(SNAPSHOT.child("tables/public.b.csv.zst"), bytes("bb"));
    // a neighbour whose name starts like the snapshot's, and one outside it
    server.put(new S3Location(BUCKET, "prod/appdb-10/manifest.json"), bytes("other"));
    server.put(new S3Location(BUCKET, "prod/secret.txt"), bytes("outside"));
    storage = server.storage();
  }

  @AfterAll
  void stopServer() {
    storage.close();
    server.close();
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private SnapshotStore store() {
    return new S3SnapshotStore(storage, SNAPSHOT);
  }

  private static List<Entry> sorted(List<Entry> entries) {
    return entries.stream().sorted(Comparator.comparing(Entry::path)).toList();
  }

  @Test
  void anObjectIsARegularEntryWithItsSize() throws IOException {
    assertEquals(
        Optional.of(new Entry("tables/public.a.csv.zst", Type.REGULAR, 4)),
        store().entry("tables/public.a.csv.zst"));
  }

  @Test
  void aCommonPrefixIsAFolder() throws IOException {
    assertEquals(Optional.of(new Entry("tables", Type.FOLDER, 0)), store().entry("tables"));
  }

  @Test
  void nothingThereIsNoEntry() throws IOException {
    assertEquals(Optional.empty(), store().entry("tables/public.c.csv.zst"));
  }

  @Test
  void listingTheSnapshotGivesItsFilesAndFoldersOnly() throws IOException {
    assertEquals(
        List.of(new Entry("manifest.json", Type.REGULAR, 2), new Entry("tables", Type.FOLDER, 0)),
        sorted(store().list("")));
  }

  @Test
  void listingAFolderGivesPathsInsideTheSnapshot() throws IOException {
    assertEquals(
        List.of(
            new Entry("tables/public.a.csv.zst", Type.REGULAR, 4),
            new Entry("tables/public.b.csv.zst", Type.REGULAR, 2)),
        sorted(store().list("tables")));
  }

  @Test
  void listingPagesThroughMoreThanAThousandObjects() throws IOException {
    S3Location many = new S3Location(BUCKET, "many");
    try (S3Storage s = server.storage()) {
      for (int i = 0; i < 1005; i++) {
        int n = i;
        s.client()
            .putObject(
                b -> b.bucket(BUCKET).key(many.objectKey("tables/f" + n)),
                software.amazon.awssdk.core.sync.RequestBody.fromBytes(new byte[0]));
      }
    }
    assertEquals(1005, new S3SnapshotStore(storage, many).list("tables").size());
  }

  @Test
  void listingAnEmptyPlaceIsNoSuchFile() {
    assertThrows(NoSuchFileException.class, () -> store().list("nothing"));
  }

  @Test
  void anObjectIsReadAsItIsStored() throws IOException {
    try (InputStream in = store().open("tables/public.a.csv.zst")) {
      assertArrayEquals(bytes("aaaa"), in.readAllBytes());
    }
  }

  /** {@code size} random bytes stored as {@code <prefix>/file}. */
  private byte[] stored(String prefix, int size) {
    byte[] bytes = new byte[size];
    new java.util.Random(size).nextBytes(bytes);
    server.put(new S3Location(BUCKET, prefix).child("file"), bytes);
    return bytes;
  }

  @Test
  void anObjectLargerThanTheReadsStreamsWhole() throws IOException {
    byte[] big = stored("big", 3 * 1024 * 1024 + 17);
    try (InputStream in =
        new S3SnapshotStore(storage, new S3Location(BUCKET, "big")).open("file")) {
      assertArrayEquals(big, in.readAllBytes());
    }
  }

  @Test
  void aDownloadResumesWhereItsConnectionWasLost() throws IOException {
    byte[] big = stored("resumed", 3 * 1024 * 1024 + 5);
    // Two connections cut after 1 MiB each: the object arrives in three ranged pieces.
    try (CuttingProxy network = CuttingProxy.start(server.endpoint(), 1024 * 1024, 2);
        S3Storage flaky = server.storage(network.endpoint());
        InputStream in =
            new S3SnapshotStore(flaky, new S3Location(BUCKET, "resumed")).open("file")) {
      assertArrayEquals(big, in.readAllBytes());
    }
  }

  @Test
  void aConnectionLostWhileReadingIsAConnectionFailureNamingTheObject() {
    byte[] big = new byte[3 * 1024 * 1024];
    S3Location place = new S3Location(BUCKET, "cut");
    server.put(place.child("file"), big);
    // Every connection cut after 256 KiB: three resumptions cannot fetch 3 MiB.
    try (CuttingProxy network = CuttingProxy.start(server.endpoint(), 256 * 1024);
        S3Storage cut = server.storage(network.endpoint())) {
      PgsnapException e =
          assertThrows(
              PgsnapException.class,
              () -> {
                try (InputStream in = new S3SnapshotStore(cut, place).open("file")) {
                  in.readAllBytes();
                }
              });
      assertEquals(ErrorCode.CONNECTION, e.code());
      assertTrue(
          e.getMessage()
              .startsWith(
                  "the connection to "
                      + network.endpoint()
                      + " failed while reading s3://store-test/cut/file ("),
          e.getMessage());
      assertTrue(
          e.getMessage().endsWith("): check the network and run the command again"),
          e.getMessage());
    }
  }

  @Test
  void openingAFolderIsRefusedAsNotARegularFile() {
    SnapshotStore.NotARegularFileException e =
        assertThrows(SnapshotStore.NotARegularFileException.class, () -> store().open("tables"));
    assertEquals(new Entry("tables", Type.FOLDER, 0), e.entry());
  }

  @Test
  void openingWhatIsNotThereIsNoSuchFile() {
    NoSuchFileException e =
        assertThrows(NoSuchFileException.class, () -> store().open("tables/public.c.csv.zst"));
    assertEquals("s3://store-test/prod/appdb-1/tables/public.c.csv.zst", e.getMessage());
  }

  @Test
  void noPathLeadsOutsideTheSnapshotsPrefix() {
    assertThrows(IllegalArgumentException.class, () -> store().open("../secret.txt"));
    assertThrows(IllegalArgumentException.class, () -> store().entry("tables/../../secret.txt"));
    assertThrows(IllegalArgumentException.class, () -> store().list(".."));
  }

  @Test
  void aKeyNoSnapshotPathCouldNameIsListedAsOther() throws IOException {
    S3Location place = new S3Location(BUCKET, "odd");
    try (S3Storage s = server.storage()) {
      s.client()
          .putObject(
              b -> b.bucket(BUCKET).key("odd/tables/a\\b"),
              software.amazon.awssdk.core.sync.RequestBody.fromBytes(new byte[1]));
    }
    assertEquals(
        List.of(new Entry("tables/a\\b", Type.OTHER, 1)),
        new S3SnapshotStore(storage, place).list("tables"));
  }

  @Test
  void aMissingBucketIsAStorageFailureNamingIt() {
    SnapshotStore store = new S3SnapshotStore(storage, new S3Location("no-such-bucket", "x"));
    PgsnapException e = assertThrows(PgsnapException.class, () -> store.list(""));
    assertEquals(ErrorCode.STORAGE, e.code());
    assertEquals(
        "the bucket no-such-bucket does not exist at "
            + server.endpoint()
            + ": check its name (and the endpoint), or create it",
        e.getMessage());
  }

  @Test
  void aWrongSecretKeyIsAStorageFailureThatNeverShowsIt() {
    String wrong = "wrong-secret-that-must-not-show";
    try (S3Storage refused = server.storage(wrong)) {
      SnapshotStore store = new S3SnapshotStore(refused, SNAPSHOT);
      PgsnapException e = assertThrows(PgsnapException.class, () -> store.list(""));
      assertEquals(ErrorCode.STORAGE, e.code());
      assertEquals(
          server.endpoint()
              + " refused the credentials while listing s3://store-test/prod/appdb-1/"
              + " (SignatureDoesNotMatch, HTTP 403): check AWS_ACCESS_KEY_ID and"
              + " AWS_SECRET_ACCESS_KEY, or the profile's keys",
          e.getMessage());
    }
  }

  @Test
  void anUnreachableEndpointIsAConnectionFailure() throws IOException {
    URI closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = URI.create("http://127.0.0.1:" + socket.getLocalPort());
    }
    S3Settings settings = S3Settings.standard().withEndpoint(closed);
    try (S3Server.Properties keys = server.standardChain(S3Server.SECRET_KEY);
        S3Storage unreachable = S3Storage.connect(settings)) {
      SnapshotStore store = new S3SnapshotStore(unreachable, SNAPSHOT);
      PgsnapException e = assertThrows(PgsnapException.class, () -> store.list(""));
      assertEquals(ErrorCode.CONNECTION, e.code());
      assertTrue(
          e.getMessage()
              .startsWith(
                  "could not reach " + closed + " while listing s3://store-test/prod/appdb-1/ ("),
          e.getMessage());
    }
  }
}
