package io.pgsnap.verify;

import static io.pgsnap.verify.SmallSnapshots.ITEMS;
import static io.pgsnap.verify.SmallSnapshots.flipByte;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pgsnap.ErrorCode;
import io.pgsnap.snapshot.OperationLog;
import io.pgsnap.snapshot.SnapshotFolder;
import io.pgsnap.testsupport.Cli;
import io.pgsnap.testsupport.OnOneServer;
import io.pgsnap.testsupport.PgServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pgsnap status} on real snapshots, at each of its exit statuses. The time is fixed relative
 * to the snapshot, so ages are exact. Status reads files only, so one server's snapshots stand for
 * every major's.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StatusIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Holds the snapshots exported once for all tests of the class; deleted after them. */
  private Path exports;

  private SmallSnapshots snapshots;

  @BeforeAll
  void createExportFolder() throws IOException {
    exports = Files.createTempDirectory("pgsnap-" + getClass().getSimpleName());
    snapshots = new SmallSnapshots(exports);
  }

  @AfterAll
  void deleteExportFolder() {
    SmallSnapshots.deleteRecursively(exports);
  }

  /** A folder {@code dir/backups} holding a fresh copy of the CSV snapshot. */
  private Path backupsWithSnapshot(PgServer server, Path dir) throws IOException {
    Path backups = Files.createDirectories(dir.resolve("backups"));
    snapshots.csvZstd(server, backups);
    return backups;
  }

  private static Path onlySnapshot(Path backups) {
    return new SnapshotFolder(backups).complete().get(0).path();
  }

  /** A clock {@code age} after the snapshot in {@code backups} was taken. */
  private static Clock aged(Path backups, Duration age) {
    Instant taken = new SnapshotFolder(backups).complete().get(0).takenAt();
    return Clock.fixed(taken.plus(age), ZoneOffset.UTC);
  }

  private static String id(Path backups) {
    return onlySnapshot(backups).getFileName().toString();
  }

  @OnOneServer
  void aRecentSnapshotIsHealthy(PgServer server, @TempDir Path dir) throws IOException {
    Path backups = backupsWithSnapshot(server, dir);

    Cli.Result r =
        Cli.run(aged(backups, Duration.ofMinutes(192)), "status", backups.toString(), "--verify");

    assertEquals(0, r.exitCode(), r.all());
    assertEquals(List.of(), r.err().lines().toList());
    String line = r.out().strip();
    assertTrue(
        line.startsWith("OK: newest " + id(backups) + ", age 3h12m, 2 tables, 3,020 rows, "), line);
    assertTrue(line.endsWith(", verified"), line);
    assertEquals(1, r.out().lines().count());
  }

  @OnOneServer
  void aSnapshotOlderThanTheMaximumAgeAlerts(PgServer server, @TempDir Path dir)
      throws IOException {
    Path backups = backupsWithSnapshot(server, dir);

    Cli.Result r = Cli.run(aged(backups, Duration.ofHours(27)), "status", backups.toString());

    assertEquals(ErrorCode.ALERT.exitStatus(), r.exitCode(), r.all());
    assertTrue(
        r.out().startsWith("ALERT too old: newest " + id(backups) + ", age 27h (max 26h), "),
        r.out());
    assertTrue(r.err().contains("is 27h old, older than --max-age 26h"), r.err());

    Cli.Result stricter =
        Cli.run(
            aged(backups, Duration.ofHours(2)), "status", backups.toString(), "--max-age", "1h");
    assertEquals(ErrorCode.ALERT.exitStatus(), stricter.exitCode(), stricter.all());
    Cli.Result justInTime =
        Cli.run(aged(backups, Duration.ofHours(26)), "status", backups.toString());
    assertEquals(0, justInTime.exitCode(), justInTime.all());
  }

  @OnOneServer
  void aBrokenNewestSnapshotAlertsWithVerify(PgServer server, @TempDir Path dir)
      throws IOException {
    Path backups = backupsWithSnapshot(server, dir);
    flipByte(onlySnapshot(backups).resolve(ITEMS), 50);
    Clock clock = aged(backups, Duration.ofHours(1));

    Cli.Result unverified = Cli.run(clock, "status", backups.toString());
    assertEquals(0, unverified.exitCode(), "without --verify nothing reads the files");

    Cli.Result r = Cli.run(clock, "status", backups.toString(), "--verify");
    assertEquals(ErrorCode.ALERT.exitStatus(), r.exitCode(), r.all());
    assertTrue(r.out().startsWith("ALERT broken: newest " + id(backups)), r.out());
    assertTrue(r.out().strip().endsWith(", 1 problem"), r.out());
    assertTrue(r.err().contains("run pgsnap verify " + onlySnapshot(backups)), r.err());
  }

  @OnOneServer
  void tooOldAndBrokenAreBothNamed(PgServer server, @TempDir Path dir) throws IOException {
    Path backups = backupsWithSnapshot(server, dir);
    Files.delete(onlySnapshot(backups).resolve(ITEMS));

    Cli.Result r =
        Cli.run(
            aged(backups, Duration.ofDays(3)), "status", backups.toString(), "--verify", "--json");

    assertEquals(ErrorCode.ALERT.exitStatus(), r.exitCode(), r.all());
    JsonNode json = JSON.readTree(r.out());
    assertEquals("alert", json.get("status").asText());
    assertEquals("too_old", json.get("alerts").get(0).get("reason").asText());
    assertEquals("broken", json.get("alerts").get(1).get("reason").asText());
    assertEquals(3 * 24 * 3600, json.get("newest").get("ageSeconds").asLong());
    assertEquals(false, json.get("verified").asBoolean());
    assertEquals("file_missing", json.get("problems").get(0).get("kind").asText());
  }

  @OnOneServer
  void aHealthyStatusAsJson(PgServer server, @TempDir Path dir) throws IOException {
    Path backups = backupsWithSnapshot(server, dir);

    Cli.Result r =
        Cli.run(aged(backups, Duration.ofMinutes(5)), "status", backups.toString(), "--json");

    assertEquals(0, r.exitCode(), r.all());
    JsonNode json = JSON.readTree(r.out());
    assertEquals("ok", json.get("status").asText());
    assertEquals(0, json.get("alerts").size());
    assertEquals(id(backups), json.get("newest").get("id").asText());
    assertEquals(3020, json.get("newest").get("rows").asLong());
    assertEquals(2, json.get("newest").get("tables").asInt());
    assertEquals(26 * 3600, json.get("maxAgeSeconds").asLong());
    assertTrue(json.get("verified").isNull());
  }

  @OnOneServer
  void noCompleteSnapshotAtAllAlerts(PgServer server, @TempDir Path dir) throws IOException {
    Path backups = backupsWithSnapshot(server, dir);
    Path snapshot = onlySnapshot(backups);
    Files.move(snapshot, backups.resolve(snapshot.getFileName() + ".partial"));

    Cli.Result r = Cli.run("status", backups.toString());

    assertEquals(ErrorCode.ALERT.exitStatus(), r.exitCode(), r.all());
    assertEquals("ALERT no snapshot: no complete snapshot in " + backups, r.out().strip());
    assertTrue(r.err().contains("(only 1 partial"), r.err());
  }

  @OnOneServer
  void anEmptyFolderAlerts(PgServer server, @TempDir Path dir) {
    Cli.Result r = Cli.run("status", dir.toString(), "--quiet");

    assertEquals(ErrorCode.ALERT.exitStatus(), r.exitCode(), r.all());
    assertEquals("ALERT no snapshot: no complete snapshot in " + dir + "\n", r.out());
    assertEquals("", r.err());
  }

  @OnOneServer
  void aMissingFolderIsAStorageError(PgServer server, @TempDir Path dir) {
    Path missing = dir.resolve("not-mounted");

    Cli.Result r = Cli.run("status", missing.toString());

    assertEquals(ErrorCode.STORAGE.exitStatus(), r.exitCode(), r.all());
    assertTrue(r.err().startsWith("pgsnap: no snapshot folder " + missing), r.err());
    assertTrue(Files.notExists(missing), "status must not create the folder");
  }

  @OnOneServer
  void eachStatusIsLogged(PgServer server, @TempDir Path dir) throws IOException {
    Path backups = backupsWithSnapshot(server, dir);

    Cli.Result r = Cli.run(aged(backups, Duration.ofHours(30)), "status", backups.toString());

    assertEquals(ErrorCode.ALERT.exitStatus(), r.exitCode(), r.all());
    List<String> log = Files.readAllLines(backups.resolve(OperationLog.FILE_NAME));
    assertEquals(1, log.size());
    JsonNode entry = JSON.readTree(log.get(0));
    assertEquals("status", entry.get("command").asText());
    assertEquals("failure", entry.get("outcome").asText());
    assertEquals(id(backups), entry.get("snapshot").asText());
    assertEquals(30 * 3600, entry.get("ageSeconds").asLong());
  }
}
