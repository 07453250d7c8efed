package io.pgsnap.restore;

import io.pgsnap.catalog.TableId;
import io.pgsnap.snapshot.DdlStatement;
import io.pgsnap.snapshot.DdlStatement.Expected;
import java.util.HashSet;
import java.util.Set;

/** The check every create script passes before it runs, whether verbatim or rewritten. */
final class ScriptCheck {
  private ScriptCheck() {}

  /**
   * Checks a {@link CreateScript} before it runs, whether the manifest's DDL as is or rebuilt for a
   * renamed copy: every statement fits its kind and touches {@code target}, its partitions (each a
   * partition of {@code target} or of one created before it) or its sequences (in the schema of
   * {@code target}, owned by it).
   *
   * @param entryOf the snapshot table the script comes from, for messages
   * @param target the table the script creates
   */
  static void check(CreateScript script, TableId entryOf, TableId target) {
    for (String sql : script.sequences()) {
      Expected sequence = new Expected(DdlStatement.Kind.CREATE_SEQUENCE, entryOf, null, Set.of());
      TableId created = DdlStatement.check(sql, sequence);
      // A script creates sequences only for a copy's serial columns, beside the copy.
      if (!created.schema().equals(target.schema())) {
        throw DdlStatement.refused(
            sequence,
            "creates the sequence "
                + created.display()
                + " outside the schema of "
                + target.display());
      }
    }
    DdlStatement.check(
        script.createTable(),
        new Expected(DdlStatement.Kind.CREATE_TABLE, entryOf, target, Set.of()));
    Set<TableId> parents = new HashSet<>(Set.of(target));
    for (String sql : script.partitions()) {
      parents.add(DdlStatement.check(sql, Expected.partition(entryOf, null, parents)));
    }
    for (String sql : script.constraints()) {
      DdlStatement.check(
          sql, new Expected(DdlStatement.Kind.CONSTRAINT, entryOf, target, Set.of()));
    }
    for (String sql : script.indexes()) {
      DdlStatement.check(sql, new Expected(DdlStatement.Kind.INDEX, entryOf, target, Set.of()));
    }
    for (String sql : script.foreignKeys()) {
      DdlStatement.check(
          sql, new Expected(DdlStatement.Kind.FOREIGN_KEY, entryOf, target, Set.of()));
    }
    for (String sql : script.ownedBy()) {
      DdlStatement.check(
          sql, new Expected(DdlStatement.Kind.SEQUENCE_OWNED_BY, entryOf, null, Set.of(target)));
    }
  }
}
