package io.pgsnap.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pgsnap.ErrorCode;
import io.pgsnap.PgsnapException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one place that writes pgsnap.log lines: what a line holds, and in which order. */
class LoggedOperationTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-24T00:00:00Z"), ZoneOffset.UTC);

  @TempDir Path dir;

  private static Map<String, Object> ordered(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }

  private JsonNode onlyLine(Path folder) throws IOException {
    List<String> lines = Files.readAllLines(folder.resolve(OperationLog.FILE_NAME));
    assertEquals(1, lines.size());
    return new ObjectMapper().readTree(lines.get(0));
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  @Test
  void contextFieldsFollowTheCommandInTheOrderGiven() throws IOException {
    LoggedOperation.inFolder(dir, "export", CLOCK)
        .withContext("database", "shop")
        .withContext(ordered("host", "db.example.com", "jobs", 4))
        .run(() -> "done", r -> new LoggedOperation.Outcome("success", ordered("rows", 2)));

    JsonNode line = onlyLine(dir);
    assertEquals(
        List.of("time", "command", "database", "host", "jobs", "outcome", "durationMs", "rows"),
        fieldNames(line));
    assertEquals("2026-11-24T00:00:00Z", line.get("time").asText());
    assertEquals("export", line.get("command").asText());
    assertEquals("shop", line.get("database").asText());
    assertEquals("db.example.com", line.get("host").asText());
    assertEquals(4, line.get("jobs").asInt());
    assertEquals("success", line.get("outcome").asText());
    assertEquals(2, line.get("rows").asInt());
  }

  @Test
  void aFailureLineKeepsTheContextAndEndsWithErrorCodeAndError() throws IOException {
    PgsnapException down = new PgsnapException(ErrorCode.CONNECTION, "the server is down");

    PgsnapException thrown =
        assertThrows(
            PgsnapException.class,
            () ->
                LoggedOperation.inFolder(dir, "export", CLOCK)
                    .withContext("database", "shop")
                    .run(
                        () -> {
                          throw down;
                        },
                        r -> new LoggedOperation.Outcome("success", Map.of())));

    assertSame(down, thrown);
    JsonNode line = onlyLine(dir);
    assertEquals(
        List.of("time", "command", "database", "outcome", "durationMs", "errorCode", "error"),
        fieldNames(line));
    assertEquals("failure", line.get("outcome").asText());
    assertEquals("connection", line.get("errorCode").asText());
    assertEquals("the server is down", line.get("error").asText());
  }

  @Test
  void aFailureLineCarriesTheFiguresSoFarBeforeTheError() throws IOException {
    assertThrows(
        IllegalStateException.class,
        () ->
            LoggedOperation.inFolder(dir, "prune", CLOCK)
                .run(
                    () -> {
                      throw new IllegalStateException("disk gone");
                    },
                    r -> new LoggedOperation.Outcome("success", Map.of()),
                    () -> ordered("removed", 1)));

    JsonNode line = onlyLine(dir);
    assertEquals(
        List.of("time", "command", "outcome", "durationMs", "removed", "error"), fieldNames(line));
    assertEquals(1, line.get("removed").asInt());
    assertEquals("disk gone", line.get("error").asText());
  }

  @Test
  void aDurationAmongTheFiguresIsLoggedThereInsteadOfTheMeasuredOne() throws IOException {
    LoggedOperation.inFolder(dir, "export", CLOCK)
        .run(
            () -> "done",
            r ->
                new LoggedOperation.Outcome(
                    "success", ordered("snapshot", "shop-1", "durationMs", 887)));

    JsonNode line = onlyLine(dir);
    assertEquals(List.of("time", "command", "outcome", "snapshot", "durationMs"), fieldNames(line));
    assertEquals(887, line.get("durationMs").asInt());
  }

  @Test
  void aSnapshotOperationNamesTheSnapshotAfterTheDurationAndLogsInItsParent() throws IOException {
    Path snapshot = Files.createDirectory(dir.resolve("shop-20261124T000000Z"));

    LoggedOperation.onSnapshot(snapshot, "inspect", CLOCK)
        .withContext("table", "public.t")
        .run(() -> "done", r -> new LoggedOperation.Outcome("success", ordered("rows", 3)));

    JsonNode line = onlyLine(dir);
    assertEquals(
        List.of("time", "command", "table", "outcome", "durationMs", "snapshot", "rows"),
        fieldNames(line));
    assertEquals("shop-20261124T000000Z", line.get("snapshot").asText());
  }

  @Test
  void aPasswordIsNeverContext() {
    LoggedOperation op = LoggedOperation.inFolder(dir, "export", CLOCK);

    assertThrows(IllegalArgumentException.class, () -> op.withContext("targetPassword", "pw"));
  }

  @Test
  void aFixedFieldIsNeverContext() {
    LoggedOperation op = LoggedOperation.inFolder(dir, "export", CLOCK);

    assertThrows(IllegalArgumentException.class, () -> op.withContext("outcome", "success"));
  }

  @Test
  void aMissingFolderIsNotCreatedToHoldTheLog() {
    Path missing = dir.resolve("typo");

    LoggedOperation.inFolder(missing, "status", CLOCK)
        .run(() -> "done", r -> new LoggedOperation.Outcome("success", Map.of()));

    assertFalse(Files.exists(missing));
  }

  @Test
  void aFolderTheOperationMayCreateIsCreatedToHoldTheLog() throws IOException {
    Path out = dir.resolve("backups");

    LoggedOperation.inFolder(out, "export", CLOCK)
        .creatingFolder()
        .run(() -> "done", r -> new LoggedOperation.Outcome("success", Map.of()));

    assertEquals("export", onlyLine(out).get("command").asText());
  }

  @Test
  void aLogThatCannotBeWrittenDoesNotFailTheOperation() throws IOException {
    Path notAFolder = Files.writeString(dir.resolve("file"), "x");

    String result =
        LoggedOperation.inFolder(notAFolder.resolve("out"), "export", CLOCK)
            .creatingFolder()
            .run(() -> "done", r -> new LoggedOperation.Outcome("success", Map.of()));

    assertEquals("done", result);
    assertTrue(Files.isRegularFile(notAFolder));
  }
}
