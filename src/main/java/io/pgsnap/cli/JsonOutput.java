package io.pgsnap.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.pgsnap.VerifyResult.Problem;
import io.pgsnap.snapshot.ManifestJson;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What {@code --json} prints: one JSON object on one line, written as the manifest is. */
final class JsonOutput {
  private JsonOutput() {}

  /** {@code value} as one line of JSON. */
  static String line(Object value) {
    try {
      return ManifestJson.newMapper().writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("could not serialise the result as JSON", e);
    }
  }

  /** Verification problems as JSON objects with {@code file}, {@code kind} and {@code message}. */
  static List<Map<String, Object>> problems(List<Problem> problems) {
    return problems.stream()
        .map(
            p -> {
              Map<String, Object> row = new LinkedHashMap<>();
              row.put("file", p.file());
              row.put("kind", p.kind());
              row.put("message", p.message());
              return row;
            })
        .toList();
  }
}
