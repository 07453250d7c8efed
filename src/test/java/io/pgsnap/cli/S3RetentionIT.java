package io.pgsnap.cli;

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
import io.pgsnap.storage.S3Settings;
import io.pgsnap.testsupport.Cli;
import io.pgsnap.testsupport.OnOneServer;
import io.pgsnap.testsupport.PgServer;
import io.pgsnap.testsupport.PgsnapProcess;
import io.pgsnap.testsupport.S3Server;
import io.pgsnap.testsupport.TestDatabase;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code list}, {@code status} and {@code prune} of a bucket prefix on a real S3 server: snapshots
 * exported there are listed, checked and pruned as in a folder, a prefix without {@code
 * manifest.json} is a partial snapshot, and nothing is ever written to a local folder named {@code
 * s3:}.
 */
class S3RetentionIT {
  private static final String BUCKET = "retention-test";
  private static final String OLDER_TIME = "2025-03-01T03:00:00Z";
  private static final String NEWER_TIME = "2025-03-02T03:00:00Z";

  @RegisterExtension static final S3Server s3 = S3Server.perClass(BUCKET);

  private static Clock at(String time) {
    return Clock.fixed(Instant.parse(time), ZoneOffset.UTC);
  }

  /** Runs the command line as if at {@code clock}, reaching the test server. */
  private static Cli.Result cli(Clock clock, String... args) {
    try (S3Server.Properties chain = s3.standardChain(S3Server.SECRET_KEY)) {
      return Cli.run(clock, args);
    }
  }

  /** The keys under {@code place}. */
  private static List<String> keysUnder(S3Location place) {
    return s3.keys(BUCKET).stream().filter(k -> k.startsWith(place.keyPrefix())).toList();
  }

  /**
   * Two uncompressed exports of a database of two tables under {@code out}, a day apart, the newer
   * with one row more (so that sizes are the CSV bytes: 27 B, then 31 B); returns their ids, older
   * first.
   */
  private static List<String> exportTwice(TestDatabase db, S3Location out) {
    db.execute(
        "CREATE TABLE t (id integer PRIMARY KEY, name text)",
        "INSERT INTO t VALUES (1, 'a'), (2, 'b'), (3, 'c')",
        "CREATE TABLE u (id integer)",
        "INSERT INTO u VALUES (1), (2)");
    ExportOptions options =
        ExportOptions.defaults(Path.of("unused"))
            .withCompression(Compression.NONE)
            .withLabel("nightly");
    try (S3Server.Properties chain = s3.standardChain(S3Server.SECRET_KEY)) {
      Pgsnap.using(db.dataSource())
          .withClock(at(OLDER_TIME))
          .export(out, S3Settings.standard(), options);
      db.execute("INSERT INTO t VALUES (4, 'd')");
      Pgsnap.using(db.dataSource())
          .withClock(at(NEWER_TIME))
          .export(out, S3Settings.standard(), options);
    }
    return List.of(db.name() + "-20250301T030000Z", db.name() + "-20250302T030000Z");
  }

  @OnOneServer
  void listShowsBothExportsCompleteNewestFirstWithTheirSizes(PgServer server) throws Exception {
    try (TestDatabase db = server.createDatabase()) {
      S3Location out = new S3Location(BUCKET, "list/prod");
      List<String> ids = exportTwice(db, out);

      Cli.Result r = cli(at("2025-03-02T05:00:00Z"), "list", out.toString());
      Cli.Result json = cli(at("2025-03-02T05:00:00Z"), "list", "--json", out.toString());

      assertEquals(0, r.exitCode(), r::all);
      String pad = " ".repeat(ids.get(1).length() - 2);
      assertEquals(
          "ID"
              + pad
              + "  CREATED (UTC)        AGE  STATE     TABLES  ROWS  SIZE  LAST DRILL (UTC)  LABEL\n"
              + ids.get(1)
              + "  2025-03-02 03:00:00   2h  complete       2     6  31 B  not recorded      nightly\n"
              + ids.get(0)
              + "  2025-03-01 03:00:00  26h  complete       2     5  27 B  not recorded      nightly\n",
          r.out());
      assertEquals("", r.err());
      assertEquals(0, json.exitCode(), json::all);
      JsonNode rows = new ObjectMapper().readTree(json.out());
      assertEquals(out.child(ids.get(1)).toString(), rows.get(0).get("path").asText());
      assertEquals("complete", rows.get(1).get("state").asText());
      assertTrue(rows.get(0).get("lastDrill").isNull(), json.out());
      assertFalse(Files.exists(Path.of("s3:")), "a local folder named s3: was created");
    }
  }

  @OnOneServer
  void statusOfTheBucketPrefixIsOkWithTheNewestSnapshotVerifiedFromTheBucket(PgServer server)
      throws Exception {
    try (TestDatabase db = server.createDatabase()) {
      S3Location out = new S3Location(BUCKET, "status/prod");
      List<String> ids = exportTwice(db, out);
      Clock twoHoursLater = at("2025-03-02T05:00:00Z");

      Cli.Result r = cli(twoHoursLater, "status", "--verify", out.toString());
      Cli.Result json = cli(twoHoursLater, "status", "--json", out.toString());
      Cli.Result late = cli(at("2025-03-03T06:00:00Z"), "status", out.toString());

      assertEquals(0, r.exitCode(), r::all);
      assertEquals(
          "OK: newest " + ids.get(1) + ", age 2h, 2 tables, 6 rows, 31 B, verified\n", r.out());
      assertEquals(0, json.exitCode(), json::all);
      JsonNode status = new ObjectMapper().readTree(json.out());
      assertEquals("ok", status.get("status").asText());
      assertEquals(out.toString(), status.get("dir").asText());
      assertEquals(out.child(ids.get(1)).toString(), status.get("newest").get("path").asText());
      assertEquals(7200, status.get("newest").get("ageSeconds").asLong());
      assertEquals(ErrorCode.ALERT.exitStatus(), late.exitCode(), late::all);
      assertEquals(
          "pgsnap: the newest complete snapshot "
              + ids.get(1)
              + " is 27h old, older than --max-age 26h: check that the scheduled export runs and"
              + " succeeds\n",
          late.err());
    }
  }

  @OnOneServer
  void pruneKeepLastOneRemovesTheOlderSnapshotsObjectsAndLeavesTheNewerIntact(PgServer server) {
    try (TestDatabase db = server.createDatabase()) {
      S3Location out = new S3Location(BUCKET, "prune/prod");
      List<String> ids = exportTwice(db, out);
      List<String> newerKeys = keysUnder(out.child(ids.get(1)));

      Cli.Result r = cli(at("2025-03-02T05:00:00Z"), "prune", "--keep-last", "1", out.toString());

      assertEquals(0, r.exitCode(), r::all);
      assertEquals(
          "ACTION  SNAPSHOT"
              + " ".repeat(ids.get(0).length() - 8)
              + "  CREATED (UTC)        REASONS\n"
              + "keep    "
              + ids.get(1)
              + "  2025-03-02 03:00:00  last snapshot\n"
              + "remove  "
              + ids.get(0)
              + "  2025-03-01 03:00:00  no rule keeps it\n",
          r.out());
      assertEquals(List.of(), keysUnder(out.child(ids.get(0))));
      assertEquals(newerKeys, keysUnder(out.child(ids.get(1))));
      Cli.Result verified = s3.cli("verify", "--deep", "--quiet", out.child(ids.get(1)).toString());
      assertEquals(0, verified.exitCode(), verified::all);
    }
  }

  @OnOneServer
  void pruneDryRunDeletesNothing(PgServer server) {
    try (TestDatabase db = server.createDatabase()) {
      S3Location out = new S3Location(BUCKET, "dry-run/prod");
      List<String> ids = exportTwice(db, out);
      List<String> before = keysUnder(out);

      Cli.Result r =
          cli(at("2025-03-02T05:00:00Z"), "prune", "--keep-last", "1", "--dry-run", out.toString());

      assertEquals(0, r.exitCode(), r::all);
      assertTrue(r.out().contains("remove  " + ids.get(0) + "  "), r.out());
      assertTrue(
          r.err()
              .startsWith(
                  "applying policy: keep 1 latest snapshots\n"
                      + "dry run, nothing deleted: would remove 1 snapshot ("),
          r.err());
      assertEquals(before, keysUnder(out));
    }
  }

  @OnOneServer
  void aPrefixWithoutManifestIsListedAsPartialAndPrunedOnlyOnceOlderThanTheLimit(PgServer server) {
    try (TestDatabase db = server.createDatabase()) {
      S3Location out = new S3Location(BUCKET, "partial/prod");
      List<String> ids = exportTwice(db, out);
      // What an export that died mid-upload leaves: table files, and no manifest.json.
      String abandoned = db.name() + "-20250303T030000Z";
      s3.put(
          out.child(abandoned).child("tables").child("public.t.csv"),
          "id,name\n1,a\n".getBytes(StandardCharsets.UTF_8));
      // Partial prefixes are dated by their newest object, which the server dates now.
      Clock now = Clock.systemUTC();
      Clock twoDaysLater = Clock.offset(now, Duration.ofDays(2));

      Cli.Result listed = cli(now, "list", "--json", out.toString());
      Cli.Result young = cli(now, "prune", "--keep-last", "1", out.toString());
      List<String> keptKeys = keysUnder(out.child(abandoned));
      Cli.Result old = cli(twoDaysLater, "prune", "--keep-last", "1", out.toString());

      assertEquals(0, listed.exitCode(), listed::all);
      assertTrue(
          listed
              .out()
              .startsWith(
                  "[{\"id\":\""
                      + abandoned
                      + "\",\"path\":\""
                      + out.child(abandoned)
                      + "\",\"created\":\"2025-03-03T03:00:00Z\""),
          listed.out());
      assertTrue(listed.out().contains("\"state\":\"partial\""), listed.out());
      assertEquals(0, young.exitCode(), young::all);
      assertTrue(
          young.out().contains("keep    " + abandoned + "  2025-03-03 03:00:00  partial, changed "),
          young.out());
      assertEquals(List.of(out.child(abandoned).prefix() + "/tables/public.t.csv"), keptKeys);
      assertEquals(0, old.exitCode(), old::all);
      assertTrue(
          old.out().contains("remove  " + abandoned + "  2025-03-03 03:00:00  abandoned partial:"),
          old.out());
      assertTrue(old.err().contains("removed 1 abandoned partial snapshot ("), old.err());
      assertEquals(List.of(), keysUnder(out.child(abandoned)));
      assertFalse(keysUnder(out.child(ids.get(1))).isEmpty());
    }
  }

  @OnOneServer
  void anExportKilledMidUploadLeavesAPartialThatListShowsAndPruneRemoves(
      PgServer server, @TempDir Path work) {
    try (TestDatabase db = server.createDatabase()) {
      // About 100 MB of CSV: twelve 8 MiB parts, so the kill lands inside the upload.
      db.execute(
          "CREATE TABLE big AS SELECT g AS id, md5(g::text) || md5((g + 1)::text) AS note"
              + " FROM generate_series(1, 1400000) g");
      S3Location out = new S3Location(BUCKET, "killed/prod");
      Map<String, String> environment =
          Map.of(
              "PGPASSWORD",
              server.superuserPassword(),
              "AWS_ACCESS_KEY_ID",
              S3Server.ACCESS_KEY,
              "AWS_SECRET_ACCESS_KEY",
              S3Server.SECRET_KEY,
              "AWS_REGION",
              "us-east-1");
      try (PgsnapProcess pgsnap =
          PgsnapProcess.start(
              work,
              environment,
              List.of(),
              "export",
              "--quiet",
              "--url",
              db.uriWithoutPassword(),
              "--out",
              out.toString(),
              "--s3-endpoint",
              s3.endpoint().toString(),
              "--compress",
              "none")) {
        // Wait for a table file's upload (the export's first upload is its write check's).
        PgsnapProcess.waitUntil(
            pgsnap,
            () -> pendingUploadsUnder(out).stream().anyMatch(k -> k.contains("/tables/")),
            "a table file's multipart upload",
            Duration.ofSeconds(90));
        pgsnap.signal("KILL");
        pgsnap.waitFor(Duration.ofSeconds(30));
      }
      List<String> leftOpen = pendingUploadsUnder(out);
      Clock twoDaysLater = Clock.offset(Clock.systemUTC(), Duration.ofDays(2));

      Cli.Result listed = cli(Clock.systemUTC(), "list", "--json", out.toString());
      Cli.Result pruned = cli(twoDaysLater, "prune", "--keep-last", "1", out.toString());

      assertEquals(1, leftOpen.size(), leftOpen::toString);
      assertTrue(leftOpen.get(0).endsWith("/tables/public.big.csv"), leftOpen::toString);
      assertEquals(0, listed.exitCode(), listed::all);
      assertTrue(listed.out().contains("\"state\":\"partial\""), listed.out());
      assertEquals(0, pruned.exitCode(), pruned::all);
      assertTrue(pruned.err().contains("removed 1 abandoned partial snapshot ("), pruned.err());
      assertEquals(List.of(), pendingUploadsUnder(out));
      assertEquals(List.of(), keysUnder(out));
    }
  }

  private static List<String> pendingUploadsUnder(S3Location place) {
    return s3.pendingUploads(BUCKET).stream().filter(k -> k.startsWith(place.keyPrefix())).toList();
  }

  @Test
  void aMissingBucketExits7ForListStatusAndPrune() {
    for (String[] args :
        new String[][] {
          {"list", "s3://no-such-bucket/prod"},
          {"status", "s3://no-such-bucket/prod"},
          {"prune", "--keep-last", "1", "s3://no-such-bucket/prod"},
        }) {
      Cli.Result r = s3.cli(args);

      assertEquals(ErrorCode.STORAGE.exitStatus(), r.exitCode(), r::all);
      assertEquals(
          "pgsnap: the bucket no-such-bucket does not exist at "
              + s3.endpoint()
              + ": check its name (and the endpoint), or create it\n",
          r.err());
    }
    assertFalse(Files.exists(Path.of("s3:")), "a local folder named s3: was created");
  }

  @Test
  void theS3EndpointOptionOverridesTheEnvironmentsEndpoint() {
    Cli.Result r;
    // Nothing listens on port 1: only the option can lead to the server.
    try (S3Server.Properties chain =
        s3.standardChain(URI.create("http://127.0.0.1:1"), S3Server.SECRET_KEY)) {
      r = Cli.run("list", "--s3-endpoint", s3.endpoint().toString(), "s3://" + BUCKET + "/empty");
    }

    assertEquals(0, r.exitCode(), r::all);
    assertEquals("no snapshots in s3://" + BUCKET + "/empty\n", r.err());
  }

  @Test
  void drillAgeCannotBeCheckedInABucketWhichRecordsNoRuns() {
    Cli.Result r = s3.cli("status", "--max-drill-age", "7d", "s3://" + BUCKET + "/prod");

    assertEquals(ErrorCode.USAGE.exitStatus(), r.exitCode(), r::all);
    assertEquals(
        "pgsnap: --max-drill-age reads the drills recorded in a folder's pgsnap.log, and s3://"
            + BUCKET
            + "/prod keeps none (runs on snapshots in object storage are not recorded): leave"
            + " --max-drill-age out for it\n",
        r.err());
  }
}
