package io.pgsnap.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pgsnap.ErrorCode;
import io.pgsnap.PgsnapException;
import io.pgsnap.testsupport.SampleManifests;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opening the snapshot a command names, and logging what the command did. */
class SnapshotLocationTest {
  private static final String ID = "appdb-20261123T091545Z";
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-24T00:00:00Z"), ZoneOffset.UTC);

  @TempDir Path dir;

  private Path completeSnapshot() throws Exception {
    Path snapshot = Files.createDirectories(dir.resolve(ID));
    Files.write(
        snapshot.resolve(SnapshotWriter.MANIFEST),
        new ManifestJson().toBytes(SampleManifests.manifest(ID)));
    return snapshot;
  }

  private static PgsnapException failure(Path path, ErrorCode code) {
    PgsnapException e = assertThrows(PgsnapException.class, () -> SnapshotReader.open(path));
    assertEquals(code, e.code(), e.getMessage());
    return e;
  }

  @Test
  void aCompleteSnapshotOpensWithItsManifest() throws Exception {
    Path snapshot = io.pgsnap.testsupport.SyntheticSnapshots.twoTables(dir, ID);

    assertEquals(ID, SnapshotReader.open(snapshot).manifest().id());
  }

  @Test
  void aPartialSnapshotIsIncompleteAndPointsToVerify() throws Exception {
    Path partial = Files.createDirectories(dir.resolve(ID + ".partial"));

    String message = failure(partial, ErrorCode.INTEGRITY).getMessage();
    assertTrue(message.contains("incomplete snapshot"), message);
    assertTrue(message.contains("pgsnap verify " + partial), message);
    // Naming it without the suffix finds the partial folder too.
    assertTrue(failure(dir.resolve(ID), ErrorCode.INTEGRITY).getMessage().contains("incomplete"));
  }

  @Test
  void aMissingFolderIsAStorageError() {
    String message = failure(dir.resolve("nope"), ErrorCode.STORAGE).getMessage();

    assertTrue(message.startsWith("no snapshot folder "), message);
  }

  @Test
  void theFolderThatHoldsSnapshotsNamesTheNewest() throws Exception {
    Path snapshot = completeSnapshot();

    String message = failure(dir, ErrorCode.USAGE).getMessage();
    assertTrue(message.contains("holds snapshots but is not one itself"), message);
    assertTrue(message.contains(snapshot.toString()), message);
  }

  @Test
  void aFolderWithoutManifestIsNotASnapshot() throws Exception {
    Path empty = Files.createDirectories(dir.resolve("empty"));

    assertTrue(failure(empty, ErrorCode.INTEGRITY).getMessage().contains("has no manifest.json"));
  }

  @Test
  void inspectingLogsOneLineInTheParentFolder() throws Exception {
    // Inspect opens through the gate, which needs a snapshot as export writes it.
    Path snapshot = io.pgsnap.testsupport.SyntheticSnapshots.twoTables(dir, ID);

    new Inspector(snapshot, CLOCK).manifest();
    assertThrows(PgsnapException.class, () -> new Inspector(snapshot, CLOCK).table("missing"));

    List<String> lines = Files.readAllLines(dir.resolve(OperationLog.FILE_NAME));
    assertEquals(2, lines.size());
    ObjectMapper mapper = new ObjectMapper();
    JsonNode ok = mapper.readTree(lines.get(0));
    assertEquals("2026-11-24T00:00:00Z", ok.get("time").asText());
    assertEquals("inspect", ok.get("command").asText());
    assertEquals("success", ok.get("outcome").asText());
    assertTrue(ok.get("durationMs").isIntegralNumber());
    assertEquals(ID, ok.get("snapshot").asText());
    assertEquals(2, ok.get("tables").asInt());
    JsonNode failed = mapper.readTree(lines.get(1));
    assertEquals("failure", failed.get("outcome").asText());
    assertEquals("usage", failed.get("errorCode").asText());
  }

  @Test
  void aMistypedPathCreatesNoFolderForTheLog() {
    Path nowhere = dir.resolve("no/such/folder/" + ID);

    assertThrows(PgsnapException.class, () -> new Inspector(nowhere, CLOCK).manifest());
    assertFalse(Files.exists(dir.resolve("no")));
  }

  @Test
  void figuresFollowTheFixedFields() throws Exception {
    Path snapshot = completeSnapshot();

    LoggedOperation.run(
        snapshot,
        "compare",
        CLOCK,
        () -> "x",
        x -> new LoggedOperation.Outcome("mismatch", Map.of("differing", 2)));

    JsonNode line =
        new ObjectMapper().readTree(Files.readString(dir.resolve(OperationLog.FILE_NAME)));
    assertEquals(
        List.of("time", "command", "outcome", "durationMs", "snapshot", "differing"),
        iterate(line));
  }

  private static List<String> iterate(JsonNode node) {
    List<String> names = new java.util.ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
