package io.pgsnap.restore;

import io.pgsnap.ErrorCode;
import io.pgsnap.PgsnapException;
import io.pgsnap.RestoreOptions;
import io.pgsnap.catalog.Column;
import io.pgsnap.catalog.Constraint;
import io.pgsnap.catalog.Identifiers;
import io.pgsnap.restore.ColumnTypes.Fit;
import io.pgsnap.restore.TargetState.TargetColumn;
import io.pgsnap.restore.TargetState.TargetTable;
import io.pgsnap.snapshot.ManifestTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Compares each existing target table with the snapshot's description of its source, so that a
 * restore never changes values silently or loads into a table that lost its keys (as a killed
 * {@code --jobs} run leaves behind): column types that may change values and missing primary keys
 * or unique constraints are refused, each with its own option; differences that lose nothing become
 * notes of the plan.
 */
final class ShapeCheck {
  private ShapeCheck() {}

  /**
   * Checks every table of {@code state} against its snapshot table in {@code sources}.
   *
   * @param notes receives the harmless differences
   * @throws PgsnapException {@link ErrorCode#USAGE} listing every refused difference
   */
  static void check(
      TargetState state,
      Map<io.pgsnap.catalog.TableId, ManifestTable> sources,
      RestoreOptions options,
      List<String> notes) {
    List<String> typeChanges = new ArrayList<>();
    List<String> missingKeys = new ArrayList<>();
    for (TargetTable target : state.tables().values()) {
      ManifestTable source = sources.get(target.id());
      compareColumns(target, source, typeChanges, notes);
      missingKeys(target, source).forEach(missingKeys::add);
    }
    List<String> refused = new ArrayList<>();
    List<String> advice = new ArrayList<>();
    if (!typeChanges.isEmpty() && !options.allowTypeChanges()) {
      refused.addAll(typeChanges);
      advice.add(
          "widen those columns, or accept that their values change with --allow-type-changes");
    } else {
      typeChanges.forEach(c -> notes.add(c + ": values may change (--allow-type-changes)"));
    }
    if (!missingKeys.isEmpty() && !options.allowMissingKeys()) {
      refused.addAll(missingKeys);
      advice.add(
          "add the keys (a table a killed restore created may lack them: drop it and restore"
              + " with --create), or load without them with --allow-missing-keys");
    } else {
      missingKeys.forEach(k -> notes.add(k + " (--allow-missing-keys)"));
    }
    if (!refused.isEmpty()) {
      throw new PgsnapException(
          ErrorCode.USAGE,
          "the target tables differ from the snapshot's in ways the restore would not survive"
              + " intact, so nothing was changed: "
              + String.join("; ", refused)
              + ". "
              + capitalized(String.join("; ", advice)));
    }
  }

  private static void compareColumns(
      TargetTable target, ManifestTable source, List<String> typeChanges, List<String> notes) {
    for (TargetColumn column : target.columns()) {
      if (column.generated()) {
        continue;
      }
      String name = target.id().display() + "." + Identifiers.display(column.name());
      Optional<Column> snapshot =
          source.columns().stream().filter(c -> c.name().equals(column.name())).findFirst();
      if (snapshot.isEmpty()) {
        notes.add("column " + name + " is not in the snapshot: it gets its default");
        continue;
      }
      if (!source.fileColumns().contains(column.name())) {
        continue;
      }
      Fit fit = ColumnTypes.fit(snapshot.get().type(), column.type());
      String both =
          "column "
              + name
              + " is "
              + column.type()
              + " in the target, "
              + snapshot.get().type()
              + " in the snapshot";
      if (fit == Fit.CHANGES_VALUES) {
        typeChanges.add(both);
      } else if (fit == Fit.WIDER) {
        notes.add(both + ", which holds every value unchanged");
      }
    }
  }

  /** The snapshot's primary key and unique constraints the target has no match for. */
  private static List<String> missingKeys(TargetTable target, ManifestTable source) {
    List<String> missing = new ArrayList<>();
    for (Constraint c : source.constraints()) {
      boolean primary = c.kind() == Constraint.Kind.PRIMARY_KEY;
      if (!primary && c.kind() != Constraint.Kind.UNIQUE) {
        continue;
      }
      String columns = keyColumns(c.definition());
      // A unique constraint is matched by a primary key on the same columns too.
      boolean found =
          target.keys().stream()
              .anyMatch(
                  k -> keyColumns(k).equals(columns) && (k.startsWith("PRIMARY KEY") || !primary));
      if (!found) {
        missing.add(
            target.id().display()
                + " has no "
                + (primary ? "PRIMARY KEY " : "UNIQUE ")
                + columns
                + " (the snapshot's "
                + Identifiers.display(c.name())
                + ")");
      }
    }
    return missing;
  }

  /** The column list of a key's definition: {@code (a, b)} of {@code UNIQUE (a, b) INCLUDE (c)}. */
  private static String keyColumns(String definition) {
    int open = definition.indexOf('(');
    int close = definition.indexOf(')', open);
    return open < 0 || close < 0 ? definition : definition.substring(open, close + 1);
  }

  private static String capitalized(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
