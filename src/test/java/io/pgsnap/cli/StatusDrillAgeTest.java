package io.pgsnap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pgsnap.snapshot.OperationLog;
import io.pgsnap.testsupport.Cli;
import io.pgsnap.testsupport.SyntheticSnapshots;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code status --max-drill-age} at each exit status, on snapshots written without a database and
 * drill lines as {@code pgsnap drill} logs them, at fixed times.
 */
class StatusDrillAgeTest {
  private static final String OLDER = "shop-20260101T030405Z";
  private static final String NEWEST = "shop-20260102T030405Z";
  private static final Instant NEWEST_TAKEN = Instant.parse("2026-01-02T03:04:05Z");

  @TempDir Path out;

  @BeforeEach
  void twoSnapshots() {
    SyntheticSnapshots.twoTables(out, OLDER);
    SyntheticSnapshots.twoTables(out, NEWEST);
  }

  private void drill(String snapshot, Duration afterNewest, String outcome) throws IOException {
    Files.writeString(
        out.resolve(OperationLog.FILE_NAME),
        "{\"time\":\""
            + NEWEST_TAKEN.plus(afterNewest)
            + "\",\"command\":\"drill\",\"server\":\"throwaway\",\"outcome\":\""
            + outcome
            + "\",\"snapshot\":\""
            + snapshot
            + "\",\"tables\":2,\"rows\":5}\n",
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
  }

  private Cli.Result status(Duration afterNewest, String... options) {
    Clock clock = Clock.fixed(NEWEST_TAKEN.plus(afterNewest), ZoneOffset.UTC);
    String[] args = new String[options.length + 4];
    args[0] = "status";
    args[1] = out.toString();
    args[2] = "--max-age";
    args[3] = "30d";
    System.arraycopy(options, 0, args, 4, options.length);
    return Cli.run(clock, args);
  }

  @Test
  void aDrillThatPassedWithinTheAgeOfASnapshotThatYoungIsHealthy() throws IOException {
    drill(NEWEST, Duration.ofHours(1), "success");

    Cli.Result r = status(Duration.ofDays(7), "--max-drill-age", "7d");

    assertEquals(0, r.exitCode(), r::all);
    assertEquals("", r.err());
  }

  @Test
  void withoutAnyPassingDrillTheCheckAlertsThatNoneHasPassed() throws IOException {
    drill(NEWEST, Duration.ofHours(1), "failure");

    Cli.Result r = status(Duration.ofDays(1), "--max-drill-age", "7d");

    assertEquals(4, r.exitCode(), r::all);
    assertEquals(
        "ALERT no recent drill: newest " + NEWEST + ", age 24h, 2 tables, 5 rows, 61 B\n", r.out());
    assertEquals("pgsnap: no drill of a snapshot in " + out + " has passed" + advice(), r.err());
  }

  @Test
  void aPassingDrillOlderThanTheAgeAlertsNamingItAndItsSnapshot() throws IOException {
    drill(NEWEST, Duration.ofHours(1), "success");

    Cli.Result r = status(Duration.ofDays(7).plusHours(1).plusSeconds(1), "--max-drill-age", "7d");

    assertEquals(4, r.exitCode(), r::all);
    assertEquals(
        "pgsnap: no drill passed within --max-drill-age 7d of a snapshot at most that old: the"
            + " last passing drill was of "
            + NEWEST
            + " 7d ago, when the snapshot was 1h old"
            + advice(),
        r.err());
  }

  @Test
  void aRecentDrillOfASnapshotOlderThanTheAgeWhenDrilledDoesNotCount() throws IOException {
    drill(OLDER, Duration.ofDays(7), "success");

    Cli.Result r = status(Duration.ofDays(7).plusHours(1), "--max-drill-age", "7d");

    assertEquals(4, r.exitCode(), r::all);
    assertEquals(
        "pgsnap: no drill passed within --max-drill-age 7d of a snapshot at most that old: the"
            + " last passing drill was of "
            + OLDER
            + " 1h ago, when the snapshot was 8d old"
            + advice(),
        r.err());
  }

  /** What every drill alert ends with: drill the newest snapshot, and schedule drills. */
  private String advice() {
    return ": run pgsnap drill "
        + out.resolve(NEWEST)
        + ", and schedule it to run more often than every 7d (see "
        + out.resolve(OperationLog.FILE_NAME)
        + ")\n";
  }

  @Test
  void withoutTheOptionDrillsAreNotChecked() {
    Cli.Result r = status(Duration.ofDays(1));

    assertEquals(0, r.exitCode(), r::all);
  }

  @Test
  void aZeroOrMalformedMaxDrillAgeIsAUsageError() {
    Cli.Result zero = status(Duration.ofDays(1), "--max-drill-age", "0h");
    Cli.Result malformed = status(Duration.ofDays(1), "--max-drill-age", "weekly");

    assertEquals(2, zero.exitCode(), zero::all);
    assertEquals("pgsnap: --max-drill-age must be positive, not PT0S\n", zero.err());
    assertEquals(2, malformed.exitCode(), malformed::all);
  }
}
