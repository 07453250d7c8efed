package io.pgsnap.catalog;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the definitions of used objects ({@link UsedObject}), one query per kind over all the OIDs
 * of that kind; objects of {@code pg_catalog} and {@code information_schema} are left out.
 *
 * <p>The one catalog difference between PostgreSQL 14 and 18 met here is {@code pg_collation}: 14
 * keeps an ICU locale in {@code collcollate}; 15 and 16 have {@code colliculocale}, which 17
 * renames {@code colllocale} (and uses for its builtin provider too); 16 adds {@code collicurules}.
 */
final class UsedObjectDetails {
  private static final String NOT_SYSTEM = "NOT IN ('pg_catalog', 'information_schema')";

  private final Connection connection;
  private final CatalogQueries queries;

  UsedObjectDetails(Connection connection) {
    this.connection = connection;
    this.queries = new CatalogQueries(connection);
  }

  Map<Long, UsedObject> schemas(List<Long> oids) throws SQLException {
    String sql =
        """
        SELECT n.oid, n.nspname, pg_catalog.pg_get_userbyid(n.nspowner),
               n.nspacl::pg_catalog.text[], pg_catalog.obj_description(n.oid, 'pg_namespace')
        FROM pg_catalog.pg_namespace n
        WHERE n.oid = ANY (?::pg_catalog.oid[]) AND n.nspname %s
        """
            .formatted(NOT_SYSTEM);
    Map<Long, UsedObject> result = new HashMap<>();
    query(
        sql,
        oids,
        rs ->
            result.put(
                rs.getLong(1),
                new UsedObject.Schema(
                    rs.getString(2),
                    rs.getString(3),
                    CatalogQueries.nullableStrings(rs.getArray(4)),
                    rs.getString(5))));
    return result;
  }

  Map<Long, UsedObject> extensions(List<Long> oids) throws SQLException {
    String sql =
        """
        SELECT e.oid, e.extname, e.extversion, n.nspname, pg_catalog.pg_get_userbyid(e.extowner),
               pg_catalog.obj_description(e.oid, 'pg_extension')
        FROM pg_catalog.pg_extension e
        JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace
        WHERE e.oid = ANY (?::pg_catalog.oid[]) AND n.nspname %s
        """
            .formatted(NOT_SYSTEM);
    Map<Long, UsedObject> result = new HashMap<>();
    query(
        sql,
        oids,
        rs ->
            result.put(
                rs.getLong(1),
                new UsedObject.Extension(
                    rs.getString(2),
                    rs.getString(3),
                    rs.getString(4),
                    rs.getString(5),
                    rs.getString(6))));
    return result;
  }

  Map<Long, UsedObject> collations(List<Long> oids) throws SQLException {
    int major = connection.getMetaData().getDatabaseMajorVersion();
    String locale =
        major >= 17
            ? "c.colllocale"
            : major >= 15
                ? "c.colliculocale"
                : "CASE WHEN c.collprovider = 'i' THEN c.collcollate::pg_catalog.text END";
    String rules = major >= 16 ? "c.collicurules" : "NULL::pg_catalog.text";
    String sql =
        """
        SELECT c.oid, n.nspname, c.collname, c.collprovider,
               CASE WHEN c.collprovider = 'c' THEN c.collcollate::pg_catalog.text END,
               CASE WHEN c.collprovider = 'c' THEN c.collctype::pg_catalog.text END,
               %s, %s, c.collisdeterministic,
               pg_catalog.pg_get_userbyid(c.collowner),
               pg_catalog.obj_description(c.oid, 'pg_collation')
        FROM pg_catalog.pg_collation c
        JOIN pg_catalog.pg_namespace n ON n.oid = c.collnamespace
        WHERE c.oid = ANY (?::pg_catalog.oid[]) AND n.nspname %s
        """
            .formatted(locale, rules, NOT_SYSTEM);
    Map<Long, UsedObject> result = new HashMap<>();
    query(
        sql,
        oids,
        rs ->
            result.put(
                rs.getLong(1),
                new UsedObject.Collation(
                    new TableId(rs.getString(2), rs.getString(3)),
                    provider(rs.getString(4)),
                    rs.getString(5),
                    rs.getString(6),
                    rs.getString(7),
                    rs.getString(8),
                    rs.getBoolean(9),
                    rs.getString(10),
                    rs.getString(11))));
    return result;
  }

  private static String provider(String collprovider) {
    return switch (collprovider) {
      case "c" -> "libc";
      case "i" -> "icu";
      case "b" -> "builtin";
      default -> throw new IllegalStateException("unknown collprovider " + collprovider);
    };
  }

  /** Enum, domain, composite and range types; arrays, multiranges and base types are not kept. */
  Map<Long, UsedObject> types(List<Long> oids) throws SQLException {
    return new UsedTypeDetails(this).read(oids);
  }

  Map<Long, UsedObject> functions(List<Long> oids) throws SQLException {
    // Aggregates and window functions have no pg_get_functiondef; a default, check or index
    // expression cannot call them.
    String sql =
        """
        SELECT p.oid, n.nspname, p.proname, pg_catalog.pg_get_function_identity_arguments(p.oid),
               p.prokind = 'p', pg_catalog.pg_get_functiondef(p.oid),
               pg_catalog.pg_get_userbyid(p.proowner), p.proacl::pg_catalog.text[],
               pg_catalog.obj_description(p.oid, 'pg_proc')
        FROM pg_catalog.pg_proc p
        JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
        WHERE p.oid = ANY (?::pg_catalog.oid[]) AND p.prokind IN ('f', 'p') AND n.nspname %s
        """
            .formatted(NOT_SYSTEM);
    Map<Long, UsedObject> result = new HashMap<>();
    query(
        sql,
        oids,
        rs ->
            result.put(
                rs.getLong(1),
                new UsedObject.Function(
                    new TableId(rs.getString(2), rs.getString(3)),
                    rs.getString(4),
                    rs.getBoolean(5),
                    rs.getString(6),
                    rs.getString(7),
                    CatalogQueries.nullableStrings(rs.getArray(8)),
                    rs.getString(9))));
    return result;
  }

  /** The sequences among {@code classOids}. */
  List<Long> sequences(List<Long> classOids) throws SQLException {
    String sql =
        """
        SELECT c.oid FROM pg_catalog.pg_class c
        WHERE c.oid = ANY (?::pg_catalog.oid[]) AND c.relkind = 'S'
        ORDER BY c.oid
        """;
    List<Long> result = new ArrayList<>();
    query(sql, classOids, rs -> result.add(rs.getLong(1)));
    return result;
  }

  /** Runs {@code sql} with one oid[] parameter for every row; nothing to ask, no query. */
  void query(String sql, Collection<Long> oids, CatalogQueries.RowHandler handler)
      throws SQLException {
    queries.forEachRow(sql, oids, handler);
  }

  /** A schema-qualified name from two columns, {@code null} when the first is. */
  static TableId name(ResultSet rs, int schemaColumn) throws SQLException {
    String schema = rs.getString(schemaColumn);
    return schema == null ? null : new TableId(schema, rs.getString(schemaColumn + 1));
  }
}
