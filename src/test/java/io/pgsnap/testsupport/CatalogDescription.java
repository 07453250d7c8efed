package io.pgsnap.testsupport;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;

/**
 * What a database's tables are and carry, as one sorted, human-readable text, so that two databases
 * that should be alike can be compared with {@code assertEquals} and a difference reads as a diff.
 *
 * <p>One block per object, sorted by kind and schema-qualified name; every line as the server
 * prints it ({@code format_type}, {@code pg_get_expr}, {@code pg_get_constraintdef}, {@code
 * pg_get_indexdef}, {@code pg_get_triggerdef}, {@code pg_get_ruledef}, {@code pg_get_functiondef}),
 * read with an empty {@code search_path} so that every name is qualified and no OID or attribute
 * number shows:
 *
 * <ul>
 *   <li>tables (ordinary and partitioned, partitions included): kind, partition key and bound,
 *       inheritance parents, owner, ACL, row security (enabled, forced), options, replica identity,
 *       comment; columns in order with type, collation, not null, identity, generation or default,
 *       inheritance, statistics target, storage, compression, options, ACL and comment;
 *       constraints, indexes, triggers (with their enabled state), rules and policies, each by name
 *       with its comment;
 *   <li>what tables use, in the described schemas: enums (labels in order), domains (base, default,
 *       not null, constraints), standalone composite types, ranges, collations, functions and
 *       procedures, sequences (parameters and owning column; their values are rows, see {@link
 *       DatabaseContents}), schemas (owner, ACL, comment); and the database's extensions by name,
 *       version and schema, whose own members are left to that version.
 * </ul>
 *
 * ACLs, options and policy roles are sorted, since their order says nothing. Views, foreign tables
 * and extended statistics are not described.
 */
public final class CatalogDescription {
  private CatalogDescription() {}

  /** Every user schema (all but pg_catalog, information_schema, toast and temporary ones). */
  private static final String USER_SCHEMAS =
      "SELECT n.nspname FROM pg_catalog.pg_namespace n"
          + " WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')"
          + " AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'"
          + " ORDER BY 1";

  /** The description of every user schema of {@code db}. */
  public static String of(TestDatabase db) {
    return of(db.dataSource());
  }

  /** The description of every user schema of the database {@code dataSource} connects to. */
  public static String of(DataSource dataSource) {
    try (Connection c = dataSource.getConnection()) {
      return of(c, userSchemas(c));
    } catch (SQLException e) {
      throw new IllegalStateException("could not describe the catalog: " + e, e);
    }
  }

  /**
   * The description of {@code schemas} (names as stored, unquoted). Reads in a transaction of its
   * own, with its settings local to it, and rolls it back: the connection is left as it was.
   */
  public static String of(Connection c, List<String> schemas) throws SQLException {
    boolean autoCommit = c.getAutoCommit();
    c.setAutoCommit(false);
    try {
      try (Statement s = c.createStatement()) {
        // Qualified names, and constants in expressions printed alike on every run.
        s.execute(
            "SELECT pg_catalog.set_config('search_path', '', true),"
                + " pg_catalog.set_config('DateStyle', 'ISO, YMD', true),"
                + " pg_catalog.set_config('IntervalStyle', 'postgres', true),"
                + " pg_catalog.set_config('extra_float_digits', '3', true)");
      }
      Map<String, List<String>> objects = new TreeMap<>();
      Array names = c.createArrayOf("text", schemas.toArray());
      List<String> queries = new ArrayList<>(ObjectDescriptionQueries.ALL);
      queries.addAll(TableDescriptionQueries.ALL);
      for (String query : queries) {
        try (PreparedStatement ps = c.prepareStatement(query)) {
          ps.setArray(1, names);
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              objects.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
            }
          }
        }
      }
      return render(objects);
    } finally {
      c.rollback();
      c.setAutoCommit(autoCommit);
    }
  }

  private static List<String> userSchemas(Connection c) throws SQLException {
    List<String> schemas = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(USER_SCHEMAS)) {
      while (rs.next()) {
        schemas.add(rs.getString(1));
      }
    }
    return schemas;
  }

  /** Each object's name, then its lines indented; a line of several (a function) indented more. */
  private static String render(Map<String, List<String>> objects) {
    StringBuilder out = new StringBuilder();
    for (Map.Entry<String, List<String>> object : objects.entrySet()) {
      out.append(object.getKey()).append('\n');
      for (String line : object.getValue()) {
        out.append("  ").append(line.replace("\n", "\n      ")).append('\n');
      }
    }
    return out.toString();
  }

  /** SQL for an ACL column's items, sorted, space-separated (null when the column is null). */
  static String sortedAcl(String column) {
    return "(SELECT pg_catalog.string_agg(i::text, ' ' ORDER BY i::text COLLATE \"C\")"
        + " FROM pg_catalog.unnest("
        + column
        + ") i)";
  }

  /** SQL for an options column ({@code name=value} items), sorted, comma-separated. */
  static String sortedOptions(String column) {
    return "(SELECT pg_catalog.string_agg(o, ', ' ORDER BY o COLLATE \"C\")"
        + " FROM pg_catalog.unnest("
        + column
        + ") o)";
  }
}
