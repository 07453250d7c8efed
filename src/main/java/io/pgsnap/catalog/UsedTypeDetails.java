package io.pgsnap.catalog;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads used enum, domain, composite and range types: one query for the types themselves, one for
 * the domains' constraints and one for the composite types' attributes. Collations are recorded
 * where they differ from the type's own (a domain's, an attribute's) or, for ranges, whenever set,
 * as pg_dump does.
 */
final class UsedTypeDetails {
  private final UsedObjectDetails queries;

  UsedTypeDetails(UsedObjectDetails queries) {
    this.queries = queries;
  }

  Map<Long, UsedObject> read(List<Long> oids) throws SQLException {
    Map<Long, List<UsedObject.DomainConstraint>> constraints = new HashMap<>();
    queries.query(
        """
        SELECT co.contypid, co.conname, pg_catalog.pg_get_constraintdef(co.oid)
        FROM pg_catalog.pg_constraint co
        WHERE co.contypid = ANY (?::pg_catalog.oid[]) AND co.contype = 'c'
        ORDER BY co.contypid, co.conname
        """,
        oids,
        rs ->
            constraints
                .computeIfAbsent(rs.getLong(1), k -> new ArrayList<>())
                .add(new UsedObject.DomainConstraint(rs.getString(2), rs.getString(3))));
    Map<Long, List<UsedObject.Attribute>> attributes = new HashMap<>();
    queries.query(
        """
        SELECT t.oid, a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod),
               CASE WHEN a.attcollation <> at.typcollation THEN cn.nspname END, cl.collname
        FROM pg_catalog.pg_type t
        JOIN pg_catalog.pg_attribute a ON a.attrelid = t.typrelid
        JOIN pg_catalog.pg_type at ON at.oid = a.atttypid
        LEFT JOIN pg_catalog.pg_collation cl ON cl.oid = a.attcollation
        LEFT JOIN pg_catalog.pg_namespace cn ON cn.oid = cl.collnamespace
        WHERE t.oid = ANY (?::pg_catalog.oid[]) AND t.typtype = 'c'
          AND a.attnum > 0 AND NOT a.attisdropped
        ORDER BY t.oid, a.attnum
        """,
        oids,
        rs ->
            attributes
                .computeIfAbsent(rs.getLong(1), k -> new ArrayList<>())
                .add(
                    new UsedObject.Attribute(
                        rs.getString(2), rs.getString(3), UsedObjectDetails.name(rs, 4))));
    Map<Long, UsedObject> result = new HashMap<>();
    queries.query(
        """
        SELECT t.oid, n.nspname, t.typname, t.typtype,
               pg_catalog.pg_get_userbyid(t.typowner), t.typacl::pg_catalog.text[],
               pg_catalog.obj_description(t.oid, 'pg_type'),
               pg_catalog.format_type(t.typbasetype, t.typtypmod),
               CASE WHEN t.typtype = 'd' AND t.typcollation <> bt.typcollation THEN tcn.nspname END,
               tcl.collname,
               pg_catalog.pg_get_expr(t.typdefaultbin, 0), t.typnotnull,
               ARRAY(SELECT e.enumlabel::pg_catalog.text FROM pg_catalog.pg_enum e
                     WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder),
               pg_catalog.format_type(r.rngsubtype, NULL),
               CASE WHEN NOT opc.opcdefault THEN opn.nspname END, opc.opcname,
               rcn.nspname, rcl.collname,
               can.nspname, can.proname,
               dif.nspname, dif.proname,
               mrn.nspname, mr.typname
        FROM pg_catalog.pg_type t
        JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
        LEFT JOIN pg_catalog.pg_type bt ON bt.oid = t.typbasetype
        LEFT JOIN pg_catalog.pg_collation tcl ON tcl.oid = t.typcollation
        LEFT JOIN pg_catalog.pg_namespace tcn ON tcn.oid = tcl.collnamespace
        LEFT JOIN pg_catalog.pg_range r ON r.rngtypid = t.oid
        LEFT JOIN pg_catalog.pg_opclass opc ON opc.oid = r.rngsubopc
        LEFT JOIN pg_catalog.pg_namespace opn ON opn.oid = opc.opcnamespace
        LEFT JOIN pg_catalog.pg_collation rcl ON rcl.oid = r.rngcollation
        LEFT JOIN pg_catalog.pg_namespace rcn ON rcn.oid = rcl.collnamespace
        LEFT JOIN LATERAL (
          SELECT pn.nspname, p.proname FROM pg_catalog.pg_proc p
          JOIN pg_catalog.pg_namespace pn ON pn.oid = p.pronamespace
          WHERE p.oid = r.rngcanonical) can ON true
        LEFT JOIN LATERAL (
          SELECT pn.nspname, p.proname FROM pg_catalog.pg_proc p
          JOIN pg_catalog.pg_namespace pn ON pn.oid = p.pronamespace
          WHERE p.oid = r.rngsubdiff) dif ON true
        LEFT JOIN pg_catalog.pg_type mr ON mr.oid = r.rngmultitypid
        LEFT JOIN pg_catalog.pg_namespace mrn ON mrn.oid = mr.typnamespace
        WHERE t.oid = ANY (?::pg_catalog.oid[])
          AND n.nspname NOT IN ('pg_catalog', 'information_schema')
          AND (t.typtype IN ('e', 'd', 'r')
               OR (t.typtype = 'c' AND EXISTS (
                     SELECT FROM pg_catalog.pg_class c
                     WHERE c.oid = t.typrelid AND c.relkind = 'c')))
        """,
        oids,
        rs -> {
          long oid = rs.getLong(1);
          TableId id = new TableId(rs.getString(2), rs.getString(3));
          String owner = rs.getString(5);
          List<String> acl = CatalogQueries.nullableStrings(rs.getArray(6));
          String comment = rs.getString(7);
          UsedObject type =
              switch (rs.getString(4)) {
                case "e" ->
                    new UsedObject.EnumType(
                        id, CatalogQueries.nullableStrings(rs.getArray(13)), owner, acl, comment);
                case "d" ->
                    new UsedObject.Domain(
                        id,
                        rs.getString(8),
                        UsedObjectDetails.name(rs, 9),
                        rs.getString(11),
                        rs.getBoolean(12),
                        constraints.getOrDefault(oid, List.of()),
                        owner,
                        acl,
                        comment);
                case "c" ->
                    new UsedObject.CompositeType(
                        id, attributes.getOrDefault(oid, List.of()), owner, acl, comment);
                default ->
                    new UsedObject.RangeType(
                        id,
                        rs.getString(14),
                        UsedObjectDetails.name(rs, 15),
                        UsedObjectDetails.name(rs, 17),
                        UsedObjectDetails.name(rs, 19),
                        UsedObjectDetails.name(rs, 21),
                        UsedObjectDetails.name(rs, 23),
                        owner,
                        acl,
                        comment);
              };
          result.put(oid, type);
        });
    return result;
  }
}
