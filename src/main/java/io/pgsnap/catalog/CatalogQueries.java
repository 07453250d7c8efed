package io.pgsnap.catalog;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The JDBC plumbing the catalog readers share: set-based queries over arrays of OIDs or names, and
 * text arrays read back as lists.
 *
 * <p>Arrays go to the server as text literals cast in SQL ({@code ?::pg_catalog.oid[]}), which
 * works alike in pgjdbc's extended and simple query modes.
 */
final class CatalogQueries {
  /** Handles one row of a result. */
  @FunctionalInterface
  interface RowHandler {
    void handle(ResultSet rs) throws SQLException;
  }

  private final Connection connection;

  CatalogQueries(Connection connection) {
    this.connection = Objects.requireNonNull(connection, "connection");
  }

  /**
   * Runs {@code sql} with its one parameter, {@code ?::pg_catalog.oid[]}, set to {@code oids}, and
   * hands every row to {@code handler}; with no OIDs there is nothing to ask, and no query.
   */
  void forEachRow(String sql, Collection<Long> oids, RowHandler handler) throws SQLException {
    if (!oids.isEmpty()) {
      forEachRow(sql, oidArray(oids), handler);
    }
  }

  /** Runs {@code sql} with its one parameter set to the array literal {@code array}. */
  void forEachRow(String sql, String array, RowHandler handler) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement(sql)) {
      ps.setString(1, array);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          handler.handle(rs);
        }
      }
    }
  }

  /** An {@code oid[]} literal. */
  static String oidArray(Collection<Long> oids) {
    return oids.stream().map(String::valueOf).collect(Collectors.joining(",", "{", "}"));
  }

  /** A {@code text[]} literal: each element double-quoted, with {@code "} and {@code \} escaped. */
  static String textArray(Collection<String> values) {
    return values.stream()
        .map(v -> '"' + v.replace("\\", "\\\\").replace("\"", "\\\"") + '"')
        .collect(Collectors.joining(",", "{", "}"));
  }

  /** A text array as a list, or {@code null} for SQL NULL. */
  static List<String> nullableStrings(Array array) throws SQLException {
    if (array == null) {
      return null;
    }
    try {
      Object[] values = (Object[]) array.getArray();
      List<String> result = new ArrayList<>(values.length);
      for (Object v : values) {
        result.add((String) v);
      }
      return result;
    } finally {
      array.free();
    }
  }

  /** A text array as a list, empty for SQL NULL. */
  static List<String> strings(Array array) throws SQLException {
    List<String> values = nullableStrings(array);
    return values == null ? List.of() : values;
  }
}
