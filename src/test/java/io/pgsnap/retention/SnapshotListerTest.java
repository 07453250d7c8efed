package io.pgsnap.retention;

import static io.pgsnap.testsupport.FakeSnapshots.complete;
import static io.pgsnap.testsupport.FakeSnapshots.id;
import static io.pgsnap.testsupport.FakeSnapshots.partial;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgsnap.ErrorCode;
import io.pgsnap.PgsnapException;
import io.pgsnap.snapshot.Manifest;
import io.pgsnap.snapshot.OperationLog;
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

/** What {@code list} reports for each kind of snapshot folder. */
class SnapshotListerTest {
  private static final Instant NOW = Instant.parse("2024-01-05T06:00:00Z");

  @TempDir Path dir;

  private List<SnapshotInfo> list() {
    return new SnapshotLister(Clock.fixed(NOW, ZoneOffset.UTC)).list(dir);
  }

  private void log(String... lines) throws IOException {
    Files.writeString(dir.resolve(OperationLog.FILE_NAME), String.join("\n", lines) + "\n");
  }

  @Test
  void everyKindOfFolderGetsItsStateNewestFirst() throws IOException {
    complete(dir, id("shop", "2024-01-01T03:00:00Z"), 3, 1234, 2048, "nightly");
    Path unreadable = complete(dir, id("shop", "2024-01-02T03:00:00Z"), 1, 1, 10, null);
    Files.writeString(unreadable.resolve("manifest.json"), "{ not json");
    complete(dir, id("shop", "2024-01-03T03:00:00Z"), 1, 5, 10, null);
    complete(dir, id("shop", "2024-01-04T03:00:00Z"), 1, 6, 10, null);
    partial(dir, id("shop", "2024-01-05T03:00:00Z"), 10);
    Files.createSymbolicLink(
        dir.resolve(id("shop", "2024-01-06T03:00:00Z")),
        dir.resolve(id("shop", "2024-01-01T03:00:00Z")));
    Files.createDirectories(dir.resolve("notes"));
    log(
        "{\"time\":\"2024-01-03T04:00:00Z\",\"command\":\"export\",\"outcome\":\"success\",\"snapshot\":\"shop-20240103T030000Z\"}",
        "{\"time\":\"2024-01-03T05:00:00Z\",\"command\":\"verify\",\"snapshot\":\"shop-20240103T030000Z\",\"outcome\":\"failure\"}",
        "{\"time\":\"2024-01-04T04:00:00Z\",\"command\":\"verify\",\"snapshot\":\"shop-20240104T030000Z\",\"outcome\":\"failure\"}",
        "a line that is not JSON",
        "{\"time\":\"2024-01-04T05:00:00Z\",\"command\":\"verify\",\"snapshot\":\"backups/shop-20240104T030000Z/\",\"outcome\":\"success\"}",
        "{\"command\":\"verify\",\"snapshot\":\"shop-20240101T030000Z\",\"outcome\":\"success\"}",
        "{\"time\":\"2024-01-05T05:00:00Z\",\"command\":\"verify\",\"snapshot\":\"shop-20240102T030000Z\",\"outcome\":\"success\"}",
        "{\"time\":\"2024-01-05T05:30:00Z\",\"command\":\"verify\",\"snapshot\":\"shop-20240101T030000Z\",\"outcome\":\"maybe\"}");

    List<SnapshotInfo> snapshots = list();

    assertEquals(
        List.of(
            "shop-20240105T030000Z",
            "shop-20240104T030000Z",
            "shop-20240103T030000Z",
            "shop-20240102T030000Z",
            "shop-20240101T030000Z"),
        snapshots.stream().map(SnapshotInfo::id).toList());
    assertEquals(
        List.of(
            SnapshotInfo.State.PARTIAL,
            SnapshotInfo.State.COMPLETE,
            SnapshotInfo.State.FAILED_VERIFICATION,
            SnapshotInfo.State.UNREADABLE,
            SnapshotInfo.State.COMPLETE),
        snapshots.stream().map(SnapshotInfo::state).toList());

    SnapshotInfo partial = snapshots.get(0);
    assertEquals(dir.resolve("shop-20240105T030000Z.partial").toString(), partial.location());
    assertEquals(Duration.ofHours(3), partial.age());
    assertNull(partial.totals());
    assertNull(partial.lastVerification());

    SnapshotInfo reverified = snapshots.get(1);
    assertEquals(
        new Verification(true, Instant.parse("2024-01-04T05:00:00Z")),
        reverified.lastVerification());

    SnapshotInfo unreadableInfo = snapshots.get(3);
    assertNull(unreadableInfo.totals());
    assertEquals(
        new Verification(true, Instant.parse("2024-01-05T05:00:00Z")),
        unreadableInfo.lastVerification());

    SnapshotInfo oldest = snapshots.get(4);
    assertEquals(Instant.parse("2024-01-01T03:00:00Z"), oldest.createdAt());
    assertEquals(Duration.ofDays(4).plusHours(3), oldest.age());
    assertEquals(new Manifest.Totals(3, 1234, 2048, 6144), oldest.totals());
    assertEquals("nightly", oldest.label());
    assertEquals(new Verification(true, null), oldest.lastVerification());
  }

  @Test
  void aLaterFailedVerificationOverridesAnEarlierSuccess() throws IOException {
    complete(dir, id("shop", "2024-01-01T03:00:00Z"), 1, 1, 10, null);
    log(
        "{\"command\":\"verify\",\"snapshot\":\"shop-20240101T030000Z\",\"outcome\":\"success\"}",
        "{\"command\":\"verify\",\"snapshot\":\"shop-20240101T030000Z\",\"outcome\":\"failure\"}");

    assertEquals(SnapshotInfo.State.FAILED_VERIFICATION, list().get(0).state());
  }

  @Test
  void aFolderWithoutSnapshotsListsNothing() {
    assertTrue(list().isEmpty());
  }

  @Test
  void aMissingFolderIsAStorageError() {
    PgsnapException e =
        assertThrows(
            PgsnapException.class,
            () -> new SnapshotLister(Clock.systemUTC()).list(dir.resolve("missing")));
    assertEquals(ErrorCode.STORAGE, e.code());
  }
}
