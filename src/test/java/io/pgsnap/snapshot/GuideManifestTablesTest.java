package io.pgsnap.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The guide's manifest field tables ("#### manifest: ...") say what the schema says: one section
 * per object of the schema, its fields in the schema's order, each meaning the schema's description
 * word for word. A field added to the schema without the guide following fails here.
 */
class GuideManifestTablesTest {
  private static final Pattern HEADING = Pattern.compile("^#### manifest: (.+)$");

  /** An object nested in a property, e.g. "`sequence.ownedBy`, when not null:". */
  private static final Pattern NESTED = Pattern.compile("^`([^`]+)`, when not null:$");

  private static final Pattern ROW = Pattern.compile("^\\| `([^`]+)` \\| .+ \\| (.+) \\|$");

  @Test
  void everySchemaObjectHasASectionWithItsFieldsAndDescriptions() throws IOException {
    JsonNode schema =
        new ObjectMapper().readTree(Path.of("schema", "manifest.schema.json").toFile());
    Map<String, Section> sections = sections(Files.readAllLines(Path.of("docs", "guide.md")));

    Map<String, JsonNode> objects = new LinkedHashMap<>();
    objects.put("top level", schema);
    schema
        .get("$defs")
        .fields()
        .forEachRemaining(
            d -> {
              if (d.getValue().has("properties")) {
                objects.put(d.getKey(), d.getValue());
                d.getValue()
                    .get("properties")
                    .fields()
                    .forEachRemaining(
                        p -> {
                          if (p.getValue().has("properties")) {
                            objects.put(d.getKey() + "." + p.getKey(), p.getValue());
                          }
                        });
              }
            });
    assertEquals(new TreeSet<>(objects.keySet()), new TreeSet<>(sections.keySet()), "sections");
    for (Map.Entry<String, JsonNode> e : objects.entrySet()) {
      Section section = sections.get(e.getKey());
      if (!e.getKey().equals("top level") && !e.getKey().contains(".")) {
        assertEquals(
            e.getValue().get("description").asText(), section.intro, e.getKey() + " intro");
      }
      Map<String, String> described = new LinkedHashMap<>();
      e.getValue()
          .get("properties")
          .fields()
          .forEachRemaining(
              p -> described.put(p.getKey(), p.getValue().get("description").asText()));
      assertEquals(described, section.rows, e.getKey() + " rows");
      assertEquals(
          new ArrayList<>(described.keySet()),
          new ArrayList<>(section.rows.keySet()),
          e.getKey() + " order");
    }
  }

  private record Section(String intro, Map<String, String> rows) {}

  private static Map<String, Section> sections(List<String> lines) {
    Map<String, Section> sections = new LinkedHashMap<>();
    String name = null;
    String intro = null;
    Map<String, String> rows = null;
    for (String line : lines) {
      Matcher heading = HEADING.matcher(line);
      Matcher nested = NESTED.matcher(line);
      if (heading.matches() || (name != null && nested.matches())) {
        name = heading.matches() ? heading.group(1) : nested.group(1);
        intro = null;
        rows = new LinkedHashMap<>();
        sections.put(name, null);
        continue;
      }
      if (name == null) {
        continue;
      }
      if (line.startsWith("#")) {
        name = null;
        continue;
      }
      Matcher row = ROW.matcher(line);
      if (row.matches() && !row.group(1).isEmpty()) {
        rows.put(row.group(1), row.group(2));
      } else if (intro == null && !line.isBlank() && !line.startsWith("|")) {
        intro = line;
      }
      sections.put(name, new Section(intro, rows));
    }
    return sections;
  }
}
