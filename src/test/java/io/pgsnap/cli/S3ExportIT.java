package io.pgsnap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgsnap.Cancellation;
import io.pgsnap.ErrorCode;
import io.pgsnap.ExportOptions;
import io.pgsnap.Pgsnap;
import io.pgsnap.PgsnapException;
import io.pgsnap.ProgressListener;
import io.pgsnap.catalog.TableId;
import io.pgsnap.snapshot.Compression;
import io.pgsnap.storage.S3Location;
import io.pgsnap.storage.S3Settings;
import io.pgsnap.testsupport.AcrossServers;
import io.pgsnap.testsupport.Cli;
import io.pgsnap.testsupport.DatabaseContents;
import io.pgsnap.testsupport.OnOneServer;
import io.pgsnap.testsupport.PgServer;
import io.pgsnap.testsupport.S3Server;
import io.pgsnap.testsupport.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code export --out s3://...} into a real S3 server: the snapshot is read back by every reading
 * command as if it had been written to a folder, its manifest is the last object written, and a
 * failed or interrupted export leaves no object that looks complete and no multipart upload.
 */
class S3ExportIT {
  private static final String BUCKET = "export-test";
  private static final String SMALL = "/verify/small.sql";

  @RegisterExtension static final S3Server s3 = S3Server.perClass(BUCKET);

  private static S3Location prefix(String test) {
    return new S3Location(BUCKET, "prod/" + test);
  }

  /** Exports {@code db} under {@code out} through the command line; returns what it printed. */
  private static String export(TestDatabase db, S3Location out, String... more) {
    String[] args = new String[5 + more.length];
    args[0] = "export";
    args[1] = "--url";
    args[2] = db.uri();
    args[3] = "--out";
    args[4] = out.toString();
    System.arraycopy(more, 0, args, 5, more.length);
    Cli.Result r = s3.cli(args);
    assertEquals(0, r.exitCode(), r::all);
    return r.out().strip();
  }

  private static List<String> keysUnder(S3Location place) {
    return s3.keys(place.bucket()).stream().filter(k -> k.startsWith(place.keyPrefix())).toList();
  }

  @AcrossServers
  void anExportToABucketRestoresExactlyAndPassesDeepVerification(PgServer server) {
    try (TestDatabase source = server.createDatabase(SMALL);
        TestDatabase target = server.createDatabase()) {
      String location = export(source, prefix("round-trip"), "--jobs", "2");

      Cli.Result verified = s3.cli("verify", location, "--deep", "--quiet");
      Cli.Result restored = s3.cli("restore", location, "--url", target.uri(), "--create");
      Cli.Result compared =
          s3.cli("compare", location, "--url", target.uri(), "--content", "--quiet");

      assertEquals(0, verified.exitCode(), verified::all);
      assertEquals(0, restored.exitCode(), restored::all);
      assertEquals(0, compared.exitCode(), compared::all);
      assertEquals(DatabaseContents.rows(source), DatabaseContents.rows(target));
      assertFalse(Files.exists(Path.of("s3:")), "a local folder named s3: was created");
    }
  }

  @OnOneServer
  void theExportPrintsTheSnapshotsLocationAndWritesItsFilesUnderIt(PgServer server) {
    try (TestDatabase source = server.createDatabase(SMALL)) {
      S3Location out = prefix("layout");

      String location = export(source, out);

      String id = location.substring(location.lastIndexOf('/') + 1);
      assertEquals(out.child(id).toString(), location);
      List<String> keys = keysUnder(out);
      String base = out.child(id).prefix() + "/";
      assertTrue(keys.contains(base + "manifest.json"), keys::toString);
      assertTrue(keys.contains(base + "manifest.sha256"), keys::toString);
      assertTrue(keys.contains(base + "SHA256SUMS"), keys::toString);
      assertTrue(keys.contains(base + "tables/public.items.csv.zst"), keys::toString);
      assertTrue(s3.pendingUploads(BUCKET).isEmpty(), s3.pendingUploads(BUCKET)::toString);
    }
  }

  @OnOneServer
  void twoExportsInTheSameSecondGetDistinctIds(PgServer server) {
    try (TestDatabase source = server.createDatabase(SMALL)) {
      S3Location out = prefix("same-second");
      java.time.Clock fixed =
          java.time.Clock.fixed(
              java.time.Instant.parse("2026-01-02T03:04:05Z"), java.time.ZoneOffset.UTC);
      Pgsnap pgsnap = Pgsnap.using(source.dataSource()).withClock(fixed);
      ExportOptions options = ExportOptions.defaults(Path.of("unused"));

      String first;
      String second;
      try (S3Server.Properties chain = s3.standardChain(S3Server.SECRET_KEY)) {
        first = pgsnap.export(out, S3Settings.standard(), options).location();
        second = pgsnap.export(out, S3Settings.standard(), options).location();
      }

      assertEquals(out.child(source.name() + "-20260102T030405Z").toString(), first);
      assertEquals(first + "-2", second);
    }
  }

  @OnOneServer
  void anExportInterruptedMidUploadLeavesNoObjectAndNoPendingUpload(PgServer server) {
    try (TestDatabase source = server.createDatabase()) {
      // Uncompressed and larger than one 8 MiB part, so a multipart upload is open when it stops.
      source.execute(
          "CREATE TABLE big AS SELECT g AS id, repeat(md5(g::text), 4) AS note"
              + " FROM generate_series(1, 200000) g");
      Cancellation cancellation = new Cancellation();
      AtomicLong written = new AtomicLong();
      ProgressListener stopMidway =
          new ProgressListener() {
            @Override
            public void advanced(TableId table, long rows, long bytes) {
              if (written.addAndGet(bytes) > 12L << 20) {
                cancellation.cancel("a test");
              }
            }
          };
      S3Location out = prefix("interrupted");

      PgsnapException e;
      try (S3Server.Properties chain = s3.standardChain(S3Server.SECRET_KEY)) {
        e =
            assertThrows(
                PgsnapException.class,
                () ->
                    Pgsnap.using(source.dataSource())
                        .withProgress(stopMidway)
                        .withCancellation(cancellation)
                        .export(
                            out,
                            S3Settings.standard(),
                            ExportOptions.defaults(Path.of("unused"))
                                .withCompression(Compression.NONE)));
      }

      assertEquals(ErrorCode.INTERRUPTED, e.code(), e::getMessage);
      assertTrue(e.getMessage().endsWith(" was removed; nothing is left behind"), e.getMessage());
      assertEquals(List.of(), keysUnder(out));
      assertEquals(List.of(), s3.pendingUploads(BUCKET));
    }
  }

  @Test
  void anExportToAMissingBucketExits7BeforeTheDatabaseIsReached() {
    // Nothing listens on port 1: reaching for the database would fail with exit 5 instead.
    Cli.Result r =
        s3.cli(
            "export", "--url", "postgresql://127.0.0.1:1/none", "--out", "s3://no-such-bucket/x");

    assertEquals(ErrorCode.STORAGE.exitStatus(), r.exitCode(), r::all);
    assertEquals(
        "pgsnap: the bucket no-such-bucket does not exist at "
            + s3.endpoint()
            + ": check its name (and the endpoint), or create it\n",
        r.err());
    assertFalse(Files.exists(Path.of("s3:")), "a local folder named s3: was created");
  }

  @Test
  void aMalformedBucketLocationIsAUsageError() {
    Cli.Result r =
        s3.cli("export", "--url", "postgresql://127.0.0.1:1/none", "--out", "s3://Bad_Bucket/x");

    assertEquals(ErrorCode.USAGE.exitStatus(), r.exitCode(), r::all);
    assertFalse(Files.exists(Path.of("s3:")), "a local folder named s3: was created");
  }
}
