package io.pgsnap.verify;

import io.pgsnap.CompareOptions;
import io.pgsnap.ErrorCode;
import io.pgsnap.PgsnapException;
import io.pgsnap.ProgressListener;
import io.pgsnap.catalog.Catalog;
import io.pgsnap.catalog.CatalogReader;
import io.pgsnap.catalog.Table;
import io.pgsnap.catalog.TableId;
import io.pgsnap.db.Connections;
import io.pgsnap.db.SessionSettings;
import io.pgsnap.snapshot.Manifest;
import io.pgsnap.snapshot.ManifestTable;
import io.pgsnap.snapshot.OpenSnapshot;
import io.pgsnap.snapshot.SnapshotSource;
import io.pgsnap.verify.Comparison.Counting;
import io.pgsnap.verify.Comparison.Difference;
import io.pgsnap.verify.Comparison.Side;
import io.pgsnap.verify.Comparison.TableComparison;
import io.pgsnap.verify.ContentComparison.TableContent;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.sql.DataSource;

/**
 * Compares a snapshot with the live database, table by table: row counts, tables on one side only,
 * tables whose copied columns changed, and with {@link CompareOptions#content()} each table's
 * content fingerprint ({@link LiveContent}).
 *
 * <p>Exact counts come from one {@code REPEATABLE READ} read-only transaction with export's session
 * settings, so every count comes from the same moment. Which live tables count is decided by
 * re-applying the snapshot's own table selection (recorded in its manifest), so that a table
 * created since shows as "only in database" and one dropped since as "only in snapshot". Exact
 * counts take {@code ACCESS SHARE} locks before that transaction's snapshot, as export does: {@code
 * TRUNCATE} is not MVCC-safe and would otherwise make a table look empty to it. Content is read in
 * the same transaction, so counts and fingerprints come from the same moment too.
 */
public final class LiveComparer {
  private final DataSource dataSource;
  private final SnapshotSource snapshot;
  private final CompareOptions options;
  private final ProgressListener progress;
  private final Clock clock;

  /**
   * A comparison of {@code snapshot} with the database {@code dataSource} connects to.
   *
   * @param dataSource the live database; one connection is used
   * @param snapshot a complete snapshot, in a folder or a store such as a bucket
   * @param options exact or estimated counts, content, keys
   * @param progress hears each table counted or read
   * @param clock where the time of the log line comes from
   */
  public LiveComparer(
      DataSource dataSource,
      SnapshotSource snapshot,
      CompareOptions options,
      ProgressListener progress,
      Clock clock) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.snapshot = Objects.requireNonNull(snapshot, "snapshot");
    this.options = Objects.requireNonNull(options, "options");
    this.progress = Objects.requireNonNull(progress, "progress");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Runs the comparison and logs it as one {@code compare} line in the snapshot folder's parent.
   *
   * @return what differs, table by table; a difference is a result, not an exception
   * @throws PgsnapException {@link ErrorCode#INTEGRITY} when the snapshot is incomplete or fails
   *     the checks of {@link SnapshotSource#open()}; {@link ErrorCode#CONNECTION} when the database
   *     cannot be reached; {@link ErrorCode#PERMISSION} when a table cannot be counted exactly;
   *     {@link ErrorCode#INTEGRITY} also when {@code --keys} finds a snapshot file that does not
   *     decompress, is malformed or is not the file the manifest records
   */
  public Comparison compare() {
    return snapshot
        .logged("compare", clock)
        .run(this::compareInTransaction, SnapshotComparer::outcome);
  }

  private Comparison compareInTransaction() {
    // The snapshot is checked before any connection is made.
    OpenSnapshot snap = snapshot.open().checkAllFiles();
    Manifest manifest = snap.manifest();
    try (Connection c =
        Connections.connect(
            dataSource, "check that the server is up and the connection settings")) {
      try {
        c.setAutoCommit(false);
        SessionSettings.applyLocally(c, SessionSettings.EXPORT);
        LiveDatabase live = LiveDatabase.of(c);
        Side first = SnapshotComparer.side("snapshot", snap);
        Side second = new Side("database", live.description());
        Catalog catalog = new CatalogReader(c).readTables(manifest.options().selection());
        if (options.estimate()) {
          Map<TableId, Long> rows = LiveCounts.estimates(c, catalog.tables());
          return compare(
              first, second, Counting.ESTIMATED, options.tolerance(), manifest, catalog, rows);
        }
        live.preflight(catalog.tables(), options.content());
        catalog = LiveDatabase.lockThenSnapshot(c, catalog, manifest.options().selection());
        if (!options.content()) {
          Map<TableId, Long> rows =
              LiveCounts.each(
                  catalog.tables(), progress, "counting the rows of ", t -> LiveCounts.count(c, t));
          return compare(first, second, Counting.EXACT, 0, manifest, catalog, rows);
        }
        LiveContent content = new LiveContent(c, snap, options.keys(), first, second);
        Map<TableId, ManifestTable> entries = byId(manifest);
        Map<TableId, Long> rows =
            LiveCounts.each(
                catalog.tables(),
                progress,
                "reading the content of ",
                t -> content.read(t, entries.get(t.id())));
        return withContent(
            compare(first, second, Counting.EXACT, 0, manifest, catalog, rows), content.contents());
      } finally {
        Connections.rollbackQuietly(c);
      }
    } catch (SQLException e) {
      throw LiveDatabase.translate(e, null);
    }
  }

  /**
   * Adds the content compared to a comparison: a table whose content differs differs. Pure, so that
   * unit tests can drive it.
   *
   * @param contents by table, every table on both sides whose content was read or found not
   *     comparable
   */
  static Comparison withContent(Comparison counted, Map<TableId, TableContent> contents) {
    List<TableComparison> tables = new ArrayList<>();
    for (TableComparison t : counted.tables()) {
      TableContent content = contents.get(t.table());
      if (content == null || content.status() != ContentComparison.Status.DIFFERS) {
        tables.add(t);
      } else {
        List<Difference> differences = new ArrayList<>(t.differences());
        differences.add(ContentDifferences.content());
        tables.add(new TableComparison(t.table(), t.firstRows(), t.secondRows(), differences));
      }
    }
    return new Comparison(
        counted.first(),
        counted.second(),
        counted.counting(),
        tables,
        counted.objects(),
        counted.notes(),
        new ContentComparison(true, new TreeMap<>(contents).values().stream().toList()));
  }

  /**
   * Compares the snapshot's tables with the live ones. Pure, so that unit tests can drive it.
   *
   * @param first the snapshot's side
   * @param second the database's side
   * @param counting exact or estimated live counts
   * @param tolerance with estimates, the fraction of the snapshot's rows an estimate may be off
   * @param manifest the snapshot's manifest
   * @param live the live tables the snapshot's selection selects now, and what they use
   * @param liveRows the live row counts by table; absent (or null) for a table without statistics
   * @return the comparison
   */
  static Comparison compare(
      Side first,
      Side second,
      Counting counting,
      double tolerance,
      Manifest manifest,
      Catalog live,
      Map<TableId, Long> liveRows) {
    Map<TableId, ManifestTable> before = byId(manifest);
    Map<TableId, Table> now = new HashMap<>();
    live.tables().forEach(t -> now.put(t.id(), t));
    TreeSet<TableId> all = new TreeSet<>(before.keySet());
    all.addAll(now.keySet());
    List<TableComparison> result = new ArrayList<>();
    boolean linesDiffer = false;
    for (TableId id : all) {
      ManifestTable s = before.get(id);
      Table t = now.get(id);
      Long rows = liveRows.get(id);
      if (t == null) {
        result.add(
            new TableComparison(id, s.rows(), null, List.of(Differences.onlyIn(first, true))));
        continue;
      }
      if (s == null) {
        result.add(new TableComparison(id, null, rows, List.of(Differences.onlyIn(second, false))));
        continue;
      }
      List<Difference> differences = new ArrayList<>();
      if (rows == null) {
        differences.add(
            new Difference(
                Difference.Kind.NO_STATISTICS,
                "no statistics",
                List.of(
                    "never analyzed: run ANALYZE "
                        + id.sql()
                        + ", or compare without --estimate")));
      } else if (Math.abs(rows - s.rows()) > allowed(counting, tolerance, s.rows())) {
        differences.add(Differences.rows());
      }
      Differences.kind(s.kind(), t.kind(), first, second).ifPresent(differences::add);
      Differences.columns(s.columns(), t.columns(), first, second).ifPresent(differences::add);
      Optional<Difference> ddl = Differences.ddl(s.ddl(), t.ddl(), false);
      Optional<Difference> attached = Differences.attached(s.attached(), t.attached());
      ddl.ifPresent(differences::add);
      attached.ifPresent(differences::add);
      linesDiffer |= ddl.isPresent() || attached.isPresent();
      result.add(new TableComparison(id, s.rows(), rows, differences));
    }
    List<String> notes = new ArrayList<>();
    if (counting == Counting.ESTIMATED) {
      notes.add(
          second.name()
              + " rows are the planner's estimates (pg_class.reltuples) as of the last"
              + " ANALYZE or VACUUM; within "
              + percent(tolerance)
              + " of the "
              + first.name()
              + "'s rows counts as equal");
    }
    List<String> objects =
        Differences.objects(manifest.objects(), live.objects(), manifest.formatVersion() >= 4);
    if (linesDiffer || !objects.isEmpty()) {
      notes.add(Differences.lineMarks(first, second));
    }
    return new Comparison(first, second, counting, result, objects, notes);
  }

  /** How far a count may be off and still count as equal: nothing, unless it is an estimate. */
  private static double allowed(Counting counting, double tolerance, long snapshotRows) {
    return counting == Counting.ESTIMATED ? tolerance * snapshotRows : 0;
  }

  private static Map<TableId, ManifestTable> byId(Manifest manifest) {
    Map<TableId, ManifestTable> byId = new HashMap<>();
    manifest.tables().forEach(t -> byId.put(t.id(), t));
    return byId;
  }

  static String percent(double fraction) {
    double p = Math.round(fraction * 10_000) / 100.0;
    return (p == Math.rint(p) ? String.valueOf((long) p) : String.valueOf(p)) + "%";
  }
}
