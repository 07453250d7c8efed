package io.pgsnap.cli;

import static io.pgsnap.testsupport.FakeSnapshots.complete;
import static io.pgsnap.testsupport.FakeSnapshots.id;
import static io.pgsnap.testsupport.FakeSnapshots.partial;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pgsnap.ErrorCode;
import io.pgsnap.snapshot.OperationLog;
import io.pgsnap.testsupport.Cli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pgsnap list} on snapshot folders made without a database, at a fixed time. */
class ListCommandTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2024-01-04T06:30:00Z"), ZoneOffset.UTC);

  @TempDir Path dir;

  private void threeSnapshots() throws IOException {
    complete(dir, id("shop", "2024-01-01T03:00:00Z"), 3, 1234, 2048, "nightly");
    complete(dir, id("shop", "2024-01-03T03:00:00Z"), 12, 1_234_567, 5_000_000, "before v42");
    partial(dir, id("shop", "2024-01-04T03:00:00Z"), 10);
    Files.writeString(
        dir.resolve(OperationLog.FILE_NAME),
        "{\"time\":\"2024-01-02T00:00:00Z\",\"command\":\"verify\","
            + "\"snapshot\":\"shop-20240101T030000Z\",\"outcome\":\"failure\"}\n"
            + "{\"time\":\"2024-01-03T04:00:00Z\",\"command\":\"drill\","
            + "\"snapshot\":\"shop-20240103T030000Z\",\"outcome\":\"failure\"}\n"
            + "{\"time\":\"2024-01-03T05:10:00Z\",\"command\":\"drill\","
            + "\"snapshot\":\"shop-20240103T030000Z\",\"outcome\":\"success\"}\n");
  }

  @Test
  void printsAnAlignedTableNewestFirstWithEachSnapshotsNewestDrill() throws IOException {
    threeSnapshots();

    Cli.Result r = Cli.run(CLOCK, "list", dir.toString());

    assertEquals(0, r.exitCode(), r.err());
    assertEquals(
        String.join(
            "\n",
            "ID                     CREATED (UTC)           AGE  STATE                TABLES       ROWS     SIZE  LAST DRILL (UTC)            LABEL",
            "shop-20240104T030000Z  2024-01-04 03:00:00   3h30m  partial                   -          -        -",
            "shop-20240103T030000Z  2024-01-03 03:00:00  27h30m  complete                 12  1,234,567  4.8 MiB  2024-01-03 05:10:00 passed  before v42",
            "shop-20240101T030000Z  2024-01-01 03:00:00   3d03h  failed verification       3      1,234  2.0 KiB                              nightly",
            ""),
        r.out());
    assertEquals("", r.err());
  }

  @Test
  void printsJsonWithTheLastVerificationAndTheLastDrill() throws IOException {
    threeSnapshots();

    Cli.Result r = Cli.run(CLOCK, "list", "--json", dir.toString());

    assertEquals(0, r.exitCode(), r.err());
    JsonNode json = new ObjectMapper().readTree(r.out());
    assertEquals(3, json.size());
    assertEquals(
        "{\"id\":\"shop-20240104T030000Z\",\"path\":\""
            + dir.resolve("shop-20240104T030000Z.partial")
            + "\",\"created\":\"2024-01-04T03:00:00Z\",\"ageSeconds\":12600,\"state\":\"partial\","
            + "\"tables\":null,\"rows\":null,\"storedBytes\":null,\"label\":null,"
            + "\"lastVerification\":null,\"lastDrill\":null}",
        json.get(0).toString());
    assertEquals(
        "{\"id\":\"shop-20240101T030000Z\",\"path\":\""
            + dir.resolve("shop-20240101T030000Z")
            + "\",\"created\":\"2024-01-01T03:00:00Z\",\"ageSeconds\":271800,"
            + "\"state\":\"failed_verification\",\"tables\":3,\"rows\":1234,\"storedBytes\":2048,"
            + "\"label\":\"nightly\",\"lastVerification\":"
            + "{\"outcome\":\"failure\",\"time\":\"2024-01-02T00:00:00Z\"},\"lastDrill\":null}",
        json.get(2).toString());
    assertEquals(
        "{\"outcome\":\"success\",\"time\":\"2024-01-03T05:10:00Z\"}",
        json.get(1).get("lastDrill").toString());
  }

  @Test
  void anEmptyFolderSaysSoOnStandardError() {
    Cli.Result r = Cli.run(CLOCK, "list", dir.toString());
    assertEquals(0, r.exitCode());
    assertEquals("", r.out());
    assertEquals("no snapshots in " + dir + "\n", r.err());

    Cli.Result json = Cli.run(CLOCK, "list", "--json", dir.toString());
    assertEquals("[]\n", json.out());
    assertEquals("", json.err());
  }

  @Test
  void aMissingFolderIsAStorageError() {
    Path missing = dir.resolve("missing");
    Cli.Result r = Cli.run(CLOCK, "list", missing.toString());
    assertEquals(ErrorCode.STORAGE.exitStatus(), r.exitCode());
    assertEquals(
        "pgsnap: no snapshot folder " + missing + ": check the path (export's --out)\n", r.err());
  }
}
