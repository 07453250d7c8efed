package io.pgsnap.verify;

import static io.pgsnap.verify.SmallSnapshots.ALL_ROWS;
import static io.pgsnap.verify.SmallSnapshots.ITEMS;
import static io.pgsnap.verify.SmallSnapshots.flipByte;
import static io.pgsnap.verify.SmallSnapshots.lines;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pgsnap.ErrorCode;
import io.pgsnap.ExportOptions;
import io.pgsnap.Pgsnap;
import io.pgsnap.snapshot.Compression;
import io.pgsnap.storage.S3Location;
import io.pgsnap.testsupport.Cli;
import io.pgsnap.testsupport.CuttingProxy;
import io.pgsnap.testsupport.OnOneServer;
import io.pgsnap.testsupport.PgServer;
import io.pgsnap.testsupport.S3Server;
import io.pgsnap.testsupport.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pgsnap verify s3://...}: real snapshots exported to a folder, uploaded to a real S3 server
 * with pgsnap's own upload stream, and verified from the bucket through the command line, which
 * finds the server and keys through the AWS SDK's standard chain.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class S3VerifyIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String BUCKET = "verify-test";

  private Path exports;
  private SmallSnapshots snapshots;
  @RegisterExtension static final S3Server s3 = S3Server.perClass(BUCKET);

  @BeforeAll
  void start() throws IOException {
    exports = Files.createTempDirectory("pgsnap-" + getClass().getSimpleName());
    snapshots = new SmallSnapshots(exports);
  }

  @AfterAll
  void stop() {
    SmallSnapshots.deleteRecursively(exports);
  }

  /** A fresh copy of the CSV/zstd snapshot, uploaded under {@code prod/<test>/<its id>}. */
  private S3Location uploaded(PgServer server, Path dir, String test) {
    Path snapshot = snapshots.csvZstd(server, dir);
    return upload(snapshot, test);
  }

  private S3Location upload(Path snapshot, String test) {
    S3Location location =
        new S3Location(BUCKET, "prod/" + test + "/" + snapshot.getFileName().toString());
    s3.upload(snapshot, location);
    return location;
  }

  private Cli.Result verify(String location, String... more) {
    return verifyWithKey(S3Server.SECRET_KEY, location, more);
  }

  private Cli.Result verifyWithKey(String secretKey, String location, String... more) {
    String[] args = new String[more.length + 2];
    args[0] = "verify";
    args[1] = location;
    System.arraycopy(more, 0, args, 2, more.length);
    try (S3Server.Properties chain = s3.standardChain(secretKey)) {
      return Cli.run(args);
    }
  }

  @OnOneServer
  void aSnapshotInABucketVerifiesQuickAndDeep(PgServer server, @TempDir Path dir)
      throws IOException {
    S3Location location = uploaded(server, dir, "fresh");

    Cli.Result quick = verify(location.toString());
    assertEquals(0, quick.exitCode(), quick.all());
    assertEquals(1, lines(quick.out()).size(), quick.out());
    assertTrue(quick.out().startsWith(location.name() + ": OK (2 files, "), quick.out());

    Cli.Result deep = verify(location.toString(), "--deep", "--json");
    assertEquals(0, deep.exitCode(), deep.all());
    JsonNode json = JSON.readTree(deep.out());
    assertEquals(location.toString(), json.get("snapshot").asText());
    assertEquals(location.name(), json.get("id").asText());
    assertTrue(json.get("ok").asBoolean());
    assertEquals(2, json.get("filesChecked").asInt());
    assertEquals(ALL_ROWS, json.get("rowsCounted").asLong());
    assertFalse(Files.exists(Path.of("s3:")), "a local folder named s3: was created");
  }

  @OnOneServer
  void aChangedObjectFailsVerificationNamingTheFile(PgServer server, @TempDir Path dir)
      throws IOException {
    Path snapshot = snapshots.csvZstd(server, dir);
    Path items = snapshot.resolve(ITEMS);
    flipByte(items, Files.size(items) / 2);
    S3Location location = upload(snapshot, "changed");

    Cli.Result r = verify(location.toString());

    assertEquals(ErrorCode.INTEGRITY.exitStatus(), r.exitCode(), r.all());
    assertEquals(
        java.util.List.of(
            ITEMS
                + ": SHA-256 differs from the manifest: the file was changed or corrupted;"
                + " restore it from another copy or take a new snapshot",
            location.name() + ": FAILED verification, 1 problem"),
        lines(r.out()).stream().map(l -> l.replaceAll(" \\(2 files, .*\\)$", "")).toList());
  }

  @OnOneServer
  void anObjectTheSnapshotDoesNotListIsReportedAsExtra(PgServer server, @TempDir Path dir) {
    S3Location location = uploaded(server, dir, "extra");
    s3.put(location.child("tables/stray.csv"), new byte[] {1});

    Cli.Result r = verify(location.toString());

    assertEquals(ErrorCode.INTEGRITY.exitStatus(), r.exitCode(), r.all());
    assertTrue(
        r.out().startsWith("tables/stray.csv: is not part of the snapshot (neither the manifest"),
        r.out());
  }

  @OnOneServer
  void thePlaceOfManySnapshotsIsNotASnapshot(PgServer server, @TempDir Path dir) {
    S3Location location = uploaded(server, dir, "parent");
    String parent = "s3://" + BUCKET + "/prod/parent";

    Cli.Result r = verify(parent);

    assertEquals(ErrorCode.USAGE.exitStatus(), r.exitCode(), r.all());
    assertEquals(
        "pgsnap: "
            + parent
            + " is not a snapshot (it has no manifest.json, SHA256SUMS or tables/): pass one"
            + " snapshot inside it, such as "
            + location.name()
            + "\n",
        r.err());
  }

  @OnOneServer
  void aConnectionLostMidDownloadIsAConnectionFailureNotADamagedFile(
      PgServer server, @TempDir Path dir) {
    S3Location location;
    try (TestDatabase source = server.createDatabase()) {
      // A table file of about 4 MB, read after everything else: with every connection cut after
      // 512 KiB, the cut falls inside it, and resuming the download three times cannot fetch it.
      source.execute(
          "CREATE TABLE big AS SELECT g AS id, md5(g::text) AS note"
              + " FROM generate_series(1, 100000) g");
      Path snapshot =
          Pgsnap.using(source.dataSource())
              .export(ExportOptions.defaults(dir).withCompression(Compression.NONE))
              .snapshot();
      location = upload(snapshot, "cut");
    }
    Cli.Result r;
    try (CuttingProxy network = CuttingProxy.start(s3.endpoint(), 512 * 1024);
        S3Server.Properties chain = s3.standardChain(network.endpoint(), S3Server.SECRET_KEY)) {
      r = Cli.run("verify", "--deep", location.toString());
      assertTrue(
          r.err()
              .startsWith(
                  "pgsnap: the connection to "
                      + network.endpoint()
                      + " failed while"
                      + " reading "
                      + location
                      + "/"),
          r.err());
    }
    assertEquals(ErrorCode.CONNECTION.exitStatus(), r.exitCode(), r.all());
    assertTrue(r.err().endsWith("): check the network and run the command again\n"), r.err());
    assertEquals("", r.out());
  }

  @Test
  void aPrefixWithNothingUnderItIsAStorageFailure() {
    Cli.Result r = verify("s3://" + BUCKET + "/prod/nothing-here");

    assertEquals(ErrorCode.STORAGE.exitStatus(), r.exitCode(), r.all());
    assertEquals(
        "pgsnap: no snapshot at s3://"
            + BUCKET
            + "/prod/nothing-here: nothing is stored there; check the location\n",
        r.err());
  }

  @Test
  void aMissingBucketIsAStorageFailureNamingIt() {
    Cli.Result r = verify("s3://no-such-bucket/prod/appdb-20261123T091545Z");

    assertEquals(ErrorCode.STORAGE.exitStatus(), r.exitCode(), r.all());
    assertEquals(
        "pgsnap: the bucket no-such-bucket does not exist at "
            + s3.endpoint()
            + ": check its name (and the endpoint), or create it\n",
        r.err());
  }

  @Test
  void aWrongSecretKeyIsAStorageFailureThatNeverShowsTheKey() {
    String wrong = "not-the-secret-key-0123456789";
    Cli.Result r = verifyWithKey(wrong, "s3://" + BUCKET + "/prod/appdb-20261123T091545Z");

    assertEquals(ErrorCode.STORAGE.exitStatus(), r.exitCode(), r.all());
    assertTrue(
        r.err().startsWith("pgsnap: " + s3.endpoint() + " refused the credentials"), r.err());
    assertFalse(r.all().contains(wrong), r.all());
  }

  @Test
  void noCredentialsAtAllIsAStorageFailureSayingWhereTheyComeFrom() {
    Cli.Result r = verifyWithKey(null, "s3://" + BUCKET + "/prod/appdb-20261123T091545Z");

    assertEquals(ErrorCode.STORAGE.exitStatus(), r.exitCode(), r.all());
    assertEquals(
        "pgsnap: no S3 credentials found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or"
            + " AWS_PROFILE for a profile in ~/.aws/credentials, or run where a role provides"
            + " them\n",
        r.err());
  }

  @Test
  void aMalformedLocationIsAUsageErrorAndNeverAFolder() {
    Cli.Result r = verify("s3://verify-test/prod/../x");

    assertEquals(ErrorCode.USAGE.exitStatus(), r.exitCode(), r.all());
    assertEquals(
        "pgsnap: not a valid object storage location \"s3://verify-test/prod/../x\":"
            + " \"prod/../x\" has a \"..\" segment; name every segment plainly\n",
        r.err());
    assertFalse(Files.exists(Path.of("s3:")), "a local folder named s3: was created");
  }
}
