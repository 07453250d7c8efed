package io.pgsnap.catalog;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Reads what tables use ({@link UsedObject}), followed transitively through {@code pg_depend}: one
 * recursive query walks from the tables (and their partitions, defaults, constraints, indexes,
 * triggers, policies and rules) to the types, functions, collations, schemas and extensions they
 * need, and what those need in turn; then one query per kind reads the definitions ({@link
 * UsedObjectDetails}). The number of queries does not grow with the number of tables or objects.
 *
 * <p>The walk follows types (array and multirange types lead to their element and range type;
 * composite types to their attributes' types; domains to their constraints), functions, collations,
 * schemas, extensions, standalone sequences and procedural languages; it does not follow into other
 * tables. It stops at objects initdb made and at objects that belong to an extension, which leads
 * to the extension. What a function body calls is not in {@code pg_depend} (except for SQL-standard
 * {@code BEGIN ATOMIC} bodies) and is not found.
 *
 * <p>As with {@link AttachedObjectsReader}, the caller owns the connection and its transaction and
 * has set {@code search_path} to the empty string, so that every name prints schema-qualified.
 */
final class UsedObjectsReader {
  /** OIDs below this were made by initdb (FirstNormalObjectId). */
  private static final long FIRST_NORMAL_OID = 16384;

  private final Connection connection;

  UsedObjectsReader(Connection connection) {
    this.connection = Objects.requireNonNull(connection, "connection");
  }

  /**
   * What the tables use.
   *
   * @param objects the used objects in dependency order
   * @param sequenceOids the sequences reached (by a domain default or a function body, as well as
   *     by a column default), which the export adds to its sequences
   */
  record Used(List<UsedObject> objects, List<Long> sequenceOids) {}

  /** A catalog object: which catalog ({@code type}, {@code proc}, ...) and its OID. */
  record Node(String catalog, long oid) {}

  Used read(Collection<Long> tableOids) throws SQLException {
    if (tableOids.isEmpty()) {
      return new Used(List.of(), List.of());
    }
    DependencyOrder<Node> order = new DependencyOrder<>();
    Set<Node> reached = new HashSet<>();
    Set<Node> members = new HashSet<>();
    walk(tableOids, order, reached, members);
    Map<String, List<Long>> byCatalog = new HashMap<>();
    for (Node n : reached) {
      if (!members.contains(n)) {
        byCatalog.computeIfAbsent(n.catalog(), k -> new ArrayList<>()).add(n.oid());
      }
    }
    UsedObjectDetails details = new UsedObjectDetails(connection);
    Map<Node, UsedObject> recorded = new HashMap<>();
    details
        .schemas(list(byCatalog, "namespace"))
        .forEach((o, v) -> recorded.put(node("namespace", o), v));
    details
        .extensions(list(byCatalog, "extension"))
        .forEach((o, v) -> recorded.put(node("extension", o), v));
    details
        .collations(list(byCatalog, "collation"))
        .forEach((o, v) -> recorded.put(node("collation", o), v));
    details.types(list(byCatalog, "type")).forEach((o, v) -> recorded.put(node("type", o), v));
    details.functions(list(byCatalog, "proc")).forEach((o, v) -> recorded.put(node("proc", o), v));
    List<Long> sequences = details.sequences(list(byCatalog, "class"));
    return new Used(order.order(recorded), sequences);
  }

  private static Node node(String catalog, long oid) {
    return new Node(catalog, oid);
  }

  private static List<Long> list(Map<String, List<Long>> byCatalog, String catalog) {
    return byCatalog.getOrDefault(catalog, List.of());
  }

  private void walk(
      Collection<Long> tableOids, DependencyOrder<Node> order, Set<Node> reached, Set<Node> members)
      throws SQLException {
    // UNION (not UNION ALL) drops rows seen before, so the walk ends on cycles. An extension's
    // member is reached but not walked from, except to its extension (deptype 'e').
    String sql =
        """
        WITH RECURSIVE
        tables(oid) AS (
          SELECT t.oid FROM pg_catalog.unnest(?::pg_catalog.oid[]) AS t(oid)
          UNION
          SELECT i.inhrelid
          FROM pg_catalog.pg_inherits i
          JOIN tables p ON p.oid = i.inhparent
          JOIN pg_catalog.pg_class c ON c.oid = i.inhrelid AND c.relispartition
        ),
        seed(classid, objid) AS (
          SELECT 'pg_catalog.pg_class'::pg_catalog.regclass::pg_catalog.oid, t.oid FROM tables t
          UNION ALL
          SELECT 'pg_catalog.pg_attrdef'::pg_catalog.regclass::pg_catalog.oid, ad.oid
          FROM pg_catalog.pg_attrdef ad WHERE ad.adrelid IN (SELECT oid FROM tables)
          UNION ALL
          SELECT 'pg_catalog.pg_constraint'::pg_catalog.regclass::pg_catalog.oid, co.oid
          FROM pg_catalog.pg_constraint co WHERE co.conrelid IN (SELECT oid FROM tables)
          UNION ALL
          SELECT 'pg_catalog.pg_class'::pg_catalog.regclass::pg_catalog.oid, i.indexrelid
          FROM pg_catalog.pg_index i WHERE i.indrelid IN (SELECT oid FROM tables)
          UNION ALL
          SELECT 'pg_catalog.pg_trigger'::pg_catalog.regclass::pg_catalog.oid, tg.oid
          FROM pg_catalog.pg_trigger tg WHERE tg.tgrelid IN (SELECT oid FROM tables)
          UNION ALL
          SELECT 'pg_catalog.pg_policy'::pg_catalog.regclass::pg_catalog.oid, po.oid
          FROM pg_catalog.pg_policy po WHERE po.polrelid IN (SELECT oid FROM tables)
          UNION ALL
          SELECT 'pg_catalog.pg_rewrite'::pg_catalog.regclass::pg_catalog.oid, r.oid
          FROM pg_catalog.pg_rewrite r WHERE r.ev_class IN (SELECT oid FROM tables)
        ),
        walk(fromclass, fromid, classid, objid, deptype) AS (
          SELECT NULL::pg_catalog.oid, NULL::pg_catalog.oid, s.classid, s.objid, NULL::pg_catalog.char
          FROM seed s
          UNION
          SELECT w.classid, w.objid, e.classid, e.objid, e.deptype
          FROM walk w
          CROSS JOIN LATERAL (
            SELECT d.refclassid, d.refobjid, d.deptype
            FROM pg_catalog.pg_depend d
            WHERE d.classid = w.classid AND d.objid = w.objid
              AND d.deptype IN ('n', 'a', 'i', 'e')
            UNION ALL
            SELECT 'pg_catalog.pg_constraint'::pg_catalog.regclass::pg_catalog.oid, co.oid, 'n'
            FROM pg_catalog.pg_constraint co
            WHERE w.classid = 'pg_catalog.pg_type'::pg_catalog.regclass AND co.contypid = w.objid
            UNION ALL
            SELECT 'pg_catalog.pg_class'::pg_catalog.regclass::pg_catalog.oid, t.typrelid, 'n'
            FROM pg_catalog.pg_type t
            WHERE w.classid = 'pg_catalog.pg_type'::pg_catalog.regclass AND t.oid = w.objid
              AND t.typtype = 'c'
          ) AS e(classid, objid, deptype)
          WHERE (e.deptype = 'e' OR NOT EXISTS (
                  SELECT FROM pg_catalog.pg_depend m
                  WHERE m.classid = w.classid AND m.objid = w.objid AND m.deptype = 'e'))
            AND (e.objid >= ? OR e.classid = 'pg_catalog.pg_namespace'::pg_catalog.regclass)
            AND CASE e.classid
                  WHEN 'pg_catalog.pg_class'::pg_catalog.regclass THEN EXISTS (
                    SELECT FROM pg_catalog.pg_class c
                    WHERE c.oid = e.objid AND c.relkind IN ('S', 'c'))
                  WHEN 'pg_catalog.pg_namespace'::pg_catalog.regclass THEN EXISTS (
                    SELECT FROM pg_catalog.pg_namespace n
                    WHERE n.oid = e.objid
                      AND n.nspname NOT IN ('pg_catalog', 'information_schema')
                      AND n.nspname !~ '^pg_(toast|temp_)')
                  ELSE e.classid IN ('pg_catalog.pg_type'::pg_catalog.regclass,
                                     'pg_catalog.pg_proc'::pg_catalog.regclass,
                                     'pg_catalog.pg_collation'::pg_catalog.regclass,
                                     'pg_catalog.pg_extension'::pg_catalog.regclass,
                                     'pg_catalog.pg_constraint'::pg_catalog.regclass,
                                     'pg_catalog.pg_language'::pg_catalog.regclass)
                END
        )
        SELECT %1$s, w.fromid, %2$s, w.objid, w.deptype
        FROM walk w
        """
            .formatted(catalogName("w.fromclass"), catalogName("w.classid"));
    try (PreparedStatement ps = connection.prepareStatement(sql)) {
      ps.setString(1, CatalogQueries.oidArray(tableOids));
      ps.setLong(2, FIRST_NORMAL_OID);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          Node to = new Node(rs.getString(3), rs.getLong(4));
          reached.add(to);
          String from = rs.getString(1);
          if (from != null) {
            Node source = new Node(from, rs.getLong(2));
            order.depends(source, to);
            if ("e".equals(rs.getString(5))) {
              members.add(source);
            }
          }
        }
      }
    }
  }

  /** The catalog of a class OID as a short word ({@code pg_catalog.pg_type} is {@code type}). */
  private static String catalogName(String classid) {
    return "pg_catalog.regexp_replace("
        + classid
        + "::pg_catalog.regclass::pg_catalog.text,"
        + " '^(pg_catalog\\.)?pg_', '')";
  }
}
