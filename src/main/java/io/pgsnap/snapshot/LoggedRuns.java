package io.pgsnap.snapshot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runs of one command on single snapshots ({@code verify}, {@code drill}) that {@code
 * pgsnap.log} records: which snapshot, when, and whether it passed. The log is append-only, so
 * later lines are newer runs.
 */
public final class LoggedRuns {
  private static final Logger log = LoggerFactory.getLogger(LoggedRuns.class);

  private LoggedRuns() {}

  /**
   * One run.
   *
   * @param snapshot the snapshot's id
   * @param time when the run started, or {@code null} when its line does not say
   * @param passed whether its outcome was {@code success} (otherwise {@code failure})
   */
  public record Run(String snapshot, Instant time, boolean passed) {}

  /**
   * Every {@code success} or {@code failure} line of {@code command} in {@code dir}'s log, oldest
   * first; empty when there is no log. Lines that are not JSON objects (a line cut short by a
   * crash, a foreign line) are skipped, and an unreadable log counts as no runs, with a warning:
   * listing and monitoring must not fail for it.
   */
  public static List<Run> read(Path dir, String command) {
    Path file = dir.resolve(OperationLog.FILE_NAME);
    ObjectMapper mapper = ManifestJson.newMapper();
    List<Run> runs = new ArrayList<>();
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        parse(mapper, line, command).ifPresent(runs::add);
      }
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (IOException | RuntimeException e) {
      log.warn("could not read {}; {} results are not shown: {}", file, command, e.toString());
      return List.of();
    }
    return List.copyOf(runs);
  }

  private static Optional<Run> parse(ObjectMapper mapper, String line, String command) {
    JsonNode json;
    try {
      json = mapper.readTree(line);
    } catch (IOException e) {
      return Optional.empty();
    }
    if (json == null
        || !json.isObject()
        || !command.equals(json.path("command").asText(null))
        || !json.path("snapshot").isTextual()) {
      return Optional.empty();
    }
    String outcome = json.path("outcome").asText("");
    if (!outcome.equals("success") && !outcome.equals("failure")) {
      return Optional.empty();
    }
    // The snapshot may be logged as an id or as a path; its last name is the id either way.
    String snapshot = json.path("snapshot").asText().replaceFirst("[/\\\\]+$", "");
    String id =
        snapshot.substring(Math.max(snapshot.lastIndexOf('/'), snapshot.lastIndexOf('\\')) + 1);
    return Optional.of(new Run(id, time(json.path("time")), outcome.equals("success")));
  }

  private static Instant time(JsonNode node) {
    if (!node.isTextual()) {
      return null;
    }
    try {
      return Instant.parse(node.asText());
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
