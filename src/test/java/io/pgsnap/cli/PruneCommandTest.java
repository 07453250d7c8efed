package io.pgsnap.cli;

import static io.pgsnap.testsupport.FakeSnapshots.complete;
import static io.pgsnap.testsupport.FakeSnapshots.id;
import static io.pgsnap.testsupport.FakeSnapshots.partial;
import static io.pgsnap.testsupport.FakeSnapshots.touchAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pgsnap.ErrorCode;
import io.pgsnap.testsupport.Cli;
import io.pgsnap.testsupport.Snapshots;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pgsnap prune} on snapshot folders made without a database, at a fixed time. */
class PruneCommandTest {
  private static final Instant NOW = Instant.parse("2024-01-10T12:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  @TempDir Path dir;

  /** Four daily snapshots (1 KiB of table data each), an abandoned partial and a running one. */
  @BeforeEach
  void snapshots() {
    for (int day = 1; day <= 4; day++) {
      complete(dir, id("shop", "2024-01-0" + day + "T03:00:00Z"), 1, day, 1024, null);
    }
    touchAll(partial(dir, id("shop", "2024-01-05T03:00:00Z"), 1024), NOW.minus(Duration.ofDays(5)));
    touchAll(
        partial(dir, id("shop", "2024-01-10T11:00:00Z"), 10), NOW.minus(Duration.ofMinutes(30)));
  }

  private static final String TABLE =
      String.join(
          "\n",
          "ACTION  SNAPSHOT                       CREATED (UTC)        REASONS",
          "keep    shop-20240110T110000Z.partial  2024-01-10 11:00:00  partial, changed 30m ago: may be a running export (removed once unchanged for over 24h)",
          "remove  shop-20240105T030000Z.partial  2024-01-05 03:00:00  abandoned partial: unchanged for 5d, over 24h",
          "keep    shop-20240104T030000Z          2024-01-04 03:00:00  last snapshot, daily snapshot",
          "keep    shop-20240103T030000Z          2024-01-03 03:00:00  daily snapshot",
          "remove  shop-20240102T030000Z          2024-01-02 03:00:00  no rule keeps it",
          "remove  shop-20240101T030000Z          2024-01-01 03:00:00  no rule keeps it",
          "");

  /** The size of what the policy of the first tests removes, as the summary prints it. */
  private String removedSize() throws IOException {
    long bytes = 0;
    for (String folder :
        List.of(
            "shop-20240101T030000Z", "shop-20240102T030000Z", "shop-20240105T030000Z.partial")) {
      try (Stream<Path> files = Files.walk(dir.resolve(folder))) {
        bytes += files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
      }
    }
    return Sizes.human(bytes);
  }

  @Test
  void aDryRunShowsEveryDecisionWithItsReasonsAndDeletesNothing() throws IOException {
    List<String> before = Snapshots.entries(dir);
    String removedSize = removedSize();

    Cli.Result r =
        Cli.run(
            CLOCK, "prune", "--keep-last", "1", "--keep-daily", "2", "--dry-run", dir.toString());

    assertEquals(0, r.exitCode(), r.err());
    assertEquals(TABLE, r.out());
    assertEquals(
        "applying policy: keep 1 latest, 2 daily snapshots\n"
            + "dry run, nothing deleted: would remove 2 snapshots and 1 abandoned partial folder ("
            + removedSize
            + "), keep 2 snapshots and 1 partial folder that may be a running export\n",
        r.err());
    List<String> after =
        Snapshots.entries(dir).stream().filter(n -> !n.equals("pgsnap.log")).toList();
    assertEquals(before, after);
  }

  @Test
  void removesWhatTheDryRunShowed() throws IOException {
    String removedSize = removedSize();

    Cli.Result r = Cli.run(CLOCK, "prune", "--keep-last", "1", "--keep-daily", "2", dir.toString());

    assertEquals(0, r.exitCode(), r.err());
    assertEquals(TABLE, r.out());
    assertEquals(
        "applying policy: keep 1 latest, 2 daily snapshots\n"
            + "removed 2 snapshots and 1 abandoned partial folder (freed "
            + removedSize
            + "), kept 2 snapshots and 1 partial folder that may be a running export\n",
        r.err());
    assertEquals(
        List.of(
            "pgsnap.log",
            "shop-20240103T030000Z",
            "shop-20240104T030000Z",
            "shop-20240110T110000Z.partial"),
        Snapshots.entries(dir));
  }

  @Test
  void quietPrintsNothingWhenItSucceeds() {
    Cli.Result r =
        Cli.run(CLOCK, "prune", "--quiet", "--keep-last", "1", "--keep-daily", "2", dir.toString());
    assertEquals(0, r.exitCode(), r.err());
    assertEquals("", r.out());
    assertEquals("", r.err());
  }

  @Test
  void quietDryRunPrintsTheTableOnly() {
    Cli.Result r =
        Cli.run(
            CLOCK,
            "prune",
            "--quiet",
            "--dry-run",
            "--keep-last",
            "1",
            "--keep-daily",
            "2",
            dir.toString());
    assertEquals(0, r.exitCode(), r.err());
    assertEquals(TABLE, r.out());
    assertEquals("", r.err());
  }

  @Test
  void printsJson() throws Exception {
    Cli.Result r =
        Cli.run(CLOCK, "prune", "--json", "--keep-within", "2d", "--dry-run", dir.toString());

    assertEquals(0, r.exitCode(), r.err());
    assertEquals("", r.err());
    JsonNode json = new ObjectMapper().readTree(r.out());
    assertEquals(dir.toString(), json.get("dir").asText());
    assertTrue(json.get("dryRun").asBoolean());
    // Strictly after 2024-01-02T03:00Z, two days before the newest: 2 January itself goes.
    assertEquals(3, json.get("kept").asInt());
    assertEquals(3, json.get("removed").asInt());
    assertEquals(6, json.get("snapshots").size());
    assertEquals(
        "{\"folder\":\"shop-20240103T030000Z\",\"id\":\"shop-20240103T030000Z\",\"partial\":false,"
            + "\"created\":\"2024-01-03T03:00:00Z\",\"action\":\"keep\",\"reasons\":[\"within 2d\"]}",
        json.get("snapshots").get(3).toString());
    assertEquals(
        "{\"folder\":\"shop-20240102T030000Z\",\"id\":\"shop-20240102T030000Z\",\"partial\":false,"
            + "\"created\":\"2024-01-02T03:00:00Z\",\"action\":\"remove\","
            + "\"reasons\":[\"no rule keeps it\"]}",
        json.get("snapshots").get(4).toString());
  }

  @Test
  void withoutAnyKeepOptionItRefusesAsResticDoes() {
    Cli.Result r = Cli.run(CLOCK, "prune", dir.toString());

    assertEquals(ErrorCode.USAGE.exitStatus(), r.exitCode());
    assertEquals("", r.out());
    assertEquals(
        "pgsnap: prune needs at least one --keep option (--keep-last, --keep-within,"
            + " --keep-hourly, --keep-daily, --keep-weekly, --keep-monthly or --keep-yearly),"
            + " e.g. --keep-daily 7 --keep-weekly 4\n",
        r.err());
    assertEquals(6, Snapshots.entries(dir).size(), "nothing deleted, nothing logged");
  }

  @Test
  void badValuesAreUsageErrorsThatNameTheOption() {
    Cli.Result count = Cli.run(CLOCK, "prune", "--keep-daily", "seven", dir.toString());
    assertEquals(ErrorCode.USAGE.exitStatus(), count.exitCode());
    assertTrue(
        count
            .err()
            .startsWith(
                "Invalid value for option '--keep-daily': 'seven' is not a number of snapshots:"
                    + " give e.g. 7, or 'unlimited'\n"),
        count.err());

    Cli.Result span = Cli.run(CLOCK, "prune", "--keep-within", "6w", dir.toString());
    assertEquals(ErrorCode.USAGE.exitStatus(), span.exitCode());
    assertTrue(
        span.err()
            .startsWith(
                "Invalid value for option '--keep-within': --keep-within '6w' is not a span: use"
                    + " years, months, days and hours as restic does, e.g. 30d, 1y6m or 2y5m7d3h"
                    + " (m means months)\n"),
        span.err());

    Cli.Result partial =
        Cli.run(CLOCK, "prune", "--keep-last", "1", "--partial-older-than", "0s", dir.toString());
    assertEquals(ErrorCode.USAGE.exitStatus(), partial.exitCode());
    assertEquals(
        "pgsnap: --partial-older-than must be positive, e.g. 24h: a shorter time risks deleting"
            + " the folder of an export that is still running\n",
        partial.err());
    assertEquals(6, Snapshots.entries(dir).size(), "nothing deleted, nothing logged");
  }

  @Test
  void helpNamesEveryOptionAndTheTopCommandListsPruneAndList() {
    Cli.Result r = Cli.run("prune", "--help");
    assertEquals(0, r.exitCode());
    for (String option :
        List.of(
            "--keep-last",
            "--keep-within",
            "--keep-hourly",
            "--keep-daily",
            "--keep-weekly",
            "--keep-monthly",
            "--keep-yearly",
            "--partial-older-than",
            "--dry-run",
            "--json",
            "--quiet",
            "--verbose")) {
      assertTrue(r.out().contains(option), () -> option + " in\n" + r.out());
    }
    Cli.Result top = Cli.run("--help");
    assertTrue(top.out().contains("\n  list "), top.out());
    assertTrue(top.out().contains("\n  prune "), top.out());
  }

  @Test
  void unlimitedKeepsOnePerBucketForEver() {
    Cli.Result r = Cli.run(CLOCK, "prune", "--quiet", "--keep-daily", "unlimited", dir.toString());
    assertEquals(0, r.exitCode(), r.err());
    assertEquals(
        List.of(
            "pgsnap.log",
            "shop-20240101T030000Z",
            "shop-20240102T030000Z",
            "shop-20240103T030000Z",
            "shop-20240104T030000Z",
            "shop-20240110T110000Z.partial"),
        Snapshots.entries(dir));
  }
}
