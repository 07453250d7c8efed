package io.pgsnap.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pgsnap.ErrorCode;
import io.pgsnap.PgsnapException;
import io.pgsnap.snapshot.OperationLog;
import io.pgsnap.testsupport.SyntheticSnapshots;
import io.pgsnap.verify.StatusReport.Alert;
import io.pgsnap.verify.StatusReport.Reason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The status check's decisions, on snapshots written without a database, at fixed times. */
class StatusCheckTest {
  private static final String OLDER = "shop-20260101T030405Z";
  private static final String NEWEST = "shop-20260102T030405Z";
  private static final Instant NEWEST_TAKEN = Instant.parse("2026-01-02T03:04:05Z");

  @TempDir Path out;

  private static StatusReport check(Path dir, Duration sinceNewest, boolean verify) {
    Clock clock = Clock.fixed(NEWEST_TAKEN.plus(sinceNewest), ZoneOffset.UTC);
    return new StatusCheck(new StatusOptions(StatusOptions.DEFAULT_MAX_AGE, verify), clock)
        .check(dir);
  }

  private static List<Reason> reasons(StatusReport report) {
    return report.alerts().stream().map(Alert::reason).toList();
  }

  @Test
  void aRecentCompleteSnapshotIsHealthyAndDescribed() {
    SyntheticSnapshots.twoTables(out, OLDER);
    SyntheticSnapshots.twoTables(out, NEWEST);

    StatusReport report = check(out, Duration.ofMinutes(3 * 60 + 12), true);

    assertTrue(report.healthy(), () -> report.alerts().toString());
    StatusReport.Newest newest = report.newest().orElseThrow();
    assertEquals(NEWEST, newest.id());
    assertEquals(Duration.ofMinutes(3 * 60 + 12), newest.age());
    assertEquals(2, newest.totals().orElseThrow().tables());
    assertEquals(5, newest.totals().orElseThrow().rows());
    assertTrue(report.verification().orElseThrow().ok());
  }

  @Test
  void exactlyTheMaximumAgeIsStillHealthyAndOneSecondMoreAlerts() {
    SyntheticSnapshots.twoTables(out, NEWEST);

    assertTrue(check(out, Duration.ofHours(26), false).healthy());
    StatusReport late = check(out, Duration.ofHours(26).plusSeconds(1), false);
    assertEquals(List.of(Reason.TOO_OLD), reasons(late));
    assertTrue(
        late.alerts().get(0).message().contains("is 26h old, older than --max-age 26h"),
        late.alerts().get(0).message());
  }

  @Test
  void aPartialSnapshotNewerThanTheNewestCompleteOneDoesNotCount() throws IOException {
    SyntheticSnapshots.twoTables(out, OLDER);
    Files.createDirectories(out.resolve(NEWEST + ".partial/tables"));

    StatusReport report = check(out, Duration.ofHours(1), false);

    assertEquals(OLDER, report.newest().orElseThrow().id());
    assertEquals(Duration.ofHours(25), report.newest().orElseThrow().age());
  }

  @Test
  void onlyPartialSnapshotsMeansNoSnapshotAtAll() throws IOException {
    Files.createDirectories(out.resolve(NEWEST + ".partial"));
    Files.writeString(out.resolve("notes.txt"), "not a snapshot");

    StatusReport report = check(out, Duration.ZERO, true);

    assertEquals(List.of(Reason.NO_SNAPSHOT), reasons(report));
    assertTrue(report.newest().isEmpty());
    assertTrue(report.verification().isEmpty());
    assertTrue(report.alerts().get(0).message().contains("(only 1 partial"));
  }

  @Test
  void aBrokenNewestSnapshotAlertsOnlyWhenVerified() throws IOException {
    SyntheticSnapshots.twoTables(out, OLDER);
    Path newest = SyntheticSnapshots.twoTables(out, NEWEST);
    Files.delete(newest.resolve("tables/public.zeta.csv.zst"));

    assertTrue(check(out, Duration.ofHours(1), false).healthy());
    StatusReport verified = check(out, Duration.ofHours(1), true);
    assertEquals(List.of(Reason.BROKEN), reasons(verified));
    assertTrue(
        verified
            .alerts()
            .get(0)
            .message()
            .contains("fails verification with 1 problem (first: tables/public.zeta.csv.zst: is"),
        verified.alerts().get(0).message());
  }

  @Test
  void anUnreadableManifestIsBrokenEvenWithoutVerification() throws IOException {
    Path newest = SyntheticSnapshots.twoTables(out, NEWEST);
    Files.delete(newest.resolve("manifest.json"));

    StatusReport report = check(out, Duration.ofDays(2), false);

    assertEquals(List.of(Reason.BROKEN, Reason.TOO_OLD), reasons(report));
    assertTrue(report.newest().orElseThrow().totals().isEmpty());
  }

  @Test
  void aSnapshotFromTheFutureHasAgeZero() {
    SyntheticSnapshots.twoTables(out, NEWEST);

    StatusReport report = check(out, Duration.ofMinutes(-10), false);

    assertEquals(Duration.ZERO, report.newest().orElseThrow().age());
    assertTrue(report.healthy());
  }

  @Test
  void aMissingFolderIsAStorageFailureAndIsNotCreated() {
    Path missing = out.resolve("nowhere");
    PgsnapException e =
        assertThrows(PgsnapException.class, () -> check(missing, Duration.ZERO, false));
    assertEquals(ErrorCode.STORAGE, e.code());
    assertFalse(Files.exists(missing));
  }

  @Test
  void aNonPositiveMaximumAgeIsAUsageError() {
    PgsnapException e =
        assertThrows(PgsnapException.class, () -> new StatusOptions(Duration.ZERO, false));
    assertEquals(ErrorCode.USAGE, e.code());
  }

  @Test
  void eachCheckAppendsOneStatusLineAfterItsVerification() throws IOException {
    SyntheticSnapshots.twoTables(out, NEWEST);

    check(out, Duration.ofHours(30), true);

    List<String> lines = Files.readAllLines(out.resolve(OperationLog.FILE_NAME));
    assertEquals(2, lines.size());
    ObjectMapper json = new ObjectMapper();
    assertEquals("verify", json.readTree(lines.get(0)).get("command").asText());
    JsonNode status = json.readTree(lines.get(1));
    assertEquals("status", status.get("command").asText());
    assertEquals("failure", status.get("outcome").asText());
    assertEquals(NEWEST, status.get("snapshot").asText());
    assertEquals(30 * 3600, status.get("ageSeconds").asLong());
    assertEquals("[\"too_old\"]", status.get("alerts").toString());
    assertTrue(status.get("verified").asBoolean());
    assertEquals("2026-01-03T09:04:05Z", status.get("time").asText());
  }

  @Test
  void theStatusLineKeepsItsFieldsInTheirOrder() throws IOException {
    SyntheticSnapshots.twoTables(out, NEWEST);

    check(out, Duration.ofHours(1), true);

    List<String> lines = Files.readAllLines(out.resolve(OperationLog.FILE_NAME));
    JsonNode status = new ObjectMapper().readTree(lines.get(lines.size() - 1));
    List<String> names = new java.util.ArrayList<>();
    status.fieldNames().forEachRemaining(names::add);
    assertEquals(
        List.of(
            "time",
            "command",
            "outcome",
            "durationMs",
            "snapshot",
            "ageSeconds",
            "maxAgeSeconds",
            "alerts",
            "verified",
            "problems"),
        names);
  }
}
