package io.pgsnap.export;

import io.pgsnap.catalog.Table;
import io.pgsnap.catalog.TableId;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which tables a parallel export splits into block ranges, and where. A table is split when it is
 * an ordinary heap table without inheritance children (so its own blocks hold exactly its rows) and
 * its main fork ({@code pg_relation_size}, without TOAST or indexes) is at least the threshold. It
 * gets {@code ceil(size / threshold)} parts, at least 2 and at most one per job: more parts than
 * workers would only add files.
 */
final class TableSplits {
  /** Part file names have three digits. */
  static final int MAX_PARTS = 999;

  private TableSplits() {}

  /**
   * The block ranges of each table to split, read on {@code connection} (the export's transaction).
   *
   * @param tables the exported tables
   * @param threshold the size in bytes from which a table is split
   * @param jobs the export's workers
   * @return the ranges, in block order, of the tables to split; the others are absent
   */
  static Map<TableId, List<BlockRange>> read(
      Connection connection, List<Table> tables, long threshold, int jobs) throws SQLException {
    List<Table> candidates =
        tables.stream()
            .filter(t -> t.kind() == Table.Kind.ORDINARY && t.estimatedBytes() >= threshold)
            .toList();
    Map<TableId, List<BlockRange>> splits = new LinkedHashMap<>();
    if (jobs < 2 || candidates.isEmpty()) {
      return splits;
    }
    String sql =
        """
        SELECT n.ord, pg_catalog.pg_relation_size(c.oid),
               pg_catalog.current_setting('block_size')::pg_catalog.int8,
               c.relkind = 'r' AND am.amname = 'heap'
                 AND NOT EXISTS (SELECT FROM pg_catalog.pg_inherits i WHERE i.inhparent = c.oid)
        FROM pg_catalog.unnest(?::pg_catalog.text[]) WITH ORDINALITY AS n(name, ord)
        JOIN pg_catalog.pg_class c ON c.oid = n.name::pg_catalog.regclass
        LEFT JOIN pg_catalog.pg_am am ON am.oid = c.relam
        """;
    try (PreparedStatement s = connection.prepareStatement(sql)) {
      Array names =
          connection.createArrayOf(
              "text", candidates.stream().map(t -> t.id().sql()).toArray(String[]::new));
      s.setArray(1, names);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          Table table = candidates.get(rs.getInt(1) - 1);
          long bytes = rs.getLong(2);
          long blocks = bytes / rs.getLong(3);
          int parts = parts(bytes, threshold, jobs);
          if (rs.getBoolean(4) && bytes >= threshold && blocks >= parts) {
            splits.put(table.id(), BlockRange.cut(blocks, parts));
          }
        }
      }
    }
    return splits;
  }

  /** How many parts a table of {@code bytes} gets. */
  static int parts(long bytes, long threshold, int jobs) {
    long bySize = (bytes + threshold - 1) / threshold;
    return (int) Math.max(2, Math.min(Math.min(jobs, bySize), MAX_PARTS));
  }
}
