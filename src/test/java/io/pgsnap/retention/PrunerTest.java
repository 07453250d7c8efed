package io.pgsnap.retention;

import static io.pgsnap.testsupport.FakeSnapshots.complete;
import static io.pgsnap.testsupport.FakeSnapshots.id;
import static io.pgsnap.testsupport.FakeSnapshots.partial;
import static io.pgsnap.testsupport.FakeSnapshots.touchAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pgsnap.ErrorCode;
import io.pgsnap.PgsnapException;
import io.pgsnap.snapshot.OperationLog;
import io.pgsnap.testsupport.Snapshots;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pruning real folders on disk: what goes, what stays, and that nothing else is touched. */
class PrunerTest {
  private static final Instant NOW = Instant.parse("2024-01-10T00:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  @TempDir Path root;

  private Path backups() throws IOException {
    return Files.createDirectories(root.resolve("backups"));
  }

  private static PruneResult prune(Path dir, RetentionPolicy policy, boolean dryRun) {
    return new Pruner(CLOCK).prune(PruneOptions.of(dir, policy).withDryRun(dryRun));
  }

  private static RetentionPolicy keepLast(int n) {
    return RetentionPolicy.builder().keepLast(n).build();
  }

  private static long bytesBelow(Path folder) throws IOException {
    try (Stream<Path> files = Files.walk(folder)) {
      // Links are not followed, so a link to a big file outside counts nothing.
      return files
          .filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
          .mapToLong(p -> p.toFile().length())
          .sum();
    }
  }

  private static List<JsonNode> logLines(Path dir) throws IOException {
    ObjectMapper json = new ObjectMapper();
    List<JsonNode> lines = new ArrayList<>();
    for (String line : Files.readAllLines(dir.resolve(OperationLog.FILE_NAME))) {
      lines.add(json.readTree(line));
    }
    return lines;
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      names.add(it.next());
    }
    return names;
  }

  /** Five daily snapshots of shop, 1 to 5 January 2024 at 03:00. */
  private static List<Path> fiveDays(Path dir) {
    List<Path> folders = new ArrayList<>();
    for (int day = 1; day <= 5; day++) {
      folders.add(complete(dir, id("shop", "2024-01-0" + day + "T03:00:00Z"), 1, day, 1000, null));
    }
    return folders;
  }

  @Test
  void removesTheSnapshotsNoRuleKeepsAndLogsTheRun() throws IOException {
    Path dir = backups();
    List<Path> folders = fiveDays(dir);
    long expectedFreed =
        bytesBelow(folders.get(0)) + bytesBelow(folders.get(1)) + bytesBelow(folders.get(2));

    PruneResult result = prune(dir, keepLast(2), false);

    assertEquals(
        List.of("shop-20240103T030000Z", "shop-20240102T030000Z", "shop-20240101T030000Z"),
        result.plan().removed().stream().map(d -> d.snapshot().id()).toList());
    assertEquals(
        List.of("pgsnap.log", "shop-20240104T030000Z", "shop-20240105T030000Z"),
        Snapshots.entries(dir));
    assertEquals(expectedFreed, result.freedBytes());
    assertFalse(result.dryRun());

    List<JsonNode> log = logLines(dir);
    assertEquals(1, log.size());
    JsonNode line = log.get(0);
    assertEquals(
        List.of(
            "time", "command", "outcome", "durationMs", "kept", "removed", "freedBytes", "dryRun"),
        fieldNames(line));
    assertEquals("2024-01-10T00:00:00Z", line.get("time").asText());
    assertEquals("prune", line.get("command").asText());
    assertEquals("success", line.get("outcome").asText());
    assertTrue(line.get("durationMs").isIntegralNumber());
    assertEquals(2, line.get("kept").asInt());
    assertEquals(3, line.get("removed").asInt());
    assertEquals(expectedFreed, line.get("freedBytes").asLong());
    assertFalse(line.get("dryRun").asBoolean());
  }

  @Test
  void aDryRunDecidesTheSameAndDeletesNothing() throws IOException {
    Path dir = backups();
    List<Path> folders = fiveDays(dir);
    long expectedFreed =
        bytesBelow(folders.get(0)) + bytesBelow(folders.get(1)) + bytesBelow(folders.get(2));

    PruneResult dry = prune(dir, keepLast(2), true);

    assertTrue(dry.dryRun());
    assertEquals(3, dry.plan().removed().size());
    assertEquals(expectedFreed, dry.freedBytes());
    for (Path folder : folders) {
      assertTrue(Files.isDirectory(folder), folder + " must still be there");
    }
    JsonNode line = logLines(dir).get(0);
    assertTrue(line.get("dryRun").asBoolean());
    assertEquals(3, line.get("removed").asInt());

    PruneResult real = prune(dir, keepLast(2), false);
    assertEquals(dry.plan(), real.plan());
  }

  @Test
  void nothingButRealSnapshotFoldersIsEverDeletedAndLinksAreNeverFollowed() throws IOException {
    Path dir = backups();
    Path outside = Files.createDirectories(root.resolve("outside"));
    Path victimDir = Files.createDirectories(outside.resolve("victim"));
    Files.writeString(victimDir.resolve("precious.txt"), "keep me");
    Path victimFile = Files.writeString(outside.resolve("file.txt"), "keep me too");

    // Things in DIR that look like snapshots but are not real snapshot folders.
    Files.createSymbolicLink(dir.resolve(id("shop", "2024-01-01T03:00:00Z")), victimDir);
    Files.createSymbolicLink(
        dir.resolve(id("shop", "2024-01-02T03:00:00Z") + ".partial"), victimDir);
    Files.writeString(dir.resolve(id("shop", "2024-01-03T03:00:00Z")), "a file, not a folder");
    Files.createDirectories(dir.resolve("notes")).resolve("todo.txt");
    Files.writeString(dir.resolve("notes/todo.txt"), "mine");
    Files.createDirectories(dir.resolve("shop-2024"));
    Files.createDirectories(dir.resolve(id("shop", "2024-01-04T03:00:00Z") + ".old"));

    // Real snapshot folders with links inside that point outside.
    Path old = complete(dir, id("shop", "2024-01-05T03:00:00Z"), 1, 1, 100, null);
    Files.createSymbolicLink(old.resolve("tables/link-to-dir"), victimDir);
    Files.createSymbolicLink(old.resolve("link-to-file"), victimFile);
    Path abandoned = partial(dir, id("shop", "2024-01-04T03:00:00Z"), 100);
    Files.createSymbolicLink(abandoned.resolve("tables/link-to-dir"), victimDir);
    touchAll(abandoned, NOW.minus(Duration.ofDays(5)));
    Path newest = complete(dir, id("shop", "2024-01-06T03:00:00Z"), 1, 1, 100, null);
    long expectedFreed = bytesBelow(old) + bytesBelow(abandoned);

    PruneResult result = prune(dir, keepLast(1), false);

    assertEquals(
        List.of("shop-20240105T030000Z", "shop-20240104T030000Z.partial"),
        result.plan().removed().stream().map(d -> d.snapshot().name()).toList());
    assertEquals(expectedFreed, result.freedBytes());
    assertEquals(
        List.of(
            "notes",
            "pgsnap.log",
            "shop-2024",
            "shop-20240101T030000Z",
            "shop-20240102T030000Z.partial",
            "shop-20240103T030000Z",
            "shop-20240104T030000Z.old",
            "shop-20240106T030000Z"),
        Snapshots.entries(dir));
    assertTrue(Files.isSymbolicLink(dir.resolve("shop-20240101T030000Z")));
    assertTrue(Files.isSymbolicLink(dir.resolve("shop-20240102T030000Z.partial")));
    assertTrue(
        Files.isRegularFile(dir.resolve("shop-20240103T030000Z"), LinkOption.NOFOLLOW_LINKS));
    assertEquals("mine", Files.readString(dir.resolve("notes/todo.txt")));
    assertTrue(Files.isDirectory(newest));
    assertEquals("keep me", Files.readString(victimDir.resolve("precious.txt")));
    assertEquals("keep me too", Files.readString(victimFile));
    assertEquals(List.of("precious.txt"), Snapshots.entries(victimDir));
  }

  @Test
  void aFolderSwappedForALinkAfterTheScanIsNotFollowed() throws IOException {
    Path dir = backups();
    Path victim = Files.createDirectories(root.resolve("outside/victim"));
    Files.writeString(victim.resolve("precious.txt"), "keep me");
    Path link = Files.createSymbolicLink(dir.resolve(id("shop", "2024-01-01T03:00:00Z")), victim);

    assertThrows(IOException.class, () -> FolderTrees.delete(dir, link.getFileName()));

    assertTrue(Files.isSymbolicLink(link));
    assertEquals("keep me", Files.readString(victim.resolve("precious.txt")));
  }

  @Test
  void aPartialFolderIsDatedByTheNewestChangeInsideIt() throws IOException {
    Path dir = backups();
    complete(dir, id("shop", "2024-01-01T03:00:00Z"), 1, 1, 100, null);
    // A long export: the folder itself has not changed for days, but a table file is being written.
    Path running = partial(dir, id("shop", "2024-01-07T03:00:00Z"), 100);
    touchAll(running, NOW.minus(Duration.ofDays(3)));
    Files.setLastModifiedTime(
        running.resolve("tables/public.t.csv.zst"),
        java.nio.file.attribute.FileTime.from(NOW.minus(Duration.ofMinutes(1))));
    Path abandoned = partial(dir, id("shop", "2024-01-05T03:00:00Z"), 100);
    touchAll(abandoned, NOW.minus(Duration.ofDays(3)));

    PruneResult result = prune(dir, keepLast(1), false);

    assertTrue(Files.isDirectory(running));
    assertFalse(Files.exists(abandoned));
    assertEquals(
        List.of(
            "partial, changed 1m ago: may be a running export (removed once unchanged for over"
                + " 24h)"),
        result.plan().decisions().get(0).reasons());
    assertEquals(
        List.of("abandoned partial: unchanged for 3d, over 24h"),
        result.plan().decisions().get(1).reasons());
  }

  @Test
  void theThresholdForAbandonedPartialFoldersCanBeChanged() throws IOException {
    Path dir = backups();
    complete(dir, id("shop", "2024-01-01T03:00:00Z"), 1, 1, 100, null);
    Path partial = partial(dir, id("shop", "2024-01-09T03:00:00Z"), 100);
    touchAll(partial, NOW.minus(Duration.ofHours(3)));

    new Pruner(CLOCK)
        .prune(PruneOptions.of(dir, keepLast(1)).withPartialOlderThan(Duration.ofHours(4)));
    assertTrue(Files.isDirectory(partial));

    new Pruner(CLOCK)
        .prune(PruneOptions.of(dir, keepLast(1)).withPartialOlderThan(Duration.ofHours(2)));
    assertFalse(Files.exists(partial));
  }

  @Test
  void aMissingFolderIsAStorageErrorAndIsNotCreated() {
    Path missing = root.resolve("nope");
    PgsnapException e =
        assertThrows(PgsnapException.class, () -> prune(missing, keepLast(1), false));
    assertEquals(ErrorCode.STORAGE, e.code());
    assertFalse(Files.exists(missing));
  }

  @Test
  void aNonPositivePartialThresholdIsAUsageError() {
    PgsnapException e =
        assertThrows(
            PgsnapException.class,
            () -> PruneOptions.of(root, keepLast(1)).withPartialOlderThan(Duration.ZERO));
    assertEquals(ErrorCode.USAGE, e.code());
    assertEquals(
        "--partial-older-than must be positive, e.g. 24h: a shorter time risks deleting the"
            + " folder of an export that is still running",
        e.getMessage());
  }

  @Test
  void anEmptyFolderPrunesNothing() throws IOException {
    Path dir = backups();
    PruneResult result = prune(dir, keepLast(1), false);
    assertTrue(result.plan().decisions().isEmpty());
    assertEquals(0, result.freedBytes());
  }
}
