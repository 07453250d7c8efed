package io.pgsnap.restore;

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
import io.pgsnap.testsupport.AcrossServers;
import io.pgsnap.testsupport.Cli;
import io.pgsnap.testsupport.CuttingProxy;
import io.pgsnap.testsupport.DatabaseContents;
import io.pgsnap.testsupport.OnOneServer;
import io.pgsnap.testsupport.PgServer;
import io.pgsnap.testsupport.S3Server;
import io.pgsnap.testsupport.Snapshots;
import io.pgsnap.testsupport.TestDatabase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pgsnap restore s3://...}: snapshots exported to a folder, uploaded to a real S3 server and
 * restored from the bucket through the command line, which finds the server and keys through the
 * AWS SDK's standard chain. The table files are streamed from the bucket and hashed as they load.
 */
class S3RestoreIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String BUCKET = "restore-test";
  private static final String SMALL = "/verify/small.sql";
  private static final long SMALL_ROWS = 3020;

  @RegisterExtension static final S3Server s3 = S3Server.perClass(BUCKET);

  /** Exports {@code source} into {@code dir}. */
  private static Path export(TestDatabase source, Path dir, Compression compression) {
    return Pgsnap.using(source.dataSource())
        .export(ExportOptions.defaults(dir).withCompression(compression))
        .snapshot();
  }

  /** Uploads {@code snapshot} under {@code prod/<test>/<its id>}. */
  private S3Location upload(Path snapshot, String test) {
    S3Location location = new S3Location(BUCKET, "prod/" + test + "/" + snapshot.getFileName());
    s3.upload(snapshot, location);
    return location;
  }

  private Cli.Result restore(S3Location location, TestDatabase target, String... more) {
    return s3.cli(args("restore", location.toString(), target, more));
  }

  private static String[] args(String command, String snapshot, TestDatabase db, String... more) {
    String[] args = new String[more.length + 4];
    args[0] = command;
    args[1] = snapshot;
    args[2] = "--url";
    args[3] = db.uri();
    System.arraycopy(more, 0, args, 4, more.length);
    return args;
  }

  @AcrossServers
  void aRestoreFromABucketLoadsExactlyWhatALocalRestoreLoads(PgServer server, @TempDir Path dir)
      throws IOException {
    try (TestDatabase source = server.createDatabase(SMALL);
        TestDatabase fromFolder = server.createDatabase();
        TestDatabase fromBucket = server.createDatabase()) {
      Path snapshot = export(source, dir, Compression.ZSTD);
      S3Location location = upload(snapshot, "round-trip");

      Cli.Result local = Cli.run(args("restore", snapshot.toString(), fromFolder, "--create"));
      Cli.Result remote = restore(location, fromBucket, "--create", "--json");

      assertEquals(0, local.exitCode(), local::all);
      assertEquals(0, remote.exitCode(), remote::all);
      JsonNode json = JSON.readTree(remote.out());
      assertEquals(location.toString(), json.get("snapshot").asText());
      assertEquals(SMALL_ROWS, json.get("rowsLoaded").asLong());
      assertEquals(DatabaseContents.rows(fromFolder), DatabaseContents.rows(fromBucket));
      Cli.Result compared =
          s3.cli(args("compare", location.toString(), fromBucket, "--content", "--quiet"));
      assertEquals(0, compared.exitCode(), compared::all);
      assertFalse(Files.exists(Path.of("s3:")), "a local folder named s3: was created");
    }
  }

  @OnOneServer
  void aParallelRestoreFromABucketLoadsEveryTable(PgServer server, @TempDir Path dir) {
    try (TestDatabase source = server.createDatabase(SMALL);
        TestDatabase target = server.createDatabase()) {
      S3Location location = upload(export(source, dir, Compression.ZSTD), "jobs");

      Cli.Result r = restore(location, target, "--create", "--jobs", "2");

      assertEquals(0, r.exitCode(), r::all);
      assertEquals(DatabaseContents.rows(source), DatabaseContents.rows(target));
    }
  }

  @OnOneServer
  void oneTableRestoresAloneFromABucket(PgServer server, @TempDir Path dir) {
    try (TestDatabase source = server.createDatabase(SMALL);
        TestDatabase target = server.createDatabase()) {
      S3Location location = upload(export(source, dir, Compression.ZSTD), "one-table");

      Cli.Result r = restore(location, target, "--create", "--table", "tags", "--quiet");

      assertEquals(0, r.exitCode(), r::all);
      try (TestDatabase onlyTags = server.createDatabase()) {
        onlyTags.runScript(SMALL);
        onlyTags.execute("DROP TABLE items");
        assertEquals(DatabaseContents.rows(onlyTags), DatabaseContents.rows(target));
      }
    }
  }

  @OnOneServer
  void aDryRunFromABucketPrintsThePlanAndChangesNothing(PgServer server, @TempDir Path dir) {
    try (TestDatabase source = server.createDatabase(SMALL);
        TestDatabase target = server.createDatabase()) {
      S3Location location = upload(export(source, dir, Compression.ZSTD), "dry-run");
      String before = DatabaseContents.of(target);

      Cli.Result r = restore(location, target, "--create", "--dry-run");

      assertEquals(0, r.exitCode(), r::all);
      assertTrue(r.out().endsWith("Dry run: nothing was changed.\n"), r.out());
      assertTrue(r.out().contains("public.items"), r.out());
      assertEquals(before, DatabaseContents.of(target));
    }
  }

  @OnOneServer
  void aTruncatingRestoreFromABucketNeedsALocalFolderForItsSafetySnapshot(
      PgServer server, @TempDir Path dir) {
    try (TestDatabase source = server.createDatabase(SMALL);
        TestDatabase target = server.createDatabase(SMALL)) {
      S3Location location = upload(export(source, dir, Compression.ZSTD), "no-safety-dir");
      target.execute("DELETE FROM items WHERE id > 10");
      String before = DatabaseContents.of(target);

      Cli.Result r = restore(location, target, "--mode", "truncate", "--yes");

      assertEquals(ErrorCode.USAGE.exitStatus(), r.exitCode(), r::all);
      assertEndsWith(
          "pgsnap: --mode truncate takes a safety snapshot of the tables it empties, by default in"
              + " the folder that holds the snapshot, and "
              + location
              + " is not in a local folder: give --safety-snapshot-dir DIR (a local folder), or"
              + " --no-safety-snapshot to go without one\n",
          r.err());
      assertEquals(before, DatabaseContents.of(target));
    }
  }

  @OnOneServer
  void aTruncatingRestoreFromABucketTakesItsSafetySnapshotInTheGivenFolder(
      PgServer server, @TempDir Path dir) throws IOException {
    try (TestDatabase source = server.createDatabase(SMALL);
        TestDatabase target = server.createDatabase(SMALL)) {
      S3Location location = upload(export(source, dir.resolve("exports"), Compression.ZSTD), "ok");
      target.execute("DELETE FROM items WHERE id > 10");
      Path safety = dir.resolve("safety");

      Cli.Result r =
          restore(
              location,
              target,
              "--mode",
              "truncate",
              "--yes",
              "--safety-snapshot-dir",
              safety.toString(),
              "--json");

      assertEquals(0, r.exitCode(), r::all);
      assertEquals(DatabaseContents.rows(source), DatabaseContents.rows(target));
      Path taken = Path.of(JSON.readTree(r.out()).get("safetySnapshot").asText());
      assertEquals(safety.toAbsolutePath().normalize(), taken.toAbsolutePath().getParent());
      assertTrue(
          Snapshots.entries(taken).contains("manifest.json"), Snapshots.entries(taken)::toString);
    }
  }

  @OnOneServer
  void aChangedObjectIsRefusedAndNothingIsChanged(PgServer server, @TempDir Path dir) {
    try (TestDatabase source = server.createDatabase(SMALL);
        TestDatabase target = server.createDatabase()) {
      Path snapshot = export(source, dir, Compression.NONE);
      S3Location location = upload(snapshot, "changed");
      // The same size, one value changed: only the SHA-256 read while loading can tell.
      S3Location items = location.child("tables/public.items.csv");
      String text = new String(s3.get(items), StandardCharsets.UTF_8);
      String changed = text.replace("\n2,c81e728d", "\n2,d81e728d");
      assertFalse(changed.equals(text), "the test's edit found nothing to change");
      s3.put(items, changed.getBytes(StandardCharsets.UTF_8));
      String before = DatabaseContents.of(target);

      Cli.Result r = restore(location, target, "--create");

      assertEquals(ErrorCode.INTEGRITY.exitStatus(), r.exitCode(), r::all);
      assertTrue(r.err().contains("tables/public.items.csv"), r.err());
      assertEquals(before, DatabaseContents.of(target));
    }
  }

  @OnOneServer
  void aConnectionLostMidDownloadRollsBackAndExits5NamingTheObject(
      PgServer server, @TempDir Path dir) {
    try (TestDatabase source = server.createDatabase(SMALL);
        TestDatabase target = server.createDatabase()) {
      // A table file far larger than everything read before it, so the cut falls inside it.
      source.execute(
          "CREATE TABLE big AS SELECT g AS id, md5(g::text) AS note"
              + " FROM generate_series(1, 100000) g");
      S3Location location = upload(export(source, dir, Compression.NONE), "cut");
      String before = DatabaseContents.of(target);
      Cli.Result r;
      try (CuttingProxy network = CuttingProxy.start(s3.endpoint(), 512 * 1024);
          S3Server.Properties chain = s3.standardChain(network.endpoint(), S3Server.SECRET_KEY)) {
        r = Cli.run(args("restore", location.toString(), target, "--create"));
        assertTrue(
            r.err()
                .contains(
                    "\npgsnap: the connection to "
                        + network.endpoint()
                        + " failed while reading "
                        + location
                        + "/tables/public.big.csv ("),
            r.err());
      }
      assertEquals(ErrorCode.CONNECTION.exitStatus(), r.exitCode(), r::all);
      assertTrue(r.err().contains(RestoreErrors.NOTHING_CHANGED), r.err());
      assertEquals(before, DatabaseContents.of(target));
    }
  }

  @Test
  void aSnapshotThatCannotBeOpenedIsRefusedBeforeTheDatabaseIsReached() {
    // Nothing listens on port 1: reaching for the database would fail with exit 5 instead.
    Cli.Result r =
        s3.cli(
            "restore",
            "s3://" + BUCKET + "/prod/nothing-here",
            "--url",
            "postgresql://127.0.0.1:1/none");

    assertEquals(ErrorCode.STORAGE.exitStatus(), r.exitCode(), r::all);
    assertEquals(
        "pgsnap: no snapshot at s3://"
            + BUCKET
            + "/prod/nothing-here: nothing is stored there; check the location\n",
        r.err());
  }

  /** {@code text} ends with {@code end}: after the warning a password in --url draws. */
  private static void assertEndsWith(String end, String text) {
    assertTrue(text.endsWith(end), () -> "expected to end with:\n" + end + "\nbut was:\n" + text);
  }
}
