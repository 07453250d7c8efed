package io.pgsnap.verify;

import io.pgsnap.ProgressListener;
import io.pgsnap.catalog.Table;
import io.pgsnap.catalog.TableId;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The live tables' row counts: exact, one table after another, or the planner's estimates. */
final class LiveCounts {
  private LiveCounts() {}

  /** Reads one table's rows in some way, and says how many there are. */
  @FunctionalInterface
  interface TableRead {
    long rows(Table table) throws SQLException;
  }

  /**
   * Reads every table with {@code read}, reporting progress.
   *
   * @param doing what reading a table is called in a failure's message, e.g. {@code "counting the
   *     rows of "}, followed by the table's name
   * @return the tables' rows
   */
  static Map<TableId, Long> each(
      List<Table> tables, ProgressListener progress, String doing, TableRead read) {
    progress.planned(
        tables.size(),
        tables.stream().mapToLong(Table::estimatedRows).sum(),
        tables.stream().mapToLong(Table::estimatedBytes).sum());
    Map<TableId, Long> rows = new TreeMap<>();
    for (Table t : tables) {
      progress.tableStarted(t.id());
      long n;
      try {
        n = read.rows(t);
      } catch (SQLException e) {
        throw LiveDatabase.translate(e, doing + t.id());
      }
      rows.put(t.id(), n);
      progress.advanced(t.id(), n, 0);
      progress.tableFinished(t.id(), n, 0);
    }
    return rows;
  }

  /**
   * {@code count(*)} of a table. An ordinary table is counted {@code FROM ONLY}: an inheritance
   * parent's file holds only its own rows. A partitioned table is counted with its partitions,
   * whose rows its file holds.
   */
  static long count(Connection c, Table t) throws SQLException {
    String from = (t.kind() == Table.Kind.PARTITIONED ? "" : "ONLY ") + t.id().sql();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT pg_catalog.count(*) FROM " + from)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /**
   * The planner's row estimates: {@code reltuples} for an ordinary table, the sum over the leaf
   * partitions for a partitioned one. A table that was never analyzed ({@code reltuples = -1}, or a
   * leaf partition that was not) has no estimate and is left out of the result.
   */
  static Map<TableId, Long> estimates(Connection c, List<Table> tables) throws SQLException {
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
}
