package io.pgsnap.testsupport;

import java.util.List;

/**
 * The queries {@link CatalogDescription} describes what the tables use with: schemas, extensions,
 * collations, types, functions and sequences. As in {@link TableDescriptionQueries}, each returns
 * (object, line) rows in print order and takes the schemas described as its one parameter (the
 * extensions' query ignores it: extensions belong to the database). Objects that belong to an
 * extension are described by the extension's name and version alone.
 */
final class ObjectDescriptionQueries {
  private ObjectDescriptionQueries() {}

  private static final String IN_SCHEMAS = " n.nspname OPERATOR(pg_catalog.=) ANY (?::text[])";

  private static String notInExtension(String catalog, String oid) {
    return " AND NOT EXISTS (SELECT FROM pg_catalog.pg_depend e"
        + " WHERE e.classid = '"
        + catalog
        + "'::pg_catalog.regclass AND e.objid = "
        + oid
        + " AND e.deptype = 'e')";
  }

  private static String comment(String oid, String catalog) {
    return "'comment ' || pg_catalog.quote_literal(pg_catalog.obj_description("
        + oid
        + ", '"
        + catalog
        + "'))";
  }

  private static final String SCHEMAS =
      "SELECT 'schema ' || pg_catalog.quote_ident(n.nspname), v.line"
          + " FROM pg_catalog.pg_namespace n CROSS JOIN LATERAL (VALUES"
          + " (1, 'owner ' || n.nspowner::pg_catalog.regrole::text),"
          + " (2, 'acl ' || "
          + CatalogDescription.sortedAcl("n.nspacl")
          + "),"
          + " (3, "
          + comment("n.oid", "pg_namespace")
          + ")) v(ord, line)"
          + " WHERE"
          + IN_SCHEMAS
          + " AND v.line IS NOT NULL ORDER BY 1, v.ord";

  // ? IS NOT NULL keeps the one parameter every query takes.
  private static final String EXTENSIONS =
      "SELECT 'extension ' || pg_catalog.quote_ident(x.extname),"
          + " 'version ' || x.extversion || ' in schema '"
          + " || x.extnamespace::pg_catalog.regnamespace::text"
          + " FROM pg_catalog.pg_extension x WHERE ?::text[] IS NOT NULL ORDER BY 1";

  /** Every column of pg_collation but its identity, owner and version, whatever the major has. */
  private static final String COLLATIONS =
      "SELECT 'collation ' || pg_catalog.quote_ident(n.nspname) || '.'"
          + " || pg_catalog.quote_ident(k.collname), v.line"
          + " FROM pg_catalog.pg_collation k"
          + " JOIN pg_catalog.pg_namespace n ON n.oid = k.collnamespace"
          + " CROSS JOIN LATERAL (VALUES"
          + " (1, (pg_catalog.to_jsonb(k) - 'oid' - 'collname' - 'collnamespace' - 'collowner'"
          + "      - 'collversion')::text),"
          + " (2, 'owner ' || k.collowner::pg_catalog.regrole::text),"
          + " (3, "
          + comment("k.oid", "pg_collation")
          + ")) v(ord, line)"
          + " WHERE"
          + IN_SCHEMAS
          + notInExtension("pg_catalog.pg_collation", "k.oid")
          + " AND v.line IS NOT NULL ORDER BY 1, v.ord";

  /**
   * Enums, domains, ranges and standalone composite types (base types need C code, and a table's
   * row type is the table). Arrays and multiranges come with their type.
   */
  private static final String TYPE_FROM =
      " FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace";

  private static final String TYPE_SELECTED =
      " WHERE"
          + IN_SCHEMAS
          + " AND (t.typtype IN ('e', 'd', 'r') OR t.typtype = 'c' AND (SELECT r.relkind"
          + "   FROM pg_catalog.pg_class r WHERE r.oid = t.typrelid) = 'c')"
          + notInExtension("pg_catalog.pg_type", "t.oid");

  private static final String TYPE_KEY = "SELECT 'type ' || pg_catalog.format_type(t.oid, NULL), ";

  private static final String TYPES =
      TYPE_KEY
          + "v.line"
          + TYPE_FROM
          + " LEFT JOIN pg_catalog.pg_range g ON g.rngtypid = t.oid"
          + " CROSS JOIN LATERAL (VALUES"
          + " (1, CASE t.typtype"
          + "   WHEN 'e' THEN 'enum (' || coalesce((SELECT pg_catalog.string_agg("
          + "       pg_catalog.quote_literal(l.enumlabel), ', ' ORDER BY l.enumsortorder)"
          + "     FROM pg_catalog.pg_enum l WHERE l.enumtypid = t.oid), '') || ')'"
          + "   WHEN 'd' THEN 'domain over ' || pg_catalog.format_type(t.typbasetype, t.typtypmod)"
          + "     || CASE WHEN t.typcollation <> (SELECT b.typcollation FROM pg_catalog.pg_type b"
          + "          WHERE b.oid = t.typbasetype)"
          + "        THEN ' collate ' || t.typcollation::pg_catalog.regcollation::text ELSE '' END"
          + "     || CASE WHEN t.typnotnull THEN ' not null' ELSE '' END"
          + "     || coalesce(' default ' || pg_catalog.pg_get_expr(t.typdefaultbin, 0), '')"
          + "   WHEN 'r' THEN 'range of ' || pg_catalog.format_type(g.rngsubtype, NULL)"
          + "     || CASE WHEN g.rngcollation <> 0"
          + "          THEN ' collate ' || g.rngcollation::pg_catalog.regcollation::text ELSE '' END"
          + "     || ' opclass ' || (SELECT pg_catalog.quote_ident(cn.nspname) || '.'"
          + "          || pg_catalog.quote_ident(oc.opcname) FROM pg_catalog.pg_opclass oc"
          + "          JOIN pg_catalog.pg_namespace cn ON cn.oid = oc.opcnamespace"
          + "          WHERE oc.oid = g.rngsubopc)"
          + "     || CASE WHEN g.rngcanonical::oid <> 0"
          + "          THEN ' canonical ' || g.rngcanonical::pg_catalog.regprocedure::text"
          + "          ELSE '' END"
          + "     || CASE WHEN g.rngsubdiff::oid <> 0"
          + "          THEN ' subdiff ' || g.rngsubdiff::pg_catalog.regprocedure::text ELSE '' END"
          + "     || ' multirange ' || pg_catalog.format_type(g.rngmultitypid, NULL)"
          + "   ELSE 'composite' END),"
          + " (2, 'owner ' || t.typowner::pg_catalog.regrole::text),"
          + " (3, 'acl ' || "
          + CatalogDescription.sortedAcl("t.typacl")
          + "),"
          + " (4, "
          + comment("t.oid", "pg_type")
          + ")) v(ord, line)"
          + TYPE_SELECTED
          + " AND v.line IS NOT NULL ORDER BY 1, v.ord";

  /** A domain's constraints by name (from 17 its NOT NULL is one of them). */
  private static final String DOMAIN_CONSTRAINTS =
      TYPE_KEY
          + "'constraint ' || pg_catalog.quote_ident(k.conname) || ' '"
          + " || pg_catalog.pg_get_constraintdef(k.oid)"
          + " || coalesce(' ' || "
          + comment("k.oid", "pg_constraint")
          + ", '')"
          + TYPE_FROM
          + " JOIN pg_catalog.pg_constraint k ON k.contypid = t.oid"
          + TYPE_SELECTED
          + " ORDER BY 1, k.conname COLLATE \"C\"";

  /** A composite type's attributes in order. */
  private static final String ATTRIBUTES =
      TYPE_KEY
          + "'attribute ' || pg_catalog.quote_ident(a.attname) || ' '"
          + " || pg_catalog.format_type(a.atttypid, a.atttypmod)"
          + " || CASE WHEN a.attcollation <> at.typcollation"
          + "      THEN ' collate ' || a.attcollation::pg_catalog.regcollation::text ELSE '' END"
          + " || coalesce(' comment ' || pg_catalog.quote_literal("
          + "      pg_catalog.col_description(t.typrelid, a.attnum)), '')"
          + TYPE_FROM
          + " JOIN pg_catalog.pg_attribute a ON a.attrelid = t.typrelid"
          + "   AND a.attnum > 0 AND NOT a.attisdropped"
          + " JOIN pg_catalog.pg_type at ON at.oid = a.atttypid"
          + TYPE_SELECTED
          + " ORDER BY 1, a.attnum";

  /**
   * Functions and procedures as pg_get_functiondef prints them, aggregates by their parts; not
   * those a range type makes for itself.
   */
  private static final String FUNCTIONS =
      "SELECT 'function ' || p.oid::pg_catalog.regprocedure::text, v.line"
          + " FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace"
          + " LEFT JOIN pg_catalog.pg_aggregate ag ON ag.aggfnoid = p.oid"
          + " CROSS JOIN LATERAL (VALUES"
          + " (1, 'owner ' || p.proowner::pg_catalog.regrole::text),"
          + " (2, 'acl ' || "
          + CatalogDescription.sortedAcl("p.proacl")
          + "),"
          + " (3, "
          + comment("p.oid", "pg_proc")
          + "),"
          + " (4, CASE WHEN p.prokind = 'a' THEN 'aggregate of '"
          + "     || ag.aggtransfn::pg_catalog.regprocedure::text"
          + "     || ' state ' || pg_catalog.format_type(ag.aggtranstype, NULL)"
          + "     || coalesce(' initially ' || pg_catalog.quote_literal(ag.agginitval), '')"
          + "     || CASE WHEN ag.aggfinalfn::oid <> 0"
          + "          THEN ' final ' || ag.aggfinalfn::pg_catalog.regprocedure::text ELSE '' END"
          + "   ELSE pg_catalog.rtrim(pg_catalog.pg_get_functiondef(p.oid), E'\\n') END)"
          + " ) v(ord, line)"
          + " WHERE"
          + IN_SCHEMAS
          + notInExtension("pg_catalog.pg_proc", "p.oid")
          // A range type's constructors come with it.
          + " AND NOT EXISTS (SELECT FROM pg_catalog.pg_depend i"
          + "   WHERE i.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass AND i.objid = p.oid"
          + "   AND i.deptype = 'i')"
          + " AND v.line IS NOT NULL ORDER BY 1, v.ord";

  /** Sequences (values are rows, see DatabaseContents): parameters, owning column, owner, ACL. */
  private static final String SEQUENCES =
      "SELECT 'sequence ' || s.seqrelid::pg_catalog.regclass::text, v.line"
          + " FROM pg_catalog.pg_sequence s JOIN pg_catalog.pg_class c ON c.oid = s.seqrelid"
          + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
          + " CROSS JOIN LATERAL (VALUES"
          + " (1, pg_catalog.format_type(s.seqtypid, NULL) || ' start ' || s.seqstart"
          + "   || ' increment ' || s.seqincrement || ' min ' || s.seqmin || ' max ' || s.seqmax"
          + "   || ' cache ' || s.seqcache || CASE WHEN s.seqcycle THEN ' cycle' ELSE '' END"
          + "   || CASE c.relpersistence WHEN 'u' THEN ' unlogged' ELSE '' END),"
          + " (2, (SELECT 'owned by ' || d.refobjid::pg_catalog.regclass::text || '.'"
          + "     || pg_catalog.quote_ident(a.attname)"
          + "     || CASE d.deptype WHEN 'i' THEN ' (identity)' ELSE '' END"
          + "   FROM pg_catalog.pg_depend d JOIN pg_catalog.pg_attribute a"
          + "     ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid"
          + "   WHERE d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.objid = c.oid"
          + "     AND d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass"
          + "     AND d.deptype IN ('a', 'i'))),"
          + " (3, 'owner ' || c.relowner::pg_catalog.regrole::text),"
          + " (4, 'acl ' || "
          + CatalogDescription.sortedAcl("c.relacl")
          + "),"
          + " (5, "
          + comment("c.oid", "pg_class")
          + ")) v(ord, line)"
          + " WHERE"
          + IN_SCHEMAS
          + " AND v.line IS NOT NULL ORDER BY 1, v.ord";

  /** Every query, in the order its lines are printed under an object. */
  static final List<String> ALL =
      List.of(
          SCHEMAS,
          EXTENSIONS,
          COLLATIONS,
          TYPES,
          DOMAIN_CONSTRAINTS,
          ATTRIBUTES,
          FUNCTIONS,
          SEQUENCES);
}
