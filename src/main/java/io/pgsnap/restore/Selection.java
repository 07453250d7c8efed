package io.pgsnap.restore;

import io.pgsnap.ErrorCode;
import io.pgsnap.PgsnapException;
import io.pgsnap.RestoreOptions;
import io.pgsnap.catalog.Partition;
import io.pgsnap.catalog.TableId;
import io.pgsnap.catalog.TablePattern;
import io.pgsnap.snapshot.Inspector;
import io.pgsnap.snapshot.Manifest;
import io.pgsnap.snapshot.ManifestTable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Which snapshot tables a restore loads, and the target table each goes to. */
final class Selection {
  private Selection() {}

  /** A snapshot table chosen for restore, and its target. */
  record Chosen(ManifestTable table, TableId target) {
    /** Whether the table goes somewhere other than where it came from. */
    boolean beside() {
      return !table.id().equals(target);
    }
  }

  /**
   * The tables {@code options} choose from {@code manifest}, in the manifest's order.
   *
   * @throws PgsnapException {@link ErrorCode#USAGE} when a pattern or rename matches nothing, or
   *     two tables would go to the same target
   */
  static List<Chosen> resolve(Manifest manifest, RestoreOptions options) {
    Map<TableId, TableId> renamed = new LinkedHashMap<>();
    for (Map.Entry<String, String> r : options.renames().entrySet()) {
      ManifestTable from = find(manifest, r.getKey());
      renamed.put(from.id(), targetName(r.getValue(), from, options.intoSchema()));
    }
    List<ManifestTable> tables;
    if (!options.tables().isEmpty()) {
      tables = matching(manifest, options.tables());
    } else if (!renamed.isEmpty()) {
      tables = manifest.tables().stream().filter(t -> renamed.containsKey(t.id())).toList();
    } else {
      tables = manifest.tables();
    }
    List<Chosen> chosen = new ArrayList<>();
    Map<TableId, TableId> sourceOfTarget = new HashMap<>();
    for (ManifestTable t : tables) {
      TableId target =
          renamed.getOrDefault(
              t.id(),
              options.intoSchema() == null ? t.id() : new TableId(options.intoSchema(), t.name()));
      TableId clash = sourceOfTarget.putIfAbsent(target, t.id());
      if (clash != null) {
        throw new PgsnapException(
            ErrorCode.USAGE,
            "both "
                + clash.display()
                + " and "
                + t.id().display()
                + " would be restored into "
                + target.display()
                + ": choose other names with --rename");
      }
      chosen.add(new Chosen(t, target));
    }
    for (TableId from : renamed.keySet()) {
      if (tables.stream().noneMatch(t -> t.id().equals(from))) {
        throw new PgsnapException(
            ErrorCode.USAGE,
            "--rename names "
                + from.display()
                + ", which the --table patterns leave out; add it with --table");
      }
    }
    return chosen;
  }

  private static List<ManifestTable> matching(Manifest manifest, List<String> patterns) {
    List<ManifestTable> matched = new ArrayList<>();
    for (String text : patterns) {
      TablePattern pattern = TablePattern.table(text);
      List<ManifestTable> hits =
          manifest.tables().stream().filter(t -> pattern.matches(t.id())).toList();
      if (hits.isEmpty()) {
        find(manifest, text);
      }
      hits.stream().filter(t -> !matched.contains(t)).forEach(matched::add);
    }
    return manifest.tables().stream().filter(matched::contains).toList();
  }

  /**
   * The one table {@code text} names. A partition is refused in restore's words; otherwise the
   * inspector's lookup words the failure: near misses, several matches, the tables there are.
   */
  private static ManifestTable find(Manifest manifest, String text) {
    TablePattern pattern;
    try {
      pattern = TablePattern.table(text);
    } catch (PgsnapException e) {
      return Inspector.findTable(manifest, text);
    }
    for (ManifestTable t : manifest.tables()) {
      for (Partition p : t.partitions()) {
        if (pattern.matches(p.id())) {
          throw new PgsnapException(
              ErrorCode.USAGE,
              p.id().display()
                  + " is a partition of "
                  + t.id().display()
                  + ": a snapshot keeps its rows in the file of its root table, so restore --table "
                  + t.id().display()
                  + " (beside the original with --into-schema or --rename, to pick rows from it)");
        }
      }
    }
    return Inspector.findTable(manifest, text);
  }

  /** {@code [schema.]name} as a target for {@code from}; the schema defaults as documented. */
  private static TableId targetName(String text, ManifestTable from, String intoSchema) {
    List<String> parts = splitName(text.trim());
    if (parts == null) {
      throw new PgsnapException(
          ErrorCode.USAGE,
          "--rename target '" + text + "' is not a table name: write NEW or schema.NEW");
    }
    if (parts.size() == 1) {
      String schema = intoSchema != null ? intoSchema : from.schema();
      return new TableId(schema, parts.get(0));
    }
    return new TableId(parts.get(0), parts.get(1));
  }

  /**
   * Splits {@code [schema.]name} as SQL does: unquoted parts fold to lower case, double-quoted
   * parts are kept exactly ({@code ""} is a quote). Returns null when it is not one or two names.
   */
  static List<String> splitName(String text) {
    List<String> parts = new ArrayList<>();
    StringBuilder part = new StringBuilder();
    boolean quoted = false;
    boolean any = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
          part.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          part.append(c);
        }
      } else if (c == '"') {
        quoted = true;
        any = true;
      } else if (c == '.') {
        if (part.isEmpty()) {
          return null;
        }
        parts.add(part.toString());
        part.setLength(0);
        any = false;
      } else if (c == '*' || c == '?') {
        return null;
      } else {
        // PostgreSQL folds only ASCII letters of unquoted names.
        part.append(c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c);
        any = true;
      }
    }
    if (quoted || !any || part.isEmpty() || parts.size() > 1) {
      return null;
    }
    parts.add(part.toString());
    return parts;
  }
}
