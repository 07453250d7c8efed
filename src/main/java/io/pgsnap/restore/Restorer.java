package io.pgsnap.restore;

import io.pgsnap.ErrorCode;
import io.pgsnap.ExportOptions;
import io.pgsnap.PgsnapException;
import io.pgsnap.ProgressListener;
import io.pgsnap.RestoreConfirmation;
import io.pgsnap.RestoreMode;
import io.pgsnap.RestoreOptions;
import io.pgsnap.RestorePlan;
import io.pgsnap.RestorePlan.Action;
import io.pgsnap.RestorePlan.ForeignKeyRef;
import io.pgsnap.RestorePlan.SequenceReset;
import io.pgsnap.RestorePlan.Step;
import io.pgsnap.RestoreResult;
import io.pgsnap.catalog.Identifiers;
import io.pgsnap.catalog.Sequence;
import io.pgsnap.catalog.TableId;
import io.pgsnap.catalog.TableSelection;
import io.pgsnap.export.Exporter;
import io.pgsnap.restore.Selection.Chosen;
import io.pgsnap.restore.TargetState.TargetForeignKey;
import io.pgsnap.restore.TargetState.TargetTable;
import io.pgsnap.restore.TargetState.Trigger;
import io.pgsnap.snapshot.CompleteSnapshot;
import io.pgsnap.snapshot.Manifest;
import io.pgsnap.snapshot.ManifestTable;
import io.pgsnap.snapshot.OperationLog;
import io.pgsnap.snapshot.StorageErrors;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restores tables of a snapshot into a database, all in one transaction: a failure anywhere leaves
 * every target table as it was.
 *
 * <p>Before connecting it checks the checksums of the files it will load. Inside the transaction it
 * locks the existing target tables against writes, reads what the target holds, and makes the
 * {@link RestorePlan}; a dry run stops there. Then: missing tables are created without their
 * indexes and constraints; foreign keys that form a cycle between restored tables are dropped; user
 * triggers are switched off; tables are truncated in one statement; each table is loaded with COPY
 * in foreign-key order and its row count checked against the manifest; indexes, constraints and
 * foreign keys are added (which checks them); triggers are switched back on; sequences are set
 * last, because {@code setval} cannot be rolled back.
 */
public final class Restorer {
  private static final Logger log = LoggerFactory.getLogger(Restorer.class);

  /** {@code LOCK TABLE} statements name at most this many tables each. */
  private static final int LOCK_BATCH = 500;

  private final DataSource dataSource;
  private final Path snapshot;
  private final RestoreOptions options;
  private final ProgressListener progress;
  private final RestoreConfirmation confirmation;
  private final Clock clock;

  public Restorer(
      DataSource dataSource,
      Path snapshot,
      RestoreOptions options,
      ProgressListener progress,
      RestoreConfirmation confirmation,
      Clock clock) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.snapshot = Objects.requireNonNull(snapshot, "snapshot");
    this.options = Objects.requireNonNull(options, "options");
    this.progress = Objects.requireNonNull(progress, "progress");
    this.confirmation = Objects.requireNonNull(confirmation, "confirmation");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Runs the restore (or, with {@link RestoreOptions#dryRun()}, plans it) and logs one line in
   * {@code pgsnap.log} beside the snapshot.
   */
  public RestoreResult restore() {
    long startNanos = System.nanoTime();
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("time", clock.instant().toString());
    entry.put("command", "restore");
    entry.put("snapshot", String.valueOf(snapshot.toAbsolutePath().normalize().getFileName()));
    entry.put("dryRun", options.dryRun());
    entry.put("mode", options.mode().toString());
    entry.put("jobs", options.jobs());
    try {
      RestoreResult result = run(startNanos);
      entry.put("outcome", "success");
      entry.put("tables", result.plan().steps().size());
      entry.put("rows", result.rowsLoaded());
      entry.put("targets", result.plan().steps().stream().map(s -> s.target().toString()).toList());
      if (result.safetySnapshot() != null) {
        entry.put("safetySnapshot", result.safetySnapshot().toString());
      }
      entry.put("durationMs", result.elapsed().toMillis());
      appendLog(entry);
      return result;
    } catch (RuntimeException e) {
      entry.put("outcome", "failure");
      entry.put("durationMs", Duration.ofNanos(System.nanoTime() - startNanos).toMillis());
      if (e instanceof PgsnapException pe) {
        entry.put("errorCode", pe.code());
      }
      entry.put("error", String.valueOf(e.getMessage()));
      appendLog(entry);
      throw e;
    }
  }

  private RestoreResult run(long startNanos) {
    CompleteSnapshot complete = CompleteSnapshot.open(snapshot);
    Manifest manifest = complete.manifest();
    List<Chosen> chosen = Selection.resolve(manifest, options);
    FileCheck.check(snapshot, manifest, chosen.stream().map(Chosen::table).toList());
    try (Connection connection = RestoreErrors.connect(dataSource)) {
      Run run = new Run(connection, manifest, chosen);
      try {
        connection.setAutoCommit(false);
        run.plan();
        RestorePlan plan = run.plan;
        log.debug(
            "restore plan: {} tables, {} rows, mode {}, {} job(s)",
            plan.steps().size(),
            plan.rows(),
            plan.mode(),
            plan.jobs());
        if (options.dryRun()) {
          return new RestoreResult(
              snapshot, plan, true, 0, null, Duration.ofNanos(System.nanoTime() - startNanos));
        }
        if (plan.destructive() && !options.assumeYes() && !confirmation.confirm(plan)) {
          throw new PgsnapException(
              ErrorCode.USAGE,
              "the restore would delete rows ("
                  + destructiveSummary(plan)
                  + ") and was not confirmed; nothing was changed. Check the plan with --dry-run,"
                  + " then run again with --yes");
        }
        Path safety = plan.destructive() && options.safetySnapshot() ? safetySnapshot(run) : null;
        if (options.jobs() > 1) {
          long rows = new ParallelLoad(run, connection).run();
          return new RestoreResult(
              snapshot, plan, false, rows, null, Duration.ofNanos(System.nanoTime() - startNanos));
        }
        long rows = run.execute();
        run.working("committing", null);
        connection.commit();
        return new RestoreResult(
            snapshot, plan, false, rows, safety, Duration.ofNanos(System.nanoTime() - startNanos));
      } catch (SQLException e) {
        throw RestoreErrors.translate(e, run.doing, run.needs);
      } catch (IOException e) {
        throw readFailure(run, e);
      } finally {
        rollbackQuietly(connection);
      }
    } catch (SQLException e) {
      throw RestoreErrors.translate(e, null);
    }
  }

  private PgsnapException readFailure(Run run, IOException e) {
    if (e instanceof TableLoader.CopyFailedException copy) {
      return RestoreErrors.translate(copy.sqlCause(), run.doing, run.needs);
    }
    if (e instanceof JsonLinesDecoder.MalformedFileException) {
      return new PgsnapException(
          ErrorCode.INTEGRITY,
          e.getMessage() + "; " + RestoreErrors.NOTHING_CHANGED + verifyAdvice(),
          e);
    }
    Path file = run.currentFile == null ? snapshot : run.currentFile;
    PgsnapException read = StorageErrors.readFailed(file, e);
    if (e instanceof java.nio.file.AccessDeniedException) {
      return new PgsnapException(
          read.code(), read.getMessage() + "; " + RestoreErrors.NOTHING_CHANGED, e);
    }
    // The files passed their checksums, so what cannot be read (decompressed) is damaged.
    return new PgsnapException(
        ErrorCode.INTEGRITY,
        read.getMessage()
            + " (the file may be damaged); "
            + RestoreErrors.NOTHING_CHANGED
            + verifyAdvice(),
        e);
  }

  /** What to do about a snapshot found damaged while loading it. */
  private String verifyAdvice() {
    return ". Run `pgsnap verify --deep "
        + snapshot
        + "` for a full report, and restore from an intact snapshot";
  }

  private static String destructiveSummary(RestorePlan plan) {
    List<String> tables = new ArrayList<>();
    plan.steps().stream()
        .filter(s -> s.action() == Action.TRUNCATE && s.existingRows())
        .forEach(s -> tables.add("truncates " + s.target().display()));
    plan.cascaded().forEach(t -> tables.add("empties " + t.display() + " by cascade"));
    return String.join(", ", tables);
  }

  /**
   * Exports the tables about to be emptied, from another connection while this restore holds its
   * locks (which let readers in), so the safety snapshot holds exactly what gets overwritten.
   */
  private Path safetySnapshot(Run run) {
    List<String> patterns = new ArrayList<>();
    run.plan.steps().stream()
        .filter(s -> s.action() == Action.TRUNCATE)
        .forEach(s -> patterns.add(exactPattern(s.target())));
    run.plan.cascaded().forEach(t -> patterns.add(exactPattern(t)));
    Path dir =
        options.safetySnapshotDir() != null
            ? options.safetySnapshotDir()
            : snapshot.toAbsolutePath().normalize().getParent();
    ExportOptions export =
        ExportOptions.defaults(dir)
            .withSelection(new TableSelection(List.of(), patterns, List.of(), List.of()))
            .withLabel("safety snapshot before restoring " + run.manifest.id());
    try {
      return new Exporter(dataSource, export, ProgressListener.NONE, clock).export().snapshot();
    } catch (PgsnapException e) {
      throw new PgsnapException(
          e.code(),
          "the safety snapshot of the tables to be truncated failed, so nothing was restored: "
              + e.getMessage()
              + " (--no-safety-snapshot skips it)",
          e);
    }
  }

  private static String exactPattern(TableId id) {
    return Identifiers.quote(id.schema()) + "." + Identifiers.quote(id.name());
  }

  private static void rollbackQuietly(Connection c) {
    try {
      if (!c.isClosed() && !c.getAutoCommit()) {
        c.rollback();
      }
    } catch (SQLException e) {
      // The connection is already broken; the server rolls the transaction back.
    }
  }

  private void appendLog(Map<String, Object> entry) {
    Path dir = snapshot.toAbsolutePath().normalize().getParent();
    if (dir != null) {
      new OperationLog(dir).appendIfFolderExists(entry);
    }
  }

  /** The state of one restore; the restorer itself stays immutable. */
  private final class Run {
    private final Connection connection;
    private final Manifest manifest;
    private final List<Chosen> chosen;
    private final TargetReader reader;
    private final Map<TableId, Chosen> byTarget = new LinkedHashMap<>();
    private final Map<TableId, CreateScript> scripts = new LinkedHashMap<>();
    private final List<TableId> creationOrder = new ArrayList<>();
    private final List<String> schemasToCreate = new ArrayList<>();
    private final List<Sequence> sequencesToCreate = new ArrayList<>();
    private final List<TargetForeignKey> deferred = new ArrayList<>();
    private final List<TargetState.NotValid> notValid = new ArrayList<>();
    private TargetState state;
    private RestorePlan plan;
    private String doing;
    private String needs;
    private Path currentFile;

    Run(Connection connection, Manifest manifest, List<Chosen> chosen) {
      this.connection = connection;
      this.manifest = manifest;
      this.chosen = chosen;
      this.reader = new TargetReader(connection);
      chosen.forEach(c -> byTarget.put(c.target(), c));
    }

    /**
     * Names what the restore is doing, for messages, and the privilege that takes (a sentence that
     * says what to do when it is missing), or null.
     */
    private void working(String doing, String needs) {
      this.doing = doing;
      this.needs = needs;
    }

    private boolean beside() {
      return chosen.stream().anyMatch(Chosen::beside);
    }

    void plan() throws SQLException {
      working("reading the target database", null);
      io.pgsnap.db.SessionSettings.applyLocally(connection, RestoreSession.settings(manifest));
      if (options.lockWaitTimeout() != null) {
        io.pgsnap.db.SessionSettings.applyLocally(
            connection, Map.of("lock_timeout", options.lockWaitTimeout().toMillis() + "ms"));
      }
      Map<TableId, Character> existing = reader.existingTables(byTarget.keySet());
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
      List<TableId> missing =
          byTarget.keySet().stream().filter(t -> !existing.containsKey(t)).toList();
      if (!missing.isEmpty() && !options.create()) {
        throw new PgsnapException(
            ErrorCode.USAGE,
            "target tables missing: "
                + displayAll(missing)
                + "; create them first (e.g. by running your migrations), or add --create to"
                + " create them from the DDL in the snapshot");
      }
      lock(existing.keySet());
      working(
          "reading the target database",
          "Reading whether the target tables hold rows needs SELECT on them: grant it, or run the"
              + " restore as the tables' owner");

      List<Sequence> owned = new ArrayList<>();
      List<Sequence> standalone = new ArrayList<>();
      // A standalone sequence may feed tables beyond the restored ones: setting it back while
      // other tables of its schema keep their newer rows would hand out used values again. So it
      // is set only when every table of its schema in the snapshot is restored.
      Set<String> restoredSchemas =
          chosen.stream().map(c -> c.table().schema()).collect(Collectors.toSet());
      for (ManifestTable t : manifest.tables()) {
        if (chosen.stream().noneMatch(c -> c.table() == t)) {
          restoredSchemas.remove(t.schema());
        }
      }
      for (Sequence s : manifest.sequences()) {
        if (s.ownedBy() != null) {
          if (chosen.stream().anyMatch(c -> c.table().id().equals(s.ownedBy().table()))) {
            owned.add(s);
          }
        } else if (!beside() && restoredSchemas.contains(s.id().schema())) {
          standalone.add(s);
        }
      }
      Set<String> schemas = new TreeSet<>();
      missing.forEach(t -> schemas.add(t.schema()));
      List<TableId> sequenceNames = new ArrayList<>();
      owned.forEach(s -> sequenceNames.add(s.id()));
      standalone.forEach(s -> sequenceNames.add(s.id()));
      state = reader.read(existing.keySet(), schemas, sequenceNames);

      List<String> notes = new ArrayList<>();
      checkColumns();
      checkMode();
      List<TableId> cascaded = cascaded();
      planCreation(missing, owned, standalone, notes);
      LoadOrder order = LoadOrder.of(byTarget.keySet(), references(missing));
      for (LoadOrder.Edge e : order.cycleEdges()) {
        state.foreignKeys().stream()
            .filter(k -> k.table().equals(e.from()) && k.references().equals(e.to()))
            .filter(k -> existing.containsKey(k.table()))
            .forEach(deferred::add);
      }
      for (TableId t : state.tables().keySet()) {
        for (TargetState.NotValid k : reader.notValidConstraints(t)) {
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
      List<Step> steps = new ArrayList<>();
      for (TableId target : order.tables()) {
        Chosen c = byTarget.get(target);
        TargetTable t = state.tables().get(target);
        Action action =
            t == null
                ? Action.CREATE
                : switch (options.mode()) {
                  case EMPTY -> Action.LOAD;
                  case TRUNCATE -> Action.TRUNCATE;
                  case APPEND -> Action.APPEND;
                };
        steps.add(
            new Step(
                c.table().id(),
                target,
                action,
                t != null && t.hasRows(),
                c.table().rows(),
                c.table().rawBytes(),
                c.table().file(),
                t == null ? List.of() : firing(t).stream().map(tr -> describe(t, tr)).toList()));
      }
      List<SequenceReset> resets =
          options.sequences() ? sequenceResets(owned, standalone, notes) : List.of();
      checkSequencePrivileges(resets);
      plan =
          new RestorePlan(
              manifest.id(),
              options.mode(),
              steps,
              cascaded,
              deferred.stream()
                  .map(k -> new ForeignKeyRef(k.table(), k.name(), k.references()))
                  .toList(),
              resets,
              notes,
              options.jobs());
      if (options.jobs() > 1) {
        checkParallel();
      }
    }

    /** {@code --jobs} above 1 only where a failure can be undone without the transaction. */
    private void checkParallel() {
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

    private void lock(Set<TableId> tables) throws SQLException {
      working(
          "locking the target tables",
          "Locking the target tables against writes (LOCK TABLE ... IN SHARE ROW EXCLUSIVE MODE)"
              + " needs UPDATE, DELETE or TRUNCATE on each of them, besides SELECT and INSERT:"
              + " grant one of those, or run the restore as the tables' owner");
      List<TableId> sorted = new ArrayList<>(new TreeSet<>(tables));
      try (Statement s = connection.createStatement()) {
        for (int from = 0; from < sorted.size(); from += LOCK_BATCH) {
          // SHARE ROW EXCLUSIVE keeps writers out until commit but lets readers in, so the safety
          // snapshot can read what the restore is about to replace.
          s.execute(
              "LOCK TABLE "
                  + sorted.subList(from, Math.min(sorted.size(), from + LOCK_BATCH)).stream()
                      .map(TableId::sql)
                      .collect(Collectors.joining(", "))
                  + " IN SHARE ROW EXCLUSIVE MODE");
        }
      }
    }

    private void checkColumns() {
      List<String> problems = new ArrayList<>();
      for (TargetTable t : state.tables().values()) {
        ManifestTable source = byTarget.get(t.id()).table();
        Map<String, Boolean> generated = new LinkedHashMap<>();
        t.columns().forEach(c -> generated.put(c.name(), c.generated()));
        for (String column : source.fileColumns()) {
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

    private void checkMode() {
      if (options.mode() != RestoreMode.EMPTY) {
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

    /** Tables outside the restore that a truncate would empty too; refused without cascade. */
    private List<TableId> cascaded() throws SQLException {
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

    private void planCreation(
        List<TableId> missing, List<Sequence> owned, List<Sequence> standalone, List<String> notes)
        throws SQLException {
      if (missing.isEmpty()) {
        return;
      }
      for (TableId t : missing) {
        if (!state.existingSchemas().contains(t.schema())
            && !schemasToCreate.contains(t.schema())) {
          schemasToCreate.add(t.schema());
        }
      }
      Map<TableId, TableId> targets = new LinkedHashMap<>();
      chosen.forEach(c -> targets.put(c.table().id(), c.target()));
      Set<TableId> outside = new TreeSet<>();
      for (TableId target : missing) {
        Chosen c = byTarget.get(target);
        List<Sequence> ownedHere =
            owned.stream().filter(s -> s.ownedBy().table().equals(c.table().id())).toList();
        CreateScript script;
        if (c.beside()) {
          script = RenamedDdl.write(c.table(), target, targets, ownedHere);
        } else {
          script = CreateScripts.verbatim(c.table(), ownedHere, state.existingSequences());
          ownedHere.stream()
              .filter(s -> !s.identity() && !state.existingSequences().contains(s.id()))
              .forEach(sequencesToCreate::add);
          c.table().foreignKeys().stream()
              .map(k -> k.referencedTable())
              .filter(r -> !targets.containsKey(r))
              .forEach(outside::add);
          c.table().inheritsFrom().stream()
              .filter(r -> !targets.containsKey(r))
              .forEach(outside::add);
        }
        notes.addAll(script.notes());
        scripts.put(target, script);
      }
      if (!outside.isEmpty()) {
        Map<TableId, Character> found = reader.existingTables(outside);
        List<TableId> absent = outside.stream().filter(t -> !found.containsKey(t)).toList();
        if (!absent.isEmpty()) {
          throw new PgsnapException(
              ErrorCode.USAGE,
              "the tables to create reference tables that are neither in the target database nor"
                  + " in this restore: "
                  + displayAll(absent)
                  + ". Restore them too (--table), or create them first");
        }
      }
      if (options.create()) {
        for (Sequence s : standalone) {
          if (!state.existingSequences().contains(s.id())) {
            sequencesToCreate.add(s);
            if (!state.existingSchemas().contains(s.id().schema())
                && !schemasToCreate.contains(s.id().schema())) {
              schemasToCreate.add(s.id().schema());
            }
          }
        }
      }
      // Inheritance parents are created before their children.
      List<LoadOrder.Edge> parents = new ArrayList<>();
      for (TableId target : missing) {
        for (TableId parent : byTarget.get(target).table().inheritsFrom()) {
          if (targets.containsKey(parent)) {
            parents.add(new LoadOrder.Edge(target, targets.get(parent)));
          }
        }
      }
      creationOrder.addAll(LoadOrder.of(missing, parents).tables());
    }

    /**
     * Which restored table references which: the target's keys, and the snapshot's for new tables.
     */
    private List<LoadOrder.Edge> references(List<TableId> missing) {
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

    /**
     * Refuses a plan that would set an existing sequence the user may not update: {@code setval}
     * cannot be rolled back, so failing on the second sequence would leave the first one set.
     */
    private void checkSequencePrivileges(List<SequenceReset> resets) throws SQLException {
      List<TableId> existing =
          resets.stream()
              .filter(r -> r.sequence() != null && !r.create())
              .map(SequenceReset::sequence)
              .toList();
      List<TableId> denied = existing.isEmpty() ? List.of() : reader.withoutUpdate(existing);
      if (!denied.isEmpty()) {
        throw new PgsnapException(
            ErrorCode.PERMISSION,
            "permission denied: the restore would set sequences it may not change: "
                + displayAll(denied)
                + ". Setting a sequence needs UPDATE on it, and cannot be rolled back, so nothing"
                + " was changed: grant UPDATE on them, or leave the sequences as they are with"
                + " --no-sequences");
      }
    }

    private List<SequenceReset> sequenceResets(
        List<Sequence> owned, List<Sequence> standalone, List<String> notes) throws SQLException {
      List<SequenceReset> resets = new ArrayList<>();
      Map<TableId, TableId> targets = new LinkedHashMap<>();
      chosen.forEach(c -> targets.put(c.table().id(), c.target()));
      for (Sequence s : owned) {
        TableId table = targets.get(s.ownedBy().table());
        String column = s.ownedBy().column();
        if (state.tables().containsKey(table)) {
          TableId sequence = reader.sequenceOf(table, column);
          if (sequence == null) {
            notes.add(
                "column "
                    + Identifiers.display(column)
                    + " of "
                    + table.display()
                    + " has no sequence in the target, so "
                    + s.id().display()
                    + " is not set");
          } else {
            resets.add(
                new SequenceReset(sequence, table, column, s.lastValue(), s.called(), false));
          }
        } else if (!table.equals(s.ownedBy().table())) {
          resets.add(new SequenceReset(null, table, column, s.lastValue(), s.called(), true));
        } else {
          resets.add(
              new SequenceReset(
                  s.id(),
                  table,
                  column,
                  s.lastValue(),
                  s.called(),
                  !state.existingSequences().contains(s.id())));
        }
      }
      for (Sequence s : standalone) {
        boolean exists = state.existingSequences().contains(s.id());
        if (exists || options.create()) {
          resets.add(new SequenceReset(s.id(), null, null, s.lastValue(), s.called(), !exists));
        } else {
          notes.add(
              "sequence "
                  + s.id().display()
                  + " is missing in the target, so it is not set (--create creates it)");
        }
      }
      resets.sort(Comparator.comparing(SequenceReset::describe));
      return resets;
    }

    long execute() throws SQLException, IOException {
      try (Statement s = connection.createStatement()) {
        createTables(s);
        for (TargetForeignKey k : deferred) {
          working(
              "dropping foreign key " + k.name() + " of " + k.constrained().display(),
              cycleNeeds(k));
          s.execute(
              "ALTER TABLE "
                  + k.constrained().sql()
                  + " DROP CONSTRAINT "
                  + Identifiers.quote(k.name()));
        }
        for (TargetState.NotValid k : notValid) {
          working(
              "dropping NOT VALID constraint " + k.name() + " of " + k.table().display(),
              ownerNeeds(k.table()));
          s.execute(
              "ALTER TABLE ONLY "
                  + k.table().sql()
                  + " DROP CONSTRAINT "
                  + Identifiers.quote(k.name()));
        }
        List<Trigger> disabled = new ArrayList<>();
        for (TargetTable t : state.tables().values()) {
          disabled.addAll(disableTriggers(s, t));
        }
        truncate(s);
        announce();
        TableLoader loader = new TableLoader(progress);
        long rows = 0;
        for (Step step : plan.steps()) {
          rows += load(connection, loader, step);
        }
        currentFile = null;
        for (TableId target : creationOrder) {
          addConstraintsAndIndexes(s, target);
        }
        addForeignKeys(s);
        for (TargetForeignKey k : deferred) {
          working(
              "adding foreign key "
                  + k.name()
                  + " of "
                  + k.constrained().display()
                  + " again (which checks it)",
              cycleNeeds(k));
          s.execute(
              "ALTER TABLE "
                  + k.constrained().sql()
                  + " ADD CONSTRAINT "
                  + Identifiers.quote(k.name())
                  + " "
                  + k.definition());
        }
        for (TargetState.NotValid k : notValid) {
          working(
              "adding NOT VALID constraint " + k.name() + " of " + k.table().display() + " back",
              ownerNeeds(k.table()));
          s.execute(
              "ALTER TABLE ONLY "
                  + k.table().sql()
                  + " ADD CONSTRAINT "
                  + Identifiers.quote(k.name())
                  + " "
                  + k.definition());
        }
        enableTriggers(s, disabled);
        finish(s);
        return rows;
      }
    }

    /** Creates the schemas, sequences, tables and partitions the plan creates. */
    void createTables(Statement s) throws SQLException {
      for (String schema : schemasToCreate) {
        working(
            "creating schema " + Identifiers.display(schema),
            "Creating a schema needs CREATE on the database: grant it, or create schema "
                + Identifiers.display(schema)
                + " first");
        s.execute("CREATE SCHEMA " + Identifiers.quote(schema));
      }
      for (Sequence seq : sequencesToCreate) {
        working("creating sequence " + seq.id().display(), createNeeds(seq.id().schema()));
        s.execute(seq.createSql());
      }
      for (TableId target : creationOrder) {
        working("creating " + target.display(), createNeeds(target.schema()));
        CreateScript script = scripts.get(target);
        for (String sql : script.sequences()) {
          s.execute(sql);
        }
        s.execute(script.createTable());
        for (String sql : script.partitions()) {
          s.execute(sql);
        }
      }
    }

    List<Trigger> disableTriggers(Statement s, TargetTable t) throws SQLException {
      List<Trigger> disabled = new ArrayList<>();
      for (Trigger tr : firing(t)) {
        working(
            "disabling trigger " + tr.name() + " of " + tr.relation().display(), triggerNeeds(tr));
        s.execute(
            "ALTER TABLE "
                + tr.relation().sql()
                + " DISABLE TRIGGER "
                + Identifiers.quote(tr.name()));
        disabled.add(tr);
      }
      return disabled;
    }

    void enableTriggers(Statement s, List<Trigger> disabled) throws SQLException {
      for (Trigger tr : disabled) {
        working(
            "enabling trigger " + tr.name() + " of " + tr.relation().display(), triggerNeeds(tr));
        s.execute(
            "ALTER TABLE "
                + tr.relation().sql()
                + (tr.enabled() == 'A' ? " ENABLE ALWAYS TRIGGER " : " ENABLE TRIGGER ")
                + Identifiers.quote(tr.name()));
      }
    }

    void announce() {
      progress.planned(
          plan.steps().size(), plan.rows(), plan.steps().stream().mapToLong(Step::rawBytes).sum());
    }

    /** Loads one table over {@code c} and checks its row count; returns the rows. */
    long load(Connection c, TableLoader loader, Step step) throws SQLException, IOException {
      Chosen chosen = byTarget.get(step.target());
      working(
          "loading " + step.target().display() + " from " + chosen.table().file(),
          "Loading needs INSERT on "
              + step.target().display()
              + ": grant it, or run the restore as the table's owner");
      currentFile = snapshot.resolve(chosen.table().file());
      long loaded = loader.load(c, chosen.table(), step.target(), currentFile);
      if (loaded != chosen.table().rows()) {
        throw new PgsnapException(
            ErrorCode.INTEGRITY,
            chosen.table().file()
                + " held "
                + loaded
                + " rows but the manifest says "
                + chosen.table().rows()
                + ": the snapshot is damaged (the manifest or the file was altered), so "
                + RestoreErrors.NOTHING_CHANGED
                + verifyAdvice());
      }
      return loaded;
    }

    void addConstraintsAndIndexes(Statement s, TableId target) throws SQLException {
      CreateScript script = scripts.get(target);
      if (script == null) {
        return;
      }
      working("adding constraints and indexes to " + target.display(), null);
      for (String sql : script.constraints()) {
        s.execute(sql);
      }
      for (String sql : script.indexes()) {
        s.execute(sql);
      }
    }

    void addForeignKeys(Statement s) throws SQLException {
      for (TableId target : creationOrder) {
        working(
            "adding the foreign keys of " + target.display(),
            "Adding a foreign key needs REFERENCES on the table it references: grant it, or run"
                + " the restore as that table's owner");
        for (String sql : scripts.get(target).foreignKeys()) {
          s.execute(sql);
        }
      }
    }

    /** Ties sequences to their columns, checks deferred constraints, and sets the sequences. */
    void finish(Statement s) throws SQLException {
      for (TableId target : creationOrder) {
        working("tying sequences to " + target.display(), null);
        for (String sql : scripts.get(target).ownedBy()) {
          s.execute(sql);
        }
      }
      // Deferred constraints would be checked at commit, after setval: check them now.
      working("checking the target's deferred constraints", null);
      s.execute("SET CONSTRAINTS ALL IMMEDIATE");
      // setval is not undone by a rollback, so it comes last, once everything else held.
      for (SequenceReset r : plan.sequences()) {
        TableId sequence =
            r.sequence() != null ? r.sequence() : reader.sequenceOf(r.table(), r.column());
        String name = sequence == null ? r.describe() : sequence.display();
        working(
            "setting sequence " + name,
            "Setting sequence "
                + name
                + " needs UPDATE on it: grant it, or leave the sequences as they are with"
                + " --no-sequences");
        if (sequence == null) {
          continue;
        }
        s.execute(
            "SELECT pg_catalog.setval("
                + Identifiers.literal(sequence.sql())
                + ", "
                + r.lastValue()
                + ", "
                + r.called()
                + ")");
      }
    }

    private void truncate(Statement s) throws SQLException {
      List<Step> truncated =
          plan.steps().stream().filter(t -> t.action() == Action.TRUNCATE).toList();
      if (truncated.isEmpty()) {
        return;
      }
      working(
          "truncating " + displayAll(truncated.stream().map(Step::target).toList()),
          "--mode truncate needs TRUNCATE on the tables it empties"
              + (plan.cascaded().isEmpty() ? "" : ", and on those --cascade empties")
              + ": grant it, or run the restore as their owner");
      // ONLY keeps inheritance children that are not restored; a partitioned table takes none.
      String names =
          truncated.stream()
              .map(
                  t ->
                      (state.tables().get(t.target()).partitioned() ? "" : "ONLY ")
                          + t.target().sql())
              .collect(Collectors.joining(", "));
      s.execute("TRUNCATE " + names + (plan.cascaded().isEmpty() ? "" : " CASCADE"));
    }

    private static String createNeeds(String schema) {
      return "Creating tables (--create) needs CREATE on schema "
          + Identifiers.display(schema)
          + ": grant it, or create the tables first (e.g. by running your migrations)";
    }

    private static String ownerNeeds(TableId table) {
      return "Dropping and adding back a NOT VALID constraint needs ownership of "
          + table.display()
          + ": run the restore as its owner";
    }

    private static String cycleNeeds(TargetForeignKey k) {
      return "Dropping and adding again the foreign keys of a cycle needs ownership of "
          + k.constrained().display()
          + ": run the restore as its owner";
    }

    private static String triggerNeeds(Trigger tr) {
      return "Switching off user triggers, so that they do not fire on restored rows, needs"
          + " ownership of "
          + tr.relation().display()
          + " (ALTER TABLE ... DISABLE TRIGGER): run the restore as its owner";
    }

    private List<Trigger> firing(TargetTable t) {
      return t.triggers().stream().filter(Trigger::fires).toList();
    }

    private String describe(TargetTable t, Trigger tr) {
      return tr.relation().equals(t.id()) ? tr.name() : tr.relation().display() + ": " + tr.name();
    }
  }

  /**
   * {@code --jobs N}: the created tables are committed first, then up to N workers load one table
   * each, each in its own transaction (a table waits for the tables it references), then foreign
   * keys and sequences are added in a last transaction. A failure is undone by hand: the tables
   * loaded are emptied again (they were empty: only {@code --mode empty} runs in parallel) and the
   * tables, sequences and schemas created are dropped.
   */
  private final class ParallelLoad {
    private final Run run;
    private final Connection coordinator;
    private final List<Step> pending = new ArrayList<>();
    private final Set<TableId> done = new HashSet<>();
    private final List<TableId> loadedExisting = new ArrayList<>();
    private int running;
    private boolean failed;

    ParallelLoad(Run run, Connection coordinator) {
      this.run = run;
      this.coordinator = coordinator;
      pending.addAll(run.plan.steps());
      // Among the tables ready to load, the largest go first, so the workers end together.
      pending.sort(Comparator.comparingLong(Step::rawBytes).reversed());
    }

    long run() throws SQLException {
      try (Statement s = coordinator.createStatement()) {
        run.createTables(s);
      }
      run.working("committing the created tables", null);
      coordinator.commit();
      try {
        long rows = loadInParallel();
        io.pgsnap.db.SessionSettings.applyLocally(
            coordinator, RestoreSession.settings(run.manifest));
        try (Statement s = coordinator.createStatement()) {
          run.addForeignKeys(s);
          run.finish(s);
        }
        run.working("committing", null);
        coordinator.commit();
        return rows;
      } catch (SQLException | RuntimeException e) {
        rollbackQuietly(coordinator);
        PgsnapException failure =
            e instanceof PgsnapException pe
                ? pe
                : e instanceof SQLException se
                    ? RestoreErrors.translate(se, run.doing, run.needs)
                    : wrap(e);
        throw new PgsnapException(failure.code(), failure.getMessage() + "; " + undo(), e);
      }
    }

    private PgsnapException wrap(Exception e) {
      return new PgsnapException(ErrorCode.FAILURE, "the restore failed: " + e, e);
    }

    private long loadInParallel() {
      run.announce();
      int workers = Math.min(options.jobs(), pending.size());
      java.util.concurrent.atomic.AtomicInteger number =
          new java.util.concurrent.atomic.AtomicInteger();
      java.util.concurrent.ExecutorService executor =
          java.util.concurrent.Executors.newFixedThreadPool(
              Math.max(1, workers),
              r -> {
                Thread t = new Thread(r, "pgsnap-restore-" + number.incrementAndGet());
                t.setDaemon(true);
                return t;
              });
      try {
        List<java.util.concurrent.Future<Long>> futures = new ArrayList<>();
        for (int i = 0; i < workers; i++) {
          futures.add(executor.submit(this::work));
        }
        long rows = 0;
        PgsnapException first = null;
        for (java.util.concurrent.Future<Long> f : futures) {
          try {
            rows += f.get();
          } catch (java.util.concurrent.ExecutionException e) {
            PgsnapException cause =
                e.getCause() instanceof PgsnapException pe ? pe : wrap((Exception) e.getCause());
            if (first == null) {
              first = cause;
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail();
            throw new PgsnapException(ErrorCode.FAILURE, "the restore was interrupted", e);
          }
        }
        if (first != null) {
          throw first;
        }
        return rows;
      } finally {
        executor.shutdownNow();
      }
    }

    /** One worker: takes ready tables until none are left or another worker failed. */
    private long work() {
      long rows = 0;
      try (Connection c = RestoreErrors.connect(dataSource)) {
        c.setAutoCommit(false);
        TableLoader loader = new TableLoader(progress);
        Step step;
        while ((step = next()) != null) {
          try {
            rows += loadOne(c, loader, step);
            finished(step);
          } catch (SQLException e) {
            rollbackQuietly(c);
            throw RestoreErrors.translate(e, "loading " + step.target().display(), null);
          } catch (IOException e) {
            rollbackQuietly(c);
            throw readFailure(run, e);
          }
        }
        return rows;
      } catch (SQLException e) {
        throw RestoreErrors.translate(e, null);
      } catch (RuntimeException e) {
        fail();
        throw e;
      }
    }

    private long loadOne(Connection c, TableLoader loader, Step step)
        throws SQLException, IOException {
      io.pgsnap.db.SessionSettings.applyLocally(c, RestoreSession.settings(run.manifest));
      if (options.lockWaitTimeout() != null) {
        io.pgsnap.db.SessionSettings.applyLocally(
            c, Map.of("lock_timeout", options.lockWaitTimeout().toMillis() + "ms"));
      }
      TargetTable existing = run.state.tables().get(step.target());
      try (Statement s = c.createStatement()) {
        s.execute("LOCK TABLE " + step.target().sql() + " IN SHARE ROW EXCLUSIVE MODE");
        if (existing != null && new TargetReader(c).hasRows(existing)) {
          throw new PgsnapException(
              ErrorCode.USAGE,
              step.target().display()
                  + " received rows from another session while the restore ran; --mode empty"
                  + " loads only into empty tables");
        }
        List<Trigger> disabled = existing == null ? List.of() : run.disableTriggers(s, existing);
        long rows = run.load(c, loader, step);
        run.addConstraintsAndIndexes(s, step.target());
        run.enableTriggers(s, disabled);
        c.commit();
        return rows;
      }
    }

    private synchronized Step next() {
      while (!failed && !pending.isEmpty()) {
        for (java.util.Iterator<Step> it = pending.iterator(); it.hasNext(); ) {
          Step step = it.next();
          if (done.containsAll(referencedBy(step))) {
            it.remove();
            running++;
            return step;
          }
        }
        if (running == 0) {
          throw new IllegalStateException("no table can load: " + pending);
        }
        try {
          wait();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          failed = true;
        }
      }
      return null;
    }

    /** The restored tables {@code step}'s existing foreign keys reference, which load first. */
    private Set<TableId> referencedBy(Step step) {
      Set<TableId> refs = new HashSet<>();
      for (TargetForeignKey k : run.state.foreignKeys()) {
        if (k.table().equals(step.target())
            && !k.references().equals(step.target())
            && run.byTarget.containsKey(k.references())) {
          refs.add(k.references());
        }
      }
      return refs;
    }

    private synchronized void finished(Step step) {
      running--;
      done.add(step.target());
      if (step.action() == Action.LOAD) {
        loadedExisting.add(step.target());
      }
      notifyAll();
    }

    private synchronized void fail() {
      failed = true;
      notifyAll();
    }

    /** Empties the loaded tables and drops what was created; says what it did. */
    private String undo() {
      List<TableId> emptied;
      synchronized (this) {
        emptied = List.copyOf(loadedExisting);
      }
      try (Connection c = RestoreErrors.connect(dataSource);
          Statement s = c.createStatement()) {
        c.setAutoCommit(false);
        if (!emptied.isEmpty()) {
          s.execute(
              "TRUNCATE "
                  + emptied.stream()
                      .map(t -> (run.state.tables().get(t).partitioned() ? "" : "ONLY ") + t.sql())
                      .collect(Collectors.joining(", ")));
        }
        List<TableId> created = new ArrayList<>(run.creationOrder);
        java.util.Collections.reverse(created);
        for (TableId t : created) {
          s.execute("DROP TABLE IF EXISTS " + t.sql() + " CASCADE");
        }
        for (Sequence seq : run.sequencesToCreate) {
          s.execute("DROP SEQUENCE IF EXISTS " + seq.id().sql());
        }
        for (String schema : run.schemasToCreate) {
          s.execute("DROP SCHEMA IF EXISTS " + Identifiers.quote(schema));
        }
        c.commit();
        return "with --jobs the tables were loaded in separate transactions; pgsnap emptied again"
            + " the "
            + emptied.size()
            + " it had loaded and dropped the "
            + run.creationOrder.size()
            + " it had created, so the target is as it was";
      } catch (SQLException | RuntimeException e) {
        return "with --jobs the tables were loaded in separate transactions, and undoing them"
            + " failed ("
            + e.getMessage()
            + "): empty these tables by hand: "
            + displayAll(emptied)
            + (run.creationOrder.isEmpty()
                ? ""
                : "; and drop these: " + displayAll(run.creationOrder));
      }
    }
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

  private static String displayAll(List<TableId> tables) {
    return tables.stream().map(TableId::display).collect(Collectors.joining(", "));
  }
}
