package io.pgsnap.restore;

import io.pgsnap.RestoreMode;
import io.pgsnap.RestoreOptions;
import io.pgsnap.RestorePlan;
import io.pgsnap.RestorePlan.Action;
import io.pgsnap.RestorePlan.ForeignKeyRef;
import io.pgsnap.RestorePlan.SequenceReset;
import io.pgsnap.RestorePlan.Step;
import io.pgsnap.catalog.Identifiers;
import io.pgsnap.catalog.Sequence;
import io.pgsnap.catalog.Table;
import io.pgsnap.catalog.TableId;
import io.pgsnap.fingerprint.LiveRows;
import io.pgsnap.restore.CreationPlanner.Creation;
import io.pgsnap.restore.Selection.Chosen;
import io.pgsnap.restore.TargetState.NotValid;
import io.pgsnap.restore.TargetState.TargetForeignKey;
import io.pgsnap.restore.TargetState.TargetTable;
import io.pgsnap.restore.TargetState.Trigger;
import io.pgsnap.snapshot.Manifest;
import io.pgsnap.snapshot.ManifestTable;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Works out a restore inside its transaction: locks the existing targets against writes, reads what
 * the target holds, refuses what cannot work, and returns every statement the restore will run. The
 * plan stays true until commit, because writers wait for the locks.
 */
final class RestorePlanner {
  private static final String SELECT_NEEDS =
      "Reading whether the target tables hold rows needs SELECT on them: grant it, or run the"
          + " restore as the tables' owner";

  private final Connection connection;
  private final Manifest manifest;
  private final List<Chosen> chosen;
  private final RestoreOptions options;
  private final TargetReader reader;
  private final Map<TableId, Chosen> byTarget = new LinkedHashMap<>();

  RestorePlanner(
      Connection connection, Manifest manifest, List<Chosen> chosen, RestoreOptions options) {
    this.connection = connection;
    this.manifest = manifest;
    this.chosen = List.copyOf(chosen);
    this.options = options;
    this.reader = new TargetReader(connection);
    chosen.forEach(c -> byTarget.put(c.target(), c));
  }

  /**
   * Plans the restore on the planner's connection, whose transaction must be open (auto-commit
   * off); the locks it takes are held until that transaction ends.
   */
  PlannedRestore plan() {
    String needs = null;
    try {
      RestoreSession.apply(connection, manifest, options.lockWaitTimeout());
      RestoreSession.requireExtendedProtocol(connection);
      RestoreSession.requireStandardConformingStrings(connection);
      Map<TableId, Character> existing = reader.existingTables(byTarget.keySet());
      TargetChecks.onlyTables(existing);
      List<TableId> missing =
          byTarget.keySet().stream().filter(t -> !existing.containsKey(t)).toList();
      TargetChecks.missing(missing, options.create());
      List<PlannedStatement> locks =
          TargetStatements.lock(new ArrayList<>(new TreeSet<>(existing.keySet())));
      StatementRunner.run(connection, locks);
      needs = SELECT_NEEDS;
      return plan(existing, missing, locks);
    } catch (SQLException e) {
      throw RestoreErrors.translate(e, "reading the target database", needs);
    }
  }

  private PlannedRestore plan(
      Map<TableId, Character> existing, List<TableId> missing, List<PlannedStatement> locks)
      throws SQLException {
    SequencePlanner.Candidates sequences = SequencePlanner.candidates(manifest, chosen);
    Set<String> schemas = new TreeSet<>();
    missing.forEach(t -> schemas.add(t.schema()));
    TargetState state = reader.read(existing.keySet(), schemas, sequences.names());

    List<String> notes = new ArrayList<>();
    Map<TableId, ManifestTable> sources = new LinkedHashMap<>();
    byTarget.forEach((target, c) -> sources.put(target, c.table()));
    TargetChecks.columns(state, sources);
    ShapeCheck.check(state, sources, options, notes);
    TargetChecks.rowSecurity(reader.underRowSecurity(state.tables().keySet()));
    TargetChecks.mode(state, options.mode());
    List<TableId> cascaded = TargetChecks.cascaded(state, options);
    List<Sequence> standalone =
        options.create() ? concat(sequences.standalone(), sequences.sharedIfMissing()) : List.of();
    DefinitionPlanner.Definitions definitions =
        options.create()
            ? DefinitionPlanner.plan(
                connection,
                manifest.objects(),
                missing.stream().map(TableId::schema).collect(Collectors.toSet()),
                options,
                notes)
            : DefinitionPlanner.Definitions.NONE;
    Creation creation =
        CreationPlanner.plan(
            missing,
            byTarget,
            sequences.owned(),
            standalone,
            state.withSchemas(definitions.schemas()),
            reader,
            notes);
    List<PlannedStatement> attach =
        AttachedPlanner.forCreated(connection, creation, byTarget, options, notes);
    LoadOrder order = LoadOrder.of(byTarget.keySet(), references(state, missing));
    List<TargetForeignKey> deferred = new ArrayList<>();
    for (LoadOrder.Edge e : order.cycleEdges()) {
      state.foreignKeys().stream()
          .filter(k -> k.table().equals(e.from()) && k.references().equals(e.to()))
          .filter(k -> existing.containsKey(k.table()))
          .forEach(deferred::add);
    }
    List<NotValid> notValid = notValid(state, deferred, notes);
    List<SequenceReset> resets =
        options.sequences()
            ? SequencePlanner.resets(sequences, chosen, state, reader, options.create(), notes)
            : List.of();
    SequencePlanner.checkPrivileges(resets, reader);
    TargetChecks.parallel(options, notValid, deferred);

    List<TableLoad> loads = new ArrayList<>();
    for (TableId target : order.tables()) {
      loads.add(load(byTarget.get(target), state, creation));
    }
    RestorePlan plan =
        new RestorePlan(
            manifest.id(),
            options.mode(),
            loads.stream().map(TableLoad::step).toList(),
            cascaded,
            deferred.stream()
                .map(k -> new ForeignKeyRef(k.table(), k.name(), k.references()))
                .toList(),
            resets,
            notes,
            options.jobs(),
            List.of());
    List<PlannedStatement> prepare = new ArrayList<>();
    deferred.forEach(k -> prepare.add(TargetStatements.dropCycleKey(k)));
    notValid.forEach(k -> prepare.add(TargetStatements.dropNotValid(k)));
    List<PlannedStatement> link = new ArrayList<>(creation.foreignKeys());
    deferred.forEach(k -> link.add(TargetStatements.addCycleKey(k)));
    notValid.forEach(k -> link.add(TargetStatements.addNotValid(k)));
    // Before the owners change in attach: OWNED BY needs the sequence and table of one owner,
    // and OWNER TO then carries the owned sequences along.
    link.addAll(creation.ownedBy());
    List<PlannedStatement> finish = new ArrayList<>();
    finish.add(TargetStatements.checkDeferred());
    // setval is not undone by a rollback, so it comes last, once everything else held.
    resets.forEach(r -> finish.add(TargetStatements.setval(r)));
    return new PlannedRestore(
            plan,
            manifest,
            locks,
            definitions.define(),
            concat(creation.create(), definitions.afterSequences()),
            prepare,
            truncate(loads, cascaded),
            loads,
            creation.order().stream().flatMap(t -> creation.afterLoad(t).stream()).toList(),
            link,
            attach,
            finish,
            concat(creation.undo(), definitions.undo()))
        .withStatementsInPlan();
  }

  private static <T> List<T> concat(List<T> first, List<T> then) {
    List<T> all = new ArrayList<>(first);
    all.addAll(then);
    return all;
  }

  private TableLoad load(Chosen c, TargetState state, Creation creation) {
    TableId target = c.target();
    TargetTable existing = state.tables().get(target);
    Set<TableId> references = new HashSet<>();
    for (TargetForeignKey k : state.foreignKeys()) {
      if (k.table().equals(target)
          && !k.references().equals(target)
          && byTarget.containsKey(k.references())) {
        references.add(k.references());
      }
    }
    Action action =
        existing == null
            ? Action.CREATE
            : switch (options.mode()) {
              case EMPTY -> Action.LOAD;
              case TRUNCATE -> Action.TRUNCATE;
              case APPEND -> Action.APPEND;
            };
    List<Trigger> firing =
        existing == null ? List.of() : existing.triggers().stream().filter(Trigger::fires).toList();
    Step step =
        new Step(
            c.table().id(),
            target,
            action,
            existing != null && existing.hasRows(),
            c.table().rows(),
            c.table().rawBytes(),
            c.table().filesDisplay(),
            firing.stream()
                .map(
                    tr ->
                        tr.relation().equals(target)
                            ? tr.name()
                            : tr.relation().display() + ": " + tr.name())
                .toList());
    PlannedStatement copy =
        new PlannedStatement(
            TableLoader.copySql(c.table(), target),
            "loading " + target.display() + " from " + c.table().filesDisplay(),
            "Loading needs INSERT on "
                + target.display()
                + ": grant it, or run the restore as the table's owner");
    boolean partitioned =
        existing != null ? existing.partitioned() : c.table().kind() == Table.Kind.PARTITIONED;
    return new TableLoad(
        step,
        c.table(),
        existing,
        copy,
        readBack(c.table(), target, partitioned, existing == null),
        firing.stream().map(TargetStatements::disableTrigger).toList(),
        creation.afterLoad(target),
        firing.stream().map(TargetStatements::enableTrigger).toList(),
        TargetStatements.truncate(
            List.of(target), partitioned ? List.of(target) : List.of(), false),
        references);
  }

  /**
   * The read-back of a loaded table for {@code --verify-content}: only where the table holds
   * nothing but the snapshot's rows after the load (created, emptied, or required empty), and the
   * snapshot records a fingerprint to compare with.
   */
  private PlannedStatement readBack(
      ManifestTable entry, TableId target, boolean partitioned, boolean created) {
    if (!options.verifyContent()
        || entry.recordedFingerprint().isEmpty()
        || (!created && options.mode() == RestoreMode.APPEND)) {
      return null;
    }
    return new PlannedStatement(
        LiveRows.copySql(
            target,
            partitioned ? Table.Kind.PARTITIONED : Table.Kind.ORDINARY,
            entry.fileColumns()),
        "reading " + target.display() + " back to compare its content with the snapshot",
        "Reading it back needs SELECT on "
            + target.display()
            + ": grant it, or run the restore without --verify-content");
  }

  private static List<PlannedStatement> truncate(List<TableLoad> loads, List<TableId> cascaded) {
    List<TableLoad> truncated =
        loads.stream().filter(l -> l.step().action() == Action.TRUNCATE).toList();
    if (truncated.isEmpty()) {
      return List.of();
    }
    return List.of(
        TargetStatements.truncate(
            truncated.stream().map(l -> l.step().target()).toList(),
            truncated.stream()
                .filter(l -> l.existing().partitioned())
                .map(l -> l.step().target())
                .toList(),
            !cascaded.isEmpty()));
  }

  /** NOT VALID constraints of existing targets, dropped while loading unless already deferred. */
  private List<NotValid> notValid(
      TargetState state, List<TargetForeignKey> deferred, List<String> notes) throws SQLException {
    List<NotValid> notValid = new ArrayList<>();
    for (TableId t : state.tables().keySet()) {
      for (NotValid k : reader.notValidConstraints(t)) {
        if (deferred.stream()
            .noneMatch(d -> d.constrained().equals(k.table()) && d.name().equals(k.name()))) {
          notValid.add(k);
          notes.add(
              "constraint "
                  + Identifiers.display(k.name())
                  + " of "
                  + t.display()
                  + " is NOT VALID: it is dropped while loading and added back NOT VALID, so"
                  + " rows the source kept despite it load too");
        }
      }
    }
    return notValid;
  }

  /**
   * Which restored table references which: the target's keys, and the snapshot's for new tables.
   */
  private List<LoadOrder.Edge> references(TargetState state, List<TableId> missing) {
    List<LoadOrder.Edge> edges = new ArrayList<>();
    for (TargetForeignKey k : state.foreignKeys()) {
      edges.add(new LoadOrder.Edge(k.table(), k.references()));
    }
    Map<TableId, TableId> targets = new LinkedHashMap<>();
    chosen.forEach(c -> targets.put(c.table().id(), c.target()));
    for (TableId target : missing) {
      for (TableId ref : byTarget.get(target).table().dependsOn()) {
        if (targets.containsKey(ref)) {
          edges.add(new LoadOrder.Edge(target, targets.get(ref)));
        }
      }
    }
    return edges;
  }
}
