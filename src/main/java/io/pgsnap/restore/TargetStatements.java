package io.pgsnap.restore;

import io.pgsnap.RestorePlan.SequenceReset;
import io.pgsnap.catalog.Identifiers;
import io.pgsnap.catalog.TableId;
import io.pgsnap.db.TableLocks;
import io.pgsnap.restore.TargetState.NotValid;
import io.pgsnap.restore.TargetState.TargetForeignKey;
import io.pgsnap.restore.TargetState.Trigger;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The statements a restore composes itself (as opposed to the DDL it takes from the snapshot), each
 * with what it does and the privilege it takes. Every identifier is quoted.
 */
final class TargetStatements {
  private TargetStatements() {}

  /**
   * Locks {@code tables} against writes in batches. SHARE ROW EXCLUSIVE keeps writers out until
   * commit but lets readers in, so the safety snapshot can read what the restore replaces.
   */
  static List<PlannedStatement> lock(List<TableId> tables) {
    return TableLocks.statements(
            tables.stream().map(TableId::sql).toList(), TableLocks.Mode.SHARE_ROW_EXCLUSIVE)
        .stream()
        .map(
            sql ->
                new PlannedStatement(
                    sql,
                    "locking "
                        + (tables.size() == 1 ? tables.get(0).display() : "the target tables"),
                    "Locking the target tables against writes (LOCK TABLE ... IN SHARE ROW"
                        + " EXCLUSIVE MODE) needs UPDATE, DELETE or TRUNCATE on each of them,"
                        + " besides SELECT and INSERT: grant one of those, or run the restore as"
                        + " the tables' owner"))
        .toList();
  }

  static PlannedStatement createSchema(String schema) {
    return new PlannedStatement(
        "CREATE SCHEMA " + Identifiers.quote(schema),
        "creating schema " + Identifiers.display(schema),
        "Creating a schema needs CREATE on the database: grant it, or create schema "
            + Identifiers.display(schema)
            + " first");
  }

  /** A statement taken from the snapshot that creates something in {@code schema}. */
  static PlannedStatement create(String sql, String what, String schema) {
    return new PlannedStatement(
        sql,
        "creating " + what,
        "Creating tables (--create) needs CREATE on schema "
            + Identifiers.display(schema)
            + ": grant it, or create the tables first (e.g. by running your migrations)");
  }

  static PlannedStatement addForeignKey(String sql, TableId table) {
    return new PlannedStatement(
        sql,
        "adding the foreign keys of " + table.display(),
        "Adding a foreign key needs REFERENCES on the table it references: grant it, or run"
            + " the restore as that table's owner");
  }

  static PlannedStatement dropCycleKey(TargetForeignKey k) {
    return new PlannedStatement(
        "ALTER TABLE " + k.constrained().sql() + " DROP CONSTRAINT " + Identifiers.quote(k.name()),
        "dropping foreign key " + k.name() + " of " + k.constrained().display(),
        cycleNeeds(k));
  }

  static PlannedStatement addCycleKey(TargetForeignKey k) {
    return new PlannedStatement(
        "ALTER TABLE "
            + k.constrained().sql()
            + " ADD CONSTRAINT "
            + Identifiers.quote(k.name())
            + " "
            + k.definition(),
        "adding foreign key "
            + k.name()
            + " of "
            + k.constrained().display()
            + " again (which checks it)",
        cycleNeeds(k));
  }

  static PlannedStatement dropNotValid(NotValid k) {
    return new PlannedStatement(
        "ALTER TABLE ONLY " + k.table().sql() + " DROP CONSTRAINT " + Identifiers.quote(k.name()),
        "dropping NOT VALID constraint " + k.name() + " of " + k.table().display(),
        notValidNeeds(k.table()));
  }

  static PlannedStatement addNotValid(NotValid k) {
    return new PlannedStatement(
        "ALTER TABLE ONLY "
            + k.table().sql()
            + " ADD CONSTRAINT "
            + Identifiers.quote(k.name())
            + " "
            + k.definition(),
        "adding NOT VALID constraint " + k.name() + " of " + k.table().display() + " back",
        notValidNeeds(k.table()));
  }

  static PlannedStatement disableTrigger(Trigger tr) {
    return new PlannedStatement(
        "ALTER TABLE " + tr.relation().sql() + " DISABLE TRIGGER " + Identifiers.quote(tr.name()),
        "disabling trigger " + tr.name() + " of " + tr.relation().display(),
        triggerNeeds(tr));
  }

  static PlannedStatement enableTrigger(Trigger tr) {
    return new PlannedStatement(
        "ALTER TABLE "
            + tr.relation().sql()
            + (tr.enabled() == 'A' ? " ENABLE ALWAYS TRIGGER " : " ENABLE TRIGGER ")
            + Identifiers.quote(tr.name()),
        "enabling trigger " + tr.name() + " of " + tr.relation().display(),
        triggerNeeds(tr));
  }

  /**
   * Empties {@code tables} in one statement; ONLY keeps inheritance children that are not restored
   * (a partitioned table takes none).
   *
   * @param partitioned which of the tables are partitioned
   */
  static PlannedStatement truncate(
      List<TableId> tables, List<TableId> partitioned, boolean cascade) {
    return new PlannedStatement(
        "TRUNCATE "
            + tables.stream()
                .map(t -> (partitioned.contains(t) ? "" : "ONLY ") + t.sql())
                .collect(Collectors.joining(", "))
            + (cascade ? " CASCADE" : ""),
        "truncating " + tables.stream().map(TableId::display).collect(Collectors.joining(", ")),
        "--mode truncate needs TRUNCATE on the tables it empties"
            + (cascade ? ", and on those --cascade empties" : "")
            + ": grant it, or run the restore as their owner");
  }

  /** Deferred constraints would be checked at commit, after setval: check them before. */
  static PlannedStatement checkDeferred() {
    return new PlannedStatement(
        "SET CONSTRAINTS ALL IMMEDIATE", "checking the target's deferred constraints", null);
  }

  static PlannedStatement ownedBy(String sql, TableId table) {
    return new PlannedStatement(sql, "tying sequences to " + table.display(), null);
  }

  /**
   * Sets a sequence. A sequence known only by its column (one created with its table in this
   * restore) is found by {@code pg_get_serial_sequence}, which takes the table as SQL text and the
   * column literally.
   */
  static PlannedStatement setval(SequenceReset r) {
    String sequence =
        r.sequence() != null
            ? Identifiers.literal(r.sequence().sql())
            : "pg_catalog.pg_get_serial_sequence("
                + Identifiers.literal(r.table().sql())
                + ", "
                + Identifiers.literal(r.column())
                + ")";
    return new PlannedStatement(
        "SELECT pg_catalog.setval(" + sequence + ", " + r.lastValue() + ", " + r.called() + ")",
        "setting " + (r.sequence() != null ? "sequence " : "") + r.describe(),
        "Setting "
            + r.describe()
            + " needs UPDATE on it: grant it, or leave the sequences as they are with"
            + " --no-sequences");
  }

  private static String cycleNeeds(TargetForeignKey k) {
    return "Dropping and adding again the foreign keys of a cycle needs ownership of "
        + k.constrained().display()
        + ": run the restore as its owner";
  }

  private static String notValidNeeds(TableId table) {
    return "Dropping and adding back a NOT VALID constraint needs ownership of "
        + table.display()
        + ": run the restore as its owner";
  }

  private static String triggerNeeds(Trigger tr) {
    return "Switching off user triggers, so that they do not fire on restored rows, needs"
        + " ownership of "
        + tr.relation().display()
        + " (ALTER TABLE ... DISABLE TRIGGER): run the restore as its owner";
  }
}
