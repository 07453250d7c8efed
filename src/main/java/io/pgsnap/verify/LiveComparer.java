package io.pgsnap.verify;

import io.pgsnap.CompareOptions;
import io.pgsnap.ErrorCode;
import io.pgsnap.PgsnapException;
import io.pgsnap.ProgressListener;
import io.pgsnap.catalog.Catalog;
import io.pgsnap.catalog.CatalogDrift;
import io.pgsnap.catalog.CatalogReader;
import io.pgsnap.catalog.Identifiers;
import io.pgsnap.catalog.Table;
import io.pgsnap.catalog.TableId;
import io.pgsnap.db.Connections;
import io.pgsnap.db.SessionSettings;
import io.pgsnap.db.SqlStates;
import io.pgsnap.db.TableLocks;
import io.pgsnap.snapshot.LoggedOperation;
import io.pgsnap.snapshot.Manifest;
import io.pgsnap.snapshot.ManifestTable;
import io.pgsnap.snapshot.OpenSnapshot;
import io.pgsnap.snapshot.SnapshotReader;
import io.pgsnap.verify.Comparison.Counting;
import io.pgsnap.verify.Comparison.Difference;
import io.pgsnap.verify.Comparison.Side;
import io.pgsnap.verify.Comparison.TableComparison;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.postgresql.core.BaseConnection;
import org.postgresql.util.HostSpec;

/**
 * Compares a snapshot with the live database, table by table: row counts, tables on one side only,
 * and tables whose copied columns changed.
 *
 * <p>Exact counts come from one {@code REPEATABLE READ} read-only transaction with export's session
 * settings, so every count comes from the same moment. Which live tables count is decided by
 * re-applying the snapshot's own table selection (recorded in its manifest), so that a table
 * created since shows as "only in database" and one dropped since as "only in snapshot". Exact
 * counts take {@code ACCESS SHARE} locks before that transaction's snapshot, as export does: {@code
 * TRUNCATE} is not MVCC-safe and would otherwise make a table look empty to it.
 */
public final class LiveComparer {
  private final DataSource dataSource;
  private final Path snapshot;
  private final CompareOptions options;
  private final ProgressListener progress;
  private final Clock clock;

  /**
   * A comparison of {@code snapshot} with the database {@code dataSource} connects to.
   *
   * @param dataSource the live database; one connection is used
   * @param snapshot a complete snapshot folder
   * @param options exact or estimated counts
   * @param progress hears each table counted
   * @param clock where the time of the log line comes from
   */
  public LiveComparer(
      DataSource dataSource,
      Path snapshot,
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
   *     the checks of {@link SnapshotReader#open(Path)}; {@link ErrorCode#CONNECTION} when the
   *     database cannot be reached; {@link ErrorCode#PERMISSION} when a table cannot be counted
   *     exactly
   */
  public Comparison compare() {
    return LoggedOperation.run(
        snapshot, "compare", clock, this::compareInTransaction, SnapshotComparer::outcome);
  }

  private Comparison compareInTransaction() {
    // The snapshot is checked before any connection is made.
    OpenSnapshot snap = SnapshotReader.open(snapshot).checkAllFiles();
    Manifest manifest = snap.manifest();
    try (Connection c =
        Connections.connect(
            dataSource, "check that the server is up and the connection settings")) {
      try {
        c.setAutoCommit(false);
        SessionSettings.applyLocally(c, SessionSettings.EXPORT);
        Live live = readLive(c);
        Catalog catalog = new CatalogReader(c).readTables(manifest.options().selection());
        Map<TableId, Long> rows;
        if (options.estimate()) {
          rows = estimates(c, catalog.tables());
        } else {
          preflight(catalog.tables(), live.user());
          catalog = lockThenSnapshot(c, catalog, manifest);
          rows = counts(c, catalog.tables());
        }
        return compare(
            SnapshotComparer.side("snapshot", snap),
            new Side("database", live.description()),
            options.estimate() ? Counting.ESTIMATED : Counting.EXACT,
            options.tolerance(),
            manifest,
            catalog,
            rows);
      } finally {
        Connections.rollbackQuietly(c);
      }
    } catch (SQLException e) {
      throw translate(e, null);
    }
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
    Map<TableId, ManifestTable> before = new HashMap<>();
    manifest.tables().forEach(t -> before.put(t.id(), t));
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

  static String percent(double fraction) {
    double p = Math.round(fraction * 10_000) / 100.0;
    return (p == Math.rint(p) ? String.valueOf((long) p) : String.valueOf(p)) + "%";
  }

  // ---------------------------------------------------------------------------------------------
  // The live side

  private record Live(String description, String user) {}

  /**
   * Locks the tables with the first statements of the counting transaction, before its snapshot, as
   * export does: a {@code TRUNCATE} in progress is then waited for rather than counted as an empty
   * table. The tables are read again in the snapshot; a change since the first read fails the
   * comparison, naming the tables.
   */
  private Catalog lockThenSnapshot(Connection c, Catalog found, Manifest manifest)
      throws SQLException {
    c.commit();
    c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
    c.setReadOnly(true);
    TableLocks.lock(
        c, found.tables().stream().map(t -> t.id().sql()).toList(), TableLocks.Mode.ACCESS_SHARE);
    SessionSettings.applyLocally(c, SessionSettings.EXPORT);
    Catalog seen = new CatalogReader(c).readTables(manifest.options().selection());
    List<String> changed = CatalogDrift.changed(found, seen);
    if (!changed.isEmpty()) {
      throw new PgsnapException(
          ErrorCode.FAILURE,
          "the tables changed while the comparison started: "
              + String.join(", ", changed)
              + " (a schema change ran at the same time); run the comparison again once it is"
              + " done");
    }
    return seen;
  }

  private static Live readLive(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT pg_catalog.current_database(), CURRENT_USER::pg_catalog.text,"
                    + " pg_catalog.current_setting('server_version')")) {
      rs.next();
      HostSpec host = c.unwrap(BaseConnection.class).getQueryExecutor().getHostSpec();
      return new Live(
          rs.getString(1)
              + " on "
              + host.getHost()
              + ":"
              + host.getPort()
              + " as "
              + rs.getString(2)
              + " (PostgreSQL "
              + rs.getString(3)
              + ")",
          rs.getString(2));
    }
  }

  /** Counting fails on a table the user cannot read in full; name them all before starting. */
  private static void preflight(List<Table> tables, String user) {
    List<TableId> unreadable = tables.stream().filter(t -> !t.readable()).map(Table::id).toList();
    if (!unreadable.isEmpty()) {
      throw new PgsnapException(
          ErrorCode.PERMISSION,
          "permission denied: user \""
              + user
              + "\" cannot SELECT from "
              + names(unreadable)
              + " to count its rows; grant it (GRANT SELECT ON "
              + unreadable.get(0).sql()
              + " TO "
              + Identifiers.quote(user)
              + "), or compare with --estimate, which reads only statistics");
    }
    List<TableId> filtered =
        tables.stream().filter(Table::rowSecurityApplies).map(Table::id).toList();
    if (!filtered.isEmpty()) {
      throw new PgsnapException(
          ErrorCode.PERMISSION,
          "row-level security would hide rows of "
              + names(filtered)
              + " from user \""
              + user
              + "\", so their rows cannot be counted exactly; compare as the table owner, a"
              + " superuser or a role with BYPASSRLS, or with --estimate");
    }
  }

  /**
   * {@code count(*)} of every table. An ordinary table is counted {@code FROM ONLY}: an inheritance
   * parent's file holds only its own rows. A partitioned table is counted with its partitions,
   * whose rows its file holds.
   */
  private Map<TableId, Long> counts(Connection c, List<Table> tables) throws SQLException {
    progress.planned(
        tables.size(),
        tables.stream().mapToLong(Table::estimatedRows).sum(),
        tables.stream().mapToLong(Table::estimatedBytes).sum());
    Map<TableId, Long> rows = new TreeMap<>();
    try (Statement s = c.createStatement()) {
      for (Table t : tables) {
        progress.tableStarted(t.id());
        String from = (t.kind() == Table.Kind.PARTITIONED ? "" : "ONLY ") + t.id().sql();
        try (ResultSet rs = s.executeQuery("SELECT pg_catalog.count(*) FROM " + from)) {
          rs.next();
          rows.put(t.id(), rs.getLong(1));
        } catch (SQLException e) {
          throw translate(e, t.id());
        }
        progress.advanced(t.id(), rows.get(t.id()), 0);
        progress.tableFinished(t.id(), rows.get(t.id()), 0);
      }
    }
    return rows;
  }

  /**
   * The planner's row estimates: {@code reltuples} for an ordinary table, the sum over the leaf
   * partitions for a partitioned one. A table that was never analyzed ({@code reltuples = -1}, or a
   * leaf partition that was not) has no estimate and is left out of the result.
   */
  private static Map<TableId, Long> estimates(Connection c, List<Table> tables)
      throws SQLException {
    String sql =
        """
        SELECT t.ord,
               CASE WHEN c.relkind = 'p' THEN
                 COALESCE((SELECT pg_catalog.sum(GREATEST(l.reltuples, 0))::pg_catalog.int8
                           FROM pg_catalog.pg_partition_tree(c.oid) pt
                           JOIN pg_catalog.pg_class l ON l.oid = pt.relid
                           WHERE pt.isleaf), 0)
               ELSE GREATEST(c.reltuples, 0)::pg_catalog.int8 END,
               CASE WHEN c.relkind = 'p' THEN
                 EXISTS (SELECT FROM pg_catalog.pg_partition_tree(c.oid) pt
                         JOIN pg_catalog.pg_class l ON l.oid = pt.relid
                         WHERE pt.isleaf AND l.reltuples < 0)
               ELSE c.reltuples < 0 END
        FROM ROWS FROM (pg_catalog.unnest(?::pg_catalog.text[]),
                        pg_catalog.unnest(?::pg_catalog.text[]))
             WITH ORDINALITY AS t(nspname, relname, ord)
        JOIN pg_catalog.pg_namespace n ON n.nspname = t.nspname
        JOIN pg_catalog.pg_class c ON c.relnamespace = n.oid AND c.relname = t.relname
        """;
    Map<TableId, Long> rows = new TreeMap<>();
    if (tables.isEmpty()) {
      return rows;
    }
    Array schemas = c.createArrayOf("text", tables.stream().map(t -> t.id().schema()).toArray());
    Array names = c.createArrayOf("text", tables.stream().map(t -> t.id().name()).toArray());
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setArray(1, schemas);
      ps.setArray(2, names);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          if (!rs.getBoolean(3)) {
            rows.put(tables.get(rs.getInt(1) - 1).id(), rs.getLong(2));
          }
        }
      }
    }
    return rows;
  }

  // ---------------------------------------------------------------------------------------------
  // JDBC plumbing

  private static PgsnapException translate(SQLException e, TableId table) {
    String where = table == null ? "" : " while counting the rows of " + table;
    if (SqlStates.isConnectionLost(e)) {
      return Connections.closedByServer(
          e, where, "check that the server is up and run compare again");
    }
    if ("42501".equals(e.getSQLState())) {
      return new PgsnapException(
          ErrorCode.PERMISSION,
          "permission denied"
              + where
              + ": "
              + SqlStates.firstLine(e)
              + "; grant the privilege, or compare with --estimate",
          e);
    }
    String failed =
        table == null ? "the comparison failed: " : "counting the rows of " + table + " failed: ";
    return new PgsnapException(
        ErrorCode.FAILURE,
        failed + SqlStates.firstLine(e),
        failed + SqlStates.firstLineForLog(e),
        e);
  }

  private static String names(List<TableId> tables) {
    return tables.stream().map(TableId::toString).collect(Collectors.joining(", "));
  }
}
