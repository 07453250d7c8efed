package io.pgsnap.restore;

import io.pgsnap.ErrorCode;
import io.pgsnap.PgsnapException;
import io.pgsnap.RestoreMode;
import io.pgsnap.RestoreOptions;
import io.pgsnap.catalog.Identifiers;
import io.pgsnap.catalog.TableId;
import io.pgsnap.restore.TargetState.NotValid;
import io.pgsnap.restore.TargetState.TargetForeignKey;
import io.pgsnap.restore.TargetState.TargetTable;
import io.pgsnap.snapshot.ManifestTable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The checks that refuse a restore the target cannot take, each naming every table at fault and
 * what to do instead. They only read what the planner has read already.
 */
final class TargetChecks {
  private TargetChecks() {}

  /** Refuses targets that exist but are views, sequences and the like. */
  static void onlyTables(Map<TableId, Character> existing) {
    List<String> notTables = new ArrayList<>();
    existing.forEach(
        (id, kind) -> {
          if (kind != 'r' && kind != 'p') {
            notTables.add(id.display() + " (" + relkind(kind) + ")");
          }
        });
    if (!notTables.isEmpty()) {
      throw new PgsnapException(
          ErrorCode.USAGE,
          "restore targets that are not tables: "
              + String.join(", ", notTables)
              + "; restore beside them with --into-schema or --rename");
    }
  }

  /** Refuses missing targets unless {@code --create} creates them. */
  static void missing(List<TableId> missing, boolean create) {
    if (!missing.isEmpty() && !create) {
      throw new PgsnapException(
          ErrorCode.USAGE,
          "target tables missing: "
              + displayAll(missing)
              + "; create them first (e.g. by running your migrations), or add --create to"
              + " create them from the DDL in the snapshot");
    }
  }

  /** Refuses existing targets that lack a column the file holds, or compute it. */
  static void columns(TargetState state, Map<TableId, ManifestTable> sources) {
    List<String> problems = new ArrayList<>();
    for (TargetTable t : state.tables().values()) {
      Map<String, Boolean> generated = new LinkedHashMap<>();
      t.columns().forEach(c -> generated.put(c.name(), c.generated()));
      for (String column : sources.get(t.id()).fileColumns()) {
        Boolean isGenerated = generated.get(column);
        if (isGenerated == null) {
          problems.add(
              "column " + Identifiers.display(column) + " is missing in " + t.id().display());
        } else if (isGenerated) {
          problems.add(
              "column "
                  + Identifiers.display(column)
                  + " of "
                  + t.id().display()
                  + " is generated in the target but holds data in the snapshot");
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new PgsnapException(
          ErrorCode.USAGE,
          "the target tables do not have the snapshot's columns: "
              + String.join("; ", problems)
              + ". Add the columns, or restore beside the table with --into-schema or --rename"
              + " and --create, then copy the rows you need");
    }
  }

  /**
   * Refuses targets where row-level security applies to the restoring role: COPY cannot load a
   * table under row security, and loading it row by row would let the policies drop rows.
   */
  static void rowSecurity(List<TableId> underRowSecurity) {
    if (!underRowSecurity.isEmpty()) {
      throw new PgsnapException(
          ErrorCode.PERMISSION,
          "permission denied: row-level security applies to "
              + displayAll(underRowSecurity)
              + " for the restoring role, and COPY cannot load a table under row security, so"
              + " nothing was changed. Run the restore as a role with BYPASSRLS (or a superuser),"
              + " or as the tables' owner where FORCE ROW LEVEL SECURITY is not set");
    }
  }

  /** {@code --mode empty} refuses targets that hold rows. */
  static void mode(TargetState state, RestoreMode mode) {
    if (mode != RestoreMode.EMPTY) {
      return;
    }
    List<TableId> full =
        state.tables().values().stream()
            .filter(TargetTable::hasRows)
            .map(TargetTable::id)
            .sorted()
            .toList();
    if (!full.isEmpty()) {
      throw new PgsnapException(
          ErrorCode.USAGE,
          "target tables hold rows: "
              + displayAll(full)
              + ". --mode empty (the default) loads only into empty tables: use --mode truncate"
              + " to replace their rows (a safety snapshot of them is taken first), --mode"
              + " append to add to them, or --into-schema / --rename to restore beside them");
    }
  }

  /**
   * Tables outside the restore that a truncate would empty too, because they reference a truncated
   * table; refused without {@code --cascade}.
   */
  static List<TableId> cascaded(TargetState state, RestoreOptions options) {
    if (options.mode() != RestoreMode.TRUNCATE) {
      return List.of();
    }
    Set<TableId> truncated = new HashSet<>(state.tables().keySet());
    Set<TableId> reached = new TreeSet<>();
    boolean grew = true;
    while (grew) {
      grew = false;
      for (TargetForeignKey k : state.foreignKeys()) {
        if ((truncated.contains(k.references()) || reached.contains(k.references()))
            && !truncated.contains(k.table())
            && reached.add(k.table())) {
          grew = true;
        }
      }
    }
    if (reached.isEmpty() || options.cascade()) {
      return List.copyOf(reached);
    }
    List<String> why = new ArrayList<>();
    for (TableId t : reached) {
      List<String> refs =
          state.foreignKeys().stream()
              .filter(k -> k.table().equals(t))
              .filter(k -> truncated.contains(k.references()) || reached.contains(k.references()))
              .map(k -> k.references().display())
              .distinct()
              .toList();
      why.add(t.display() + " (references " + String.join(", ", refs) + ")");
    }
    throw new PgsnapException(
        ErrorCode.USAGE,
        "truncating the target tables would also empty tables outside this restore that"
            + " reference them: "
            + String.join(", ", why)
            + ". Restore them as well (--table), add --cascade to empty them too (the safety"
            + " snapshot keeps their rows), or restore beside the original (--rename OLD=NEW"
            + " --create) and copy the rows you need back with SQL");
  }

  /** {@code --jobs} above 1 only where a failure can be undone without the transaction. */
  static void parallel(
      RestoreOptions options, List<NotValid> notValid, List<TargetForeignKey> deferred) {
    if (options.jobs() <= 1) {
      return;
    }
    if (options.mode() != RestoreMode.EMPTY) {
      throw new PgsnapException(
          ErrorCode.USAGE,
          "--jobs above 1 loads each table in its own transaction, so only --mode empty can be"
              + " undone when it fails (by emptying the tables again); use --jobs 1 for --mode "
              + options.mode()
              + ", which runs the whole restore in one transaction");
    }
    if (!notValid.isEmpty()) {
      throw new PgsnapException(
          ErrorCode.USAGE,
          "the target has NOT VALID constraints that must be dropped while loading ("
              + notValid.stream()
                  .map(k -> k.table().display() + " " + Identifiers.display(k.name()))
                  .collect(Collectors.joining(", "))
              + "); that needs one transaction: use --jobs 1");
    }
    if (!deferred.isEmpty()) {
      throw new PgsnapException(
          ErrorCode.USAGE,
          "the tables reference each other in a cycle ("
              + deferred.stream()
                  .map(k -> k.constrained().display() + " " + Identifiers.display(k.name()))
                  .collect(Collectors.joining(", "))
              + "), whose foreign keys must be dropped while loading; that needs one"
              + " transaction: use --jobs 1");
    }
  }

  static String displayAll(List<TableId> tables) {
    return tables.stream().map(TableId::display).collect(Collectors.joining(", "));
  }

  private static String relkind(char kind) {
    return switch (kind) {
      case 'v' -> "a view";
      case 'm' -> "a materialized view";
      case 'f' -> "a foreign table";
      case 'S' -> "a sequence";
      case 'i', 'I' -> "an index";
      default -> "relkind " + kind;
    };
  }
}
