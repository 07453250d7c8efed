package io.pgsnap.cli;

import io.pgsnap.fingerprint.Fingerprint;
import io.pgsnap.verify.Comparison;
import io.pgsnap.verify.ContentComparison;
import io.pgsnap.verify.ContentComparison.DifferingKey;
import io.pgsnap.verify.ContentComparison.TableContent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The content part of {@code pgsnap compare}'s output: the tables whose content differs, with the
 * keys of their differing rows, and the tables whose content could not be compared. Pure, so that
 * its layout is unit-tested.
 */
final class ContentReport {
  /** How many tables a "content not compared" line names before it says how many more. */
  private static final int NAMED_TABLES = 10;

  private ContentReport() {}

  /** The header line that says how content was compared; nothing when it was not. */
  static List<String> header(Comparison c) {
    if (!c.content().compared()) {
      return List.of();
    }
    return List.of(
        c.counting() == Comparison.Counting.RECORDED
            ? "fingerprints as recorded in each snapshot's manifest"
            : "fingerprints of those rows, recomputed and compared with the snapshot's");
  }

  /** The "content differs" and "content not compared" sections, each followed by a blank line. */
  static List<String> lines(Comparison c) {
    ContentComparison content = c.content();
    List<String> lines = new ArrayList<>();
    if (!content.differing().isEmpty()) {
      lines.add("content differs:");
      for (TableContent t : content.differing()) {
        lines.add("    " + t.table().display() + ": " + fingerprints(c, t));
        for (DifferingKey key : t.keys()) {
          lines.add("        " + label(c, key.kind()) + ": " + key(t.keyColumns(), key.values()));
        }
        if (t.moreKeys()) {
          lines.add("        and more rows differ");
        }
        if (t.note() != null) {
          lines.add("        " + t.note());
        }
      }
      lines.add("");
    }
    Map<String, List<String>> byReason = new LinkedHashMap<>();
    for (TableContent t : content.notCompared()) {
      byReason.computeIfAbsent(t.note(), r -> new ArrayList<>()).add(t.table().display());
    }
    if (!byReason.isEmpty()) {
      lines.add("content not compared:");
      byReason.forEach((reason, tables) -> lines.add("    " + tablesAndReason(tables, reason)));
      lines.add("");
    }
    return lines;
  }

  /** The content part of {@code --json}; null when content was not compared. */
  static Map<String, Object> json(ContentComparison content) {
    if (!content.compared()) {
      return null;
    }
    List<Map<String, Object>> tables = new ArrayList<>();
    for (TableContent t : content.tables()) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("schema", t.table().schema());
      row.put("name", t.table().name());
      row.put("status", t.status());
      row.put("first", t.first());
      row.put("second", t.second());
      row.put("note", t.note());
      row.put("keyColumns", t.keyColumns());
      row.put("keys", t.keys());
      row.put("moreKeys", t.moreKeys());
      tables.add(row);
    }
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("differing", content.differing().size());
    json.put("notCompared", content.notCompared().size());
    json.put("tables", tables);
    return json;
  }

  private static String fingerprints(Comparison c, TableContent t) {
    return "fingerprint "
        + fingerprint(t.first())
        + " in "
        + c.first().name()
        + ", "
        + fingerprint(t.second())
        + " in "
        + c.second().name();
  }

  private static String fingerprint(Fingerprint f) {
    return f.shortSum()
        + "… of "
        + InspectReport.rows(f.rows())
        + (f.rows() == 1 ? " row" : " rows");
  }

  private static String label(Comparison c, DifferingKey.Kind kind) {
    return switch (kind) {
      case CHANGED -> "changed";
      case ONLY_IN_FIRST -> "only in " + c.first().name();
      case ONLY_IN_SECOND -> "only in " + c.second().name();
    };
  }

  /** A key as PostgreSQL's messages print one: {@code (id, region)=(42, eu)}. */
  static String key(List<String> columns, List<String> values) {
    return "("
        + String.join(", ", columns)
        + ")=("
        + values.stream().map(v -> v == null ? "NULL" : v).collect(Collectors.joining(", "))
        + ")";
  }

  private static String tablesAndReason(List<String> tables, String reason) {
    if (tables.size() == 1) {
      return tables.get(0) + ": " + reason;
    }
    String named = String.join(", ", tables.subList(0, Math.min(NAMED_TABLES, tables.size())));
    int more = tables.size() - NAMED_TABLES;
    return tables.size()
        + " tables: "
        + reason
        + ": "
        + named
        + (more > 0 ? " and " + more + " more" : "");
  }
}
