package io.pgsnap.restore;

import io.pgsnap.catalog.TableId;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The names of the relations that belong to the copy (partitions, indexes, sequences), chosen once
 * each and never twice: they share one namespace in the target schema.
 */
final class CopyNames {
  /** PostgreSQL's longest identifier in bytes (NAMEDATALEN - 1); longer ones are truncated. */
  static final int MAX_NAME_BYTES = 63;

  private final TableId original;
  private final TableId target;
  private final Map<TableId, String> chosen = new HashMap<>();
  private final Set<String> taken = new HashSet<>();

  CopyNames(TableId original, TableId target) {
    this.original = original;
    this.target = target;
    taken.add(target.name());
  }

  /** The copy's name for a relation of the original, by the rule of {@link RenamedDdl#write}. */
  String relation(TableId relation) {
    String name = relation.name();
    if (!target.name().equals(original.name())) {
      name =
          name.startsWith(original.name())
              ? fit(target.name(), name.substring(original.name().length()))
              : fit(target.name(), "_" + name);
    }
    return unique(relation, name);
  }

  /**
   * {@code wanted}, or a numbered variant when another relation of the copy has it already (two
   * long names cut to the same 63 bytes, or partitions of one name in two schemas), as PostgreSQL
   * numbers the names it chooses.
   */
  String unique(TableId relation, String wanted) {
    String name = chosen.get(relation);
    if (name != null) {
      return name;
    }
    name = wanted;
    for (int n = 1; taken.contains(name); n++) {
      String number = Integer.toString(n);
      name = clip(wanted, MAX_NAME_BYTES - number.length()) + number;
    }
    chosen.put(relation, name);
    taken.add(name);
    return name;
  }

  /**
   * The name PostgreSQL gives a serial column's sequence, {@code table_column_seq}, cutting the
   * longer of table and column name until it fits in 63 bytes (as its {@code makeObjectName}).
   */
  static String sequenceName(String table, String column) {
    String[] parts = shorten(table, column, MAX_NAME_BYTES - "_".length() - "_seq".length());
    return parts[0] + "_" + parts[1] + "_seq";
  }

  /** {@code head + tail}, cutting the longer of the two until the whole fits in 63 bytes. */
  static String fit(String head, String tail) {
    String[] parts = shorten(head, tail, MAX_NAME_BYTES);
    return parts[0] + parts[1];
  }

  private static String[] shorten(String a, String b, int maxBytes) {
    while (bytes(a) + bytes(b) > maxBytes) {
      if (bytes(a) > bytes(b)) {
        a = dropLastCharacter(a);
      } else {
        b = dropLastCharacter(b);
      }
    }
    return new String[] {a, b};
  }

  /** The longest start of {@code s} within {@code maxBytes} UTF-8 bytes, whole characters only. */
  static String clip(String s, int maxBytes) {
    while (bytes(s) > maxBytes) {
      s = dropLastCharacter(s);
    }
    return s;
  }

  private static String dropLastCharacter(String s) {
    return s.substring(0, s.offsetByCodePoints(s.length(), -1));
  }

  private static int bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }
}
