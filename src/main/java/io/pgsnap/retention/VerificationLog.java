package io.pgsnap.retention;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pgsnap.snapshot.ManifestJson;
import io.pgsnap.snapshot.OperationLog;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outcome of the last {@code verify} of each snapshot, from the {@code verify} lines of {@code
 * pgsnap.log}. The log is append-only, so the last line for a snapshot is its newest verification.
 */
final class VerificationLog {
  private static final Logger log = LoggerFactory.getLogger(VerificationLog.class);

  private VerificationLog() {}

  /**
   * The newest verification of each snapshot id in {@code dir}'s log; empty when there is no log.
   * Lines that are not JSON objects (a line cut short by a crash, a foreign line) are skipped, and
   * an unreadable log counts as no verification, with a warning: listing must not fail for it.
   */
  static Map<String, Verification> read(Path dir) {
    Path file = dir.resolve(OperationLog.FILE_NAME);
    ObjectMapper mapper = ManifestJson.newMapper();
    Map<String, Verification> newest = new HashMap<>();
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        parse(mapper, line).ifPresent(v -> newest.put(v.snapshot, v.verification));
      }
    } catch (NoSuchFileException e) {
      return Map.of();
    } catch (IOException | RuntimeException e) {
      log.warn("could not read {}; verification results are not shown: {}", file, e.toString());
      return Map.of();
    }
    return newest;
  }

  private record Line(String snapshot, Verification verification) {}

  private static Optional<Line> parse(ObjectMapper mapper, String line) {
    JsonNode json;
    try {
      json = mapper.readTree(line);
    } catch (IOException e) {
      return Optional.empty();
    }
    if (json == null
        || !json.isObject()
        || !"verify".equals(json.path("command").asText(null))
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
    return Optional.of(
        new Line(id, new Verification(outcome.equals("success"), time(json.path("time")))));
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
