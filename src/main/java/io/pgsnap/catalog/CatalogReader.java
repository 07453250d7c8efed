package io.pgsnap.catalog;

import io.pgsnap.ErrorCode;
import io.pgsnap.PgsnapException;
import io.pgsnap.db.SqlStates;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Reads the selected tables, and the sequences that go with them, from {@code pg_catalog}.
 *
 * <p>The caller owns the connection, its transaction and its session settings. It must have set
 * {@code search_path} to the empty string, so that {@code format_type}, {@code pg_get_expr} and the
 * {@code pg_get_*def} functions print every user object schema-qualified and the DDL restores into
 * any search path; the reader checks this. For a consistent picture the caller reads inside a
 * {@code REPEATABLE READ} transaction, the one the export then copies the rows in.
 *
 * <p>The reader runs a fixed number of set-based queries, each over the OIDs of all selected tables
 * (those for {@link Attached} objects in {@code AttachedObjectsReader}), plus one query per 500
 * sequences for their values, so that it scales to thousands of tables. All queries are fully
 * qualified and change nothing.
 *
 * <p>The {@link Ddl} of each table assumes that its schema, the types its columns use and its
 * non-identity sequences ({@link Sequence#createSql()}) exist, and that inheritance parents are
 * created before their children; statements run in the order createTable, partitions, constraints,
 * indexes, foreign keys, across all tables. It does not carry triggers, row security policies,
 * grants, comments, storage parameters (these are recorded in {@link Table#attached()}, as the
 * server prints them, but not turned into DDL), tablespaces, or indexes and constraints that exist
 * on one partition only; partitions that are foreign tables come back as ordinary partitions. As
 * with pg_dump, a column added to an inheritance parent after a child was created ends up before
 * the child's own columns when the child is recreated; COPY names its columns, so rows are
 * unaffected.
 */
public final class CatalogReader {
  /** Sequence values are read with one UNION ALL statement per this many sequences. */
  private static final int SEQUENCE_BATCH = 500;

  private final Connection connection;
  private final CatalogQueries queries;

  /**
   * A reader over {@code connection}, which the caller keeps open and closes.
   *
   * @param connection an open connection with {@code search_path} set to the empty string
   */
  public CatalogReader(Connection connection) {
    this.connection = Objects.requireNonNull(connection, "connection");
    this.queries = new CatalogQueries(connection);
  }

  /**
   * Reads the tables {@code selection} selects, sorted by {@link TableId}, and their sequences
   * sorted by name.
   *
   * <p>Candidates are ordinary and partitioned tables outside the system schemas, not temporary,
   * and not partitions: a partition is exported through its root. An unqualified {@code --table}
   * pattern matches the tables visible on the session's default search path (the value {@code RESET
   * search_path} would restore), as pg_dump's {@code -t} does.
   *
   * <p>Sequences are those owned by a selected table's column (serial and identity), those a
   * selected table's column default calls {@code nextval} on, those reached through what the tables
   * use (a domain's default, a {@code BEGIN ATOMIC} function body), and, when no {@code --table}
   * pattern is given, the sequences of the selected schemas that no column owns. What the tables
   * use is read by {@code UsedObjectsReader} ({@link Catalog#objects()}).
   *
   * @param selection which tables to read
   * @return the selected tables and their sequences
   * @throws PgsnapException {@link ErrorCode#USAGE} when an include pattern matches no table or a
   *     pattern is malformed; {@link ErrorCode#PERMISSION} when a sequence to export cannot be read
   *     (the sequences of tables the user cannot read are left out instead, as those tables are
   *     marked unreadable); {@link ErrorCode#CONNECTION} when the connection fails; {@link
   *     ErrorCode#FAILURE} for other database errors
   * @throws IllegalStateException when the session's {@code search_path} is not empty
   */
  public Catalog read(TableSelection selection) {
    return read(new Selector(selection, true), true);
  }

  /**
   * Reads the tables {@code selection} selects, as {@link #read} does, but leniently and without
   * sequences: for re-applying a selection recorded in a manifest to a database that may have
   * changed since, as a validation run does. What the tables use is read as by {@link #read}. An
   * include pattern that matches no table selects nothing instead of failing (the table was
   * dropped), and no sequence is read, so a user who may not read a sequence can still compare
   * tables. Without sequences, the {@link Ddl} of an identity column does not name its sequence's
   * options: use {@link #read} for DDL.
   *
   * @param selection which tables to read
   * @return the selected tables, sorted by {@link TableId}, and no sequences
   * @throws PgsnapException {@link ErrorCode#USAGE} when a pattern is malformed; {@link
   *     ErrorCode#CONNECTION} when the connection fails; {@link ErrorCode#FAILURE} for other
   *     database errors
   * @throws IllegalStateException when the session's {@code search_path} is not empty
   */
  public Catalog readTables(TableSelection selection) {
    return read(new Selector(selection, false), false);
  }

  private Catalog read(Selector selector, boolean withSequences) {
    try {
      Session session = readSession();
      List<Candidate> candidates =
          readCandidates(SearchPath.parse(session.defaultPath, session.user));
      List<Candidate> selected = selector.select(candidates, session.defaultPath);
      Map<Long, TableBuilder> tables = new TreeMap<>();
      for (Candidate c : selected) {
        tables.put(c.oid, new TableBuilder(c.oid, c.id));
      }
      List<Long> oids = new ArrayList<>(tables.keySet());
      if (!oids.isEmpty()) {
        readTableFacts(oids, tables);
        readColumns(oids, tables);
        readConstraints(oids, tables);
        readIndexes(oids, tables);
        readInheritance(oids, tables);
        readPartitions(
            tables.values().stream()
                .filter(t -> t.kind == Table.Kind.PARTITIONED)
                .map(t -> t.oid)
                .toList(),
            tables);
      }
      List<Sequence> sequences = List.of();
      // What the tables use is read from the catalog alone, so a validation run reads it too.
      UsedObjectsReader.Used used = new UsedObjectsReader(connection).read(oids);
      List<UsedObject> objects = used.objects();
      if (withSequences) {
        Set<Long> standalone = new TreeSet<>(selector.standaloneSequences(candidates));
        standalone.addAll(used.sequenceOids());
        Set<TableId> unreadableTables =
            tables.values().stream()
                .filter(t -> !t.readable)
                .map(t -> t.id)
                .collect(Collectors.toSet());
        sequences = readSequences(oids, List.copyOf(standalone), unreadableTables);
      }
      Map<String, Sequence> identitySequences = new HashMap<>();
      for (Sequence s : sequences) {
        if (s.identity() && s.ownedBy() != null) {
          identitySequences.put(columnKey(s.ownedBy().table(), s.ownedBy().column()), s);
        }
      }
      // Partitions' own owners, grants, comments and policies are read with their tables'.
      List<Long> withPartitions = new ArrayList<>(oids);
      tables.values().forEach(t -> withPartitions.addAll(t.partitionOids.values()));
      Map<Long, Attached> attached = new AttachedObjectsReader(connection).read(withPartitions);
      List<Table> result =
          tables.values().stream()
              .map(t -> t.build(identitySequences, attached))
              .sorted((a, b) -> a.id().compareTo(b.id()))
              .toList();
      return new Catalog(result, sequences, objects);
    } catch (SQLException e) {
      throw databaseError(e);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Session and candidates

  private record Session(String defaultPath, String user) {}

  private Session readSession() throws SQLException {
    try (Statement s = connection.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT pg_catalog.current_setting('search_path'), s.reset_val,"
                    + " CURRENT_USER::pg_catalog.text"
                    + " FROM pg_catalog.pg_settings s WHERE s.name = 'search_path'")) {
      rs.next();
      String current = rs.getString(1);
      if (!current.isEmpty() && !current.equals("\"\"")) {
        // With a search path, pg_get_expr and friends leave names on it unqualified, and the DDL
        // would restore into whatever schema the restoring session puts first.
        throw new IllegalStateException(
            "CatalogReader needs search_path set to '' on its connection, found " + current);
      }
      return new Session(rs.getString(2), rs.getString(3));
    }
  }

  /** An ordinary or partitioned table, partition or sequence that a pattern can name. */
  record Candidate(
      long oid,
      TableId id,
      char relkind,
      boolean partition,
      TableId root,
      boolean visible,
      boolean ownedSequence) {

    boolean isTable() {
      return relkind == 'r' || relkind == 'p';
    }
  }

  private List<Candidate> readCandidates(List<String> searchPath) throws SQLException {
    // Visibility is pg_table_is_visible's rule evaluated against the default search path: the
    // table's schema is on the path and no schema earlier on it has a relation of that name.
    String sql =
        """
        WITH path AS (
          SELECT p.nspname, p.ord
          FROM pg_catalog.unnest(?::pg_catalog.text[]) WITH ORDINALITY AS p(nspname, ord)
        )
        SELECT c.oid, n.nspname, c.relname, c.relkind, c.relispartition, rn.nspname, rc.relname,
               p.ord IS NOT NULL AND NOT EXISTS (
                 SELECT FROM pg_catalog.pg_class c2
                 JOIN pg_catalog.pg_namespace n2 ON n2.oid = c2.relnamespace
                 JOIN path p2 ON p2.nspname = n2.nspname
                 WHERE c2.relname = c.relname AND p2.ord < p.ord),
               c.relkind = 'S' AND EXISTS (
                 SELECT FROM pg_catalog.pg_depend d
                 WHERE d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass
                   AND d.objid = c.oid
                   AND d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass
                   AND d.refobjsubid > 0
                   AND d.deptype IN ('a', 'i'))
        FROM pg_catalog.pg_class c
        JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
        LEFT JOIN path p ON p.nspname = n.nspname
        LEFT JOIN pg_catalog.pg_class rc
          ON c.relispartition AND rc.oid = pg_catalog.pg_partition_root(c.oid)
        LEFT JOIN pg_catalog.pg_namespace rn ON rn.oid = rc.relnamespace
        WHERE c.relkind IN ('r', 'p', 'S')
          AND c.relpersistence <> 't'
          AND n.nspname <> 'information_schema'
          AND n.nspname NOT LIKE 'pg\\_%'
        """;
    // User schemas cannot start with "pg_": that excludes pg_catalog, pg_toast and the temp
    // schemas in one condition.
    List<Candidate> result = new ArrayList<>();
    try (PreparedStatement ps = connection.prepareStatement(sql)) {
      ps.setString(1, CatalogQueries.textArray(searchPath));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String rootSchema = rs.getString(6);
          result.add(
              new Candidate(
                  rs.getLong(1),
                  new TableId(rs.getString(2), rs.getString(3)),
                  rs.getString(4).charAt(0),
                  rs.getBoolean(5),
                  rootSchema == null ? null : new TableId(rootSchema, rs.getString(7)),
                  rs.getBoolean(8),
                  rs.getBoolean(9)));
        }
      }
    }
    return result;
  }

  /** Applies a {@link TableSelection} to the candidates; pure, so unit tests can drive it. */
  static final class Selector {
    private final List<TablePattern> schemas;
    private final List<TablePattern> tables;
    private final List<TablePattern> excludeSchemas;
    private final List<TablePattern> excludeTables;
    private final boolean strict;

    Selector(TableSelection selection) {
      this(selection, true);
    }

    /**
     * @param strict whether an include pattern that matches no table is an error; otherwise it
     *     selects nothing
     */
    Selector(TableSelection selection, boolean strict) {
      this.strict = strict;
      // Parse every pattern first, so a malformed one fails before any query runs.
      this.schemas = selection.schemas().stream().map(TablePattern::schema).toList();
      this.tables = selection.tables().stream().map(TablePattern::table).toList();
      this.excludeSchemas = selection.excludeSchemas().stream().map(TablePattern::schema).toList();
      this.excludeTables = selection.excludeTables().stream().map(TablePattern::table).toList();
    }

    private boolean byDefault() {
      return schemas.isEmpty() && tables.isEmpty();
    }

    List<Candidate> select(List<Candidate> candidates, String defaultPath) {
      List<Candidate> exportable =
          candidates.stream().filter(c -> c.isTable() && !c.partition()).toList();
      Set<Candidate> chosen = new LinkedHashSet<>();
      if (byDefault()) {
        exportable.stream().filter(c -> c.id().schema().equals("public")).forEach(chosen::add);
      }
      for (TablePattern p : schemas) {
        List<Candidate> matches =
            exportable.stream().filter(c -> p.matchesSchema(c.id().schema())).toList();
        if (matches.isEmpty() && strict) {
          throw new PgsnapException(
              ErrorCode.USAGE,
              "--schema pattern '"
                  + p.text()
                  + "' matches no table: no schema of that name holds an ordinary or"
                  + " partitioned table. Check the spelling, and double-quote names with upper-case"
                  + " letters ('\"MySchema\"').");
        }
        chosen.addAll(matches);
      }
      for (TablePattern p : tables) {
        List<Candidate> matches = exportable.stream().filter(c -> matches(p, c)).toList();
        if (matches.isEmpty() && strict) {
          throw noTableError(p, candidates, defaultPath);
        }
        chosen.addAll(matches);
      }
      return chosen.stream()
          .filter(c -> excludeSchemas.stream().noneMatch(p -> p.matchesSchema(c.id().schema())))
          .filter(c -> excludeTables.stream().noneMatch(p -> matches(p, c)))
          .toList();
    }

    /**
     * Sequences no column owns, in the selected schemas, when the selection is by schema or the
     * default; owned sequences come with their tables.
     */
    List<Long> standaloneSequences(List<Candidate> candidates) {
      if (!tables.isEmpty()) {
        return List.of();
      }
      return candidates.stream()
          .filter(c -> c.relkind() == 'S' && !c.ownedSequence())
          .filter(
              c ->
                  byDefault()
                      ? c.id().schema().equals("public")
                      : schemas.stream().anyMatch(p -> p.matchesSchema(c.id().schema())))
          .filter(c -> excludeSchemas.stream().noneMatch(p -> p.matchesSchema(c.id().schema())))
          .filter(c -> excludeTables.stream().noneMatch(p -> matches(p, c)))
          .map(Candidate::oid)
          .toList();
    }

    private static boolean matches(TablePattern p, Candidate c) {
      return p.matches(c.id()) && (p.isQualified() || c.visible());
    }

    private static PgsnapException noTableError(
        TablePattern p, List<Candidate> candidates, String defaultPath) {
      String start = "--table pattern '" + p.text() + "' matches no table";
      List<Candidate> partitions =
          candidates.stream()
              .filter(c -> c.isTable() && c.partition() && matches(p, c))
              .sorted((a, b) -> a.id().compareTo(b.id()))
              .toList();
      if (!partitions.isEmpty()) {
        Candidate first = partitions.get(0);
        return new PgsnapException(
            ErrorCode.USAGE,
            start
                + ": "
                + first.id()
                + " is a partition of "
                + first.root()
                + "; pgsnap exports partitions through their root, select "
                + first.root()
                + ".");
      }
      if (!p.isQualified()) {
        List<TableId> elsewhere =
            candidates.stream()
                .filter(c -> c.isTable() && !c.partition() && p.matches(c.id()))
                .map(Candidate::id)
                .sorted()
                .limit(5)
                .toList();
        if (!elsewhere.isEmpty()) {
          return new PgsnapException(
              ErrorCode.USAGE,
              start
                  + " on the search path ("
                  + defaultPath
                  + "), but matches "
                  + elsewhere.stream().map(TableId::toString).collect(Collectors.joining(", "))
                  + "; qualify the pattern with its schema, e.g. '"
                  + elsewhere.get(0).schema()
                  + "."
                  + p.text()
                  + "'.");
        }
      }
      return new PgsnapException(
          ErrorCode.USAGE,
          start
              + ". Check the spelling, qualify it with its schema (schema.table), and"
              + " double-quote names with upper-case letters or dots ('\"MyTable\"').");
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Per-table facts, each read for all selected tables at once

  private void readTableFacts(List<Long> oids, Map<Long, TableBuilder> tables) throws SQLException {
    String sql =
        """
        SELECT c.oid, c.relkind, c.relpersistence = 'u', c.relrowsecurity,
               pg_catalog.row_security_active(c.oid),
               pg_catalog.has_table_privilege(c.oid, 'SELECT'),
               GREATEST(c.reltuples, 0)::pg_catalog.int8,
               pg_catalog.pg_table_size(c.oid),
               CASE WHEN c.relkind = 'p' THEN pg_catalog.pg_get_partkeydef(c.oid) END
        FROM pg_catalog.pg_class c
        WHERE c.oid = ANY (?::pg_catalog.oid[])
        """;
    queries.forEachRow(
        sql,
        oids,
        rs -> {
          TableBuilder t = tables.get(rs.getLong(1));
          t.kind = rs.getString(2).equals("p") ? Table.Kind.PARTITIONED : Table.Kind.ORDINARY;
          // UNLOGGED on a partitioned table has no effect (its partitions keep their own
          // persistence) and PostgreSQL 18 rejects it, so it is not carried over.
          t.unlogged = rs.getBoolean(3) && t.kind == Table.Kind.ORDINARY;
          t.rowSecurity = rs.getBoolean(4);
          t.rowSecurityApplies = rs.getBoolean(5);
          t.readable = rs.getBoolean(6);
          t.estimatedRows = rs.getLong(7);
          t.estimatedBytes = rs.getLong(8);
          t.partitionKey = rs.getString(9);
        });
  }

  private void readColumns(List<Long> oids, Map<Long, TableBuilder> tables) throws SQLException {
    // A column an inheritance child takes unchanged from a parent (same NOT NULL, collation,
    // default and generation) is created by INHERITS and left out of the child's column list; one
    // the child changed is listed, and PostgreSQL merges it with the inherited definition.
    String sql =
        """
        SELECT a.attrelid, a.attname,
               pg_catalog.format_type(a.atttypid, a.atttypmod),
               a.attnotnull,
               pg_catalog.pg_get_expr(d.adbin, d.adrelid),
               a.attgenerated,
               a.attidentity,
               cn.nspname, co.collname,
               NOT a.attislocal AND EXISTS (
                 SELECT FROM pg_catalog.pg_inherits i
                 JOIN pg_catalog.pg_attribute pa
                   ON pa.attrelid = i.inhparent AND pa.attname = a.attname AND NOT pa.attisdropped
                 LEFT JOIN pg_catalog.pg_attrdef pd
                   ON pd.adrelid = pa.attrelid AND pd.adnum = pa.attnum
                 WHERE i.inhrelid = a.attrelid
                   AND (pa.attnotnull OR NOT a.attnotnull)
                   AND pa.attcollation = a.attcollation
                   AND pa.attgenerated = a.attgenerated
                   AND pg_catalog.pg_get_expr(pd.adbin, pd.adrelid)
                       IS NOT DISTINCT FROM pg_catalog.pg_get_expr(d.adbin, d.adrelid))
        FROM pg_catalog.pg_attribute a
        JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
        LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
        LEFT JOIN pg_catalog.pg_collation co
          ON co.oid = a.attcollation AND a.attcollation <> t.typcollation
        LEFT JOIN pg_catalog.pg_namespace cn ON cn.oid = co.collnamespace
        WHERE a.attrelid = ANY (?::pg_catalog.oid[]) AND a.attnum > 0 AND NOT a.attisdropped
        ORDER BY a.attrelid, a.attnum
        """;
    queries.forEachRow(
        sql,
        oids,
        rs -> {
          TableBuilder t = tables.get(rs.getLong(1));
          String expression = rs.getString(5);
          Column.Generated generated =
              switch (rs.getString(6)) {
                case "s" -> Column.Generated.STORED;
                case "v" -> Column.Generated.VIRTUAL;
                default -> Column.Generated.NONE;
              };
          Column.Identity identity =
              switch (rs.getString(7)) {
                case "a" -> Column.Identity.ALWAYS;
                case "d" -> Column.Identity.BY_DEFAULT;
                default -> Column.Identity.NONE;
              };
          String collationSchema = rs.getString(8);
          String collation =
              collationSchema == null
                  ? null
                  : Identifiers.quote(collationSchema) + "." + Identifiers.quote(rs.getString(9));
          boolean isGenerated = generated != Column.Generated.NONE;
          Column column =
              new Column(
                  rs.getString(2),
                  rs.getString(3),
                  rs.getBoolean(4),
                  isGenerated ? null : expression,
                  generated,
                  isGenerated ? expression : null,
                  identity,
                  collation);
          t.columns.add(new PendingColumn(column, rs.getBoolean(10)));
        });
  }

  private void readConstraints(List<Long> oids, Map<Long, TableBuilder> tables)
      throws SQLException {
    // conparentid <> 0 marks copies PostgreSQL makes on partitions and, for a foreign key that
    // references a partitioned table, on the referencing side for each partition: they come back
    // with the constraint they derive from. Inherited CHECKs of inheritance children come with
    // INHERITS.
    String sql =
        """
        SELECT co.conrelid, co.conname, co.contype,
               pg_catalog.pg_get_constraintdef(co.oid),
               co.condeferrable, fn.nspname, fc.relname,
               ARRAY(SELECT a.attname::pg_catalog.text
                     FROM pg_catalog.unnest(co.conkey) WITH ORDINALITY AS k(attnum, ord)
                     JOIN pg_catalog.pg_attribute a
                       ON a.attrelid = co.conrelid AND a.attnum = k.attnum
                     ORDER BY k.ord),
               ARRAY(SELECT a.attname::pg_catalog.text
                     FROM pg_catalog.unnest(co.confkey) WITH ORDINALITY AS k(attnum, ord)
                     JOIN pg_catalog.pg_attribute a
                       ON a.attrelid = co.confrelid AND a.attnum = k.attnum
                     ORDER BY k.ord)
        FROM pg_catalog.pg_constraint co
        LEFT JOIN pg_catalog.pg_class fc ON fc.oid = co.confrelid
        LEFT JOIN pg_catalog.pg_namespace fn ON fn.oid = fc.relnamespace
        WHERE co.conrelid = ANY (?::pg_catalog.oid[])
          AND co.contype IN ('p', 'u', 'c', 'x', 'f')
          AND co.conparentid = 0
          AND (co.contype <> 'c' OR co.conislocal)
        ORDER BY co.conrelid, co.contype <> 'p', co.conname
        """;
    queries.forEachRow(
        sql,
        oids,
        rs -> {
          TableBuilder t = tables.get(rs.getLong(1));
          String name = rs.getString(2);
          String type = rs.getString(3);
          String definition = rs.getString(4);
          List<String> keys = CatalogQueries.strings(rs.getArray(8));
          switch (type) {
            case "f" ->
                t.foreignKeys.add(
                    new ForeignKey(
                        name,
                        keys,
                        new TableId(rs.getString(6), rs.getString(7)),
                        CatalogQueries.strings(rs.getArray(9)),
                        rs.getBoolean(5),
                        definition));
            case "p" -> {
              t.primaryKey = keys;
              t.constraints.add(new Constraint(name, Constraint.Kind.PRIMARY_KEY, definition));
            }
            case "u" -> t.constraints.add(new Constraint(name, Constraint.Kind.UNIQUE, definition));
            case "x" ->
                t.constraints.add(new Constraint(name, Constraint.Kind.EXCLUSION, definition));
            default -> t.constraints.add(new Constraint(name, Constraint.Kind.CHECK, definition));
          }
        });
  }

  private void readIndexes(List<Long> oids, Map<Long, TableBuilder> tables) throws SQLException {
    // Indexes behind primary key, unique and exclusion constraints are made by the constraint.
    // Invalid indexes (a failed CREATE INDEX CONCURRENTLY) are skipped as pg_dump skips them; on a
    // partitioned table an index is invalid while a partition lacks its index, and still belongs.
    String sql =
        """
        SELECT i.indrelid, ic.relname, pg_catalog.pg_get_indexdef(i.indexrelid),
               pg_catalog.quote_ident(ic.relname), i.indisunique
        FROM pg_catalog.pg_index i
        JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
        WHERE i.indrelid = ANY (?::pg_catalog.oid[])
          AND NOT i.indisprimary
          AND (i.indisvalid OR ic.relkind = 'I')
          AND NOT EXISTS (
            SELECT FROM pg_catalog.pg_constraint co
            WHERE co.conindid = i.indexrelid
              AND co.conrelid = i.indrelid
              AND co.contype IN ('p', 'u', 'x'))
        ORDER BY i.indrelid, ic.relname
        """;
    queries.forEachRow(
        sql,
        oids,
        rs ->
            tables
                .get(rs.getLong(1))
                .indexes
                .add(
                    new DdlWriter.IndexDef(
                        new Index(rs.getString(2), rs.getString(3)),
                        rs.getString(4),
                        rs.getBoolean(5))));
  }

  private void readInheritance(List<Long> oids, Map<Long, TableBuilder> tables)
      throws SQLException {
    String sql =
        """
        SELECT i.inhrelid, n.nspname, c.relname
        FROM pg_catalog.pg_inherits i
        JOIN pg_catalog.pg_class c ON c.oid = i.inhparent
        JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
        WHERE i.inhrelid = ANY (?::pg_catalog.oid[])
        ORDER BY i.inhrelid, i.inhseqno
        """;
    queries.forEachRow(
        sql,
        oids,
        rs ->
            tables
                .get(rs.getLong(1))
                .inheritsFrom
                .add(new TableId(rs.getString(2), rs.getString(3))));
  }

  private void readPartitions(List<Long> roots, Map<Long, TableBuilder> tables)
      throws SQLException {
    if (roots.isEmpty()) {
      return;
    }
    // pg_partition_tree lists the root (level 0) and everything below it; level order puts
    // parents before their children.
    String sql =
        """
        SELECT r.root, n.nspname, c.relname, pn.nspname, pc.relname,
               pg_catalog.pg_get_expr(c.relpartbound, c.oid),
               CASE WHEN c.relkind = 'p' THEN pg_catalog.pg_get_partkeydef(c.oid) END,
               c.relpersistence = 'u', t.isleaf, t.level,
               GREATEST(c.reltuples, 0)::pg_catalog.int8,
               pg_catalog.pg_table_size(c.oid), c.oid
        FROM pg_catalog.unnest(?::pg_catalog.oid[]) AS r(root)
        CROSS JOIN LATERAL pg_catalog.pg_partition_tree(r.root) AS t
        JOIN pg_catalog.pg_class c ON c.oid = t.relid
        JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
        JOIN pg_catalog.pg_class pc ON pc.oid = t.parentrelid
        JOIN pg_catalog.pg_namespace pn ON pn.oid = pc.relnamespace
        WHERE t.level > 0
        """;
    Map<Long, List<PendingPartition>> byRoot = new HashMap<>();
    queries.forEachRow(
        sql,
        roots,
        rs -> {
          TableBuilder t = tables.get(rs.getLong(1));
          Partition p =
              new Partition(
                  new TableId(rs.getString(2), rs.getString(3)),
                  new TableId(rs.getString(4), rs.getString(5)),
                  rs.getString(6),
                  rs.getString(7));
          t.partitionOids.put(p.id(), rs.getLong(13));
          byRoot
              .computeIfAbsent(t.oid, k -> new ArrayList<>())
              .add(
                  new PendingPartition(
                      new DdlWriter.PartitionDef(p, rs.getBoolean(8)), rs.getInt(10)));
          if (rs.getBoolean(9)) {
            // A partitioned table holds no rows itself; its size is its leaves'.
            t.leafRows += rs.getLong(11);
            t.leafBytes += rs.getLong(12);
          }
        });
    for (Map.Entry<Long, List<PendingPartition>> e : byRoot.entrySet()) {
      TableBuilder t = tables.get(e.getKey());
      e.getValue().stream()
          .sorted(
              (a, b) ->
                  a.level != b.level
                      ? Integer.compare(a.level, b.level)
                      : a.def.partition().id().compareTo(b.def.partition().id()))
          .forEach(p -> t.partitions.add(p.def));
    }
  }

  private record PendingPartition(DdlWriter.PartitionDef def, int level) {}

  // ---------------------------------------------------------------------------------------------
  // Sequences

  private List<Sequence> readSequences(
      List<Long> tableOids, List<Long> standalone, Set<TableId> unreadableTables)
      throws SQLException {
    if (tableOids.isEmpty() && standalone.isEmpty()) {
      return List.of();
    }
    String sql =
        """
        WITH wanted AS (
          SELECT d.objid AS seq
          FROM pg_catalog.pg_depend d
          WHERE d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass
            AND d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass
            AND d.refobjid = ANY (?::pg_catalog.oid[])
            AND d.refobjsubid > 0
            AND d.deptype IN ('a', 'i')
          UNION
          SELECT d.refobjid
          FROM pg_catalog.pg_attrdef ad
          JOIN pg_catalog.pg_depend d
            ON d.classid = 'pg_catalog.pg_attrdef'::pg_catalog.regclass
           AND d.objid = ad.oid
           AND d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass
          WHERE ad.adrelid = ANY (?::pg_catalog.oid[])
          UNION
          SELECT s.oid FROM pg_catalog.unnest(?::pg_catalog.oid[]) AS s(oid)
        )
        SELECT c.oid, n.nspname, c.relname,
               pg_catalog.format_type(s.seqtypid, NULL),
               s.seqstart, s.seqincrement, s.seqmin, s.seqmax, s.seqcache, s.seqcycle,
               o.nspname, o.relname, o.attname, o.deptype = 'i',
               pg_catalog.has_sequence_privilege(c.oid, 'SELECT')
        FROM wanted w
        JOIN pg_catalog.pg_class c ON c.oid = w.seq AND c.relkind = 'S'
        JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
        JOIN pg_catalog.pg_sequence s ON s.seqrelid = c.oid
        LEFT JOIN LATERAL (
          SELECT tn.nspname, tc.relname, ta.attname, d.deptype
          FROM pg_catalog.pg_depend d
          JOIN pg_catalog.pg_class tc ON tc.oid = d.refobjid
          JOIN pg_catalog.pg_namespace tn ON tn.oid = tc.relnamespace
          JOIN pg_catalog.pg_attribute ta
            ON ta.attrelid = d.refobjid AND ta.attnum = d.refobjsubid
          WHERE d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass
            AND d.objid = c.oid
            AND d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass
            AND d.refobjsubid > 0
            AND d.deptype IN ('a', 'i')
          LIMIT 1
        ) o ON true
        """;
    List<PendingSequence> pending = new ArrayList<>();
    Set<TableId> unreadable = new TreeSet<>();
    try (PreparedStatement ps = connection.prepareStatement(sql)) {
      ps.setString(1, CatalogQueries.oidArray(tableOids));
      ps.setString(2, CatalogQueries.oidArray(tableOids));
      ps.setString(3, CatalogQueries.oidArray(standalone));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          TableId id = new TableId(rs.getString(2), rs.getString(3));
          String ownerSchema = rs.getString(11);
          Sequence.OwnedBy ownedBy =
              ownerSchema == null
                  ? null
                  : new Sequence.OwnedBy(
                      new TableId(ownerSchema, rs.getString(12)), rs.getString(13));
          if (!rs.getBoolean(15)) {
            // The sequence of a table the user cannot read is left out: the table is marked
            // unreadable, and the export's permission check names the table, which is the
            // more useful message.
            if (ownedBy == null || !unreadableTables.contains(ownedBy.table())) {
              unreadable.add(id);
            }
            continue;
          }
          pending.add(
              new PendingSequence(
                  id,
                  rs.getString(4),
                  rs.getLong(5),
                  rs.getLong(6),
                  rs.getLong(7),
                  rs.getLong(8),
                  rs.getLong(9),
                  rs.getBoolean(10),
                  ownedBy,
                  rs.getBoolean(14)));
        }
      }
    }
    if (!unreadable.isEmpty()) {
      // Reading an unreadable sequence would abort the caller's transaction; say so up front.
      throw new PgsnapException(
          ErrorCode.PERMISSION,
          "cannot read the value of sequence "
              + unreadable.stream().map(TableId::toString).collect(Collectors.joining(", "))
              + ": the user lacks SELECT on it. Run GRANT SELECT ON SEQUENCE "
              + unreadable.stream().map(TableId::sql).collect(Collectors.joining(", "))
              + " TO the exporting user, or exclude the tables that use it.");
    }
    pending.sort((a, b) -> a.id.compareTo(b.id));
    List<Sequence> result = new ArrayList<>();
    for (int from = 0; from < pending.size(); from += SEQUENCE_BATCH) {
      List<PendingSequence> batch =
          pending.subList(from, Math.min(pending.size(), from + SEQUENCE_BATCH));
      result.addAll(readSequenceValues(batch));
    }
    return result;
  }

  private record PendingSequence(
      TableId id,
      String dataType,
      long start,
      long increment,
      long minValue,
      long maxValue,
      long cache,
      boolean cycle,
      Sequence.OwnedBy ownedBy,
      boolean identity) {}

  /**
   * The values live in the sequence relation itself; pg_sequences hides last_value when is_called
   * is false, and is_called is what a restore must reproduce.
   */
  private List<Sequence> readSequenceValues(List<PendingSequence> batch) throws SQLException {
    StringBuilder sql = new StringBuilder();
    for (int i = 0; i < batch.size(); i++) {
      if (i > 0) {
        sql.append(" UNION ALL ");
      }
      sql.append("SELECT ")
          .append(i)
          .append(", last_value, is_called FROM ")
          .append(batch.get(i).id.sql());
    }
    long[] values = new long[batch.size()];
    boolean[] called = new boolean[batch.size()];
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery(sql.toString())) {
      while (rs.next()) {
        int i = rs.getInt(1);
        values[i] = rs.getLong(2);
        called[i] = rs.getBoolean(3);
      }
    }
    List<Sequence> result = new ArrayList<>();
    for (int i = 0; i < batch.size(); i++) {
      PendingSequence p = batch.get(i);
      result.add(
          new Sequence(
              p.id,
              p.dataType,
              p.start,
              p.increment,
              p.minValue,
              p.maxValue,
              p.cache,
              p.cycle,
              values[i],
              called[i],
              p.ownedBy,
              p.identity));
    }
    return result;
  }

  // ---------------------------------------------------------------------------------------------
  // Assembly

  private record PendingColumn(Column column, boolean inheritedUnchanged) {}

  /** Collects one table's facts while the set-based queries stream in. */
  private static final class TableBuilder {
    final long oid;
    final TableId id;
    Table.Kind kind = Table.Kind.ORDINARY;
    boolean unlogged;
    boolean rowSecurity;
    boolean rowSecurityApplies;
    boolean readable;
    long estimatedRows;
    long estimatedBytes;
    long leafRows;
    long leafBytes;
    String partitionKey;
    List<String> primaryKey = List.of();
    final List<PendingColumn> columns = new ArrayList<>();
    final List<Constraint> constraints = new ArrayList<>();
    final List<ForeignKey> foreignKeys = new ArrayList<>();
    final List<DdlWriter.IndexDef> indexes = new ArrayList<>();
    final List<TableId> inheritsFrom = new ArrayList<>();
    final List<DdlWriter.PartitionDef> partitions = new ArrayList<>();
    final Map<TableId, Long> partitionOids = new HashMap<>();

    TableBuilder(long oid, TableId id) {
      this.oid = oid;
      this.id = id;
    }

    Table build(Map<String, Sequence> identitySequences, Map<Long, Attached> attached) {
      List<DdlWriter.ColumnDef> columnDefs = new ArrayList<>();
      for (PendingColumn c : columns) {
        columnDefs.add(
            new DdlWriter.ColumnDef(
                c.column(),
                c.inheritedUnchanged(),
                identitySequences.get(columnKey(id, c.column().name()))));
      }
      Set<TableId> dependsOn = new TreeSet<>();
      for (ForeignKey fk : foreignKeys) {
        if (!fk.referencedTable().equals(id)) {
          dependsOn.add(fk.referencedTable());
        }
      }
      boolean partitioned = kind == Table.Kind.PARTITIONED;
      Ddl ddl =
          DdlWriter.write(
              id,
              kind,
              unlogged,
              columnDefs,
              partitionKey,
              inheritsFrom,
              partitions,
              constraints,
              indexes,
              foreignKeys);
      return new Table(
          id,
          kind,
          unlogged,
          columns.stream().map(PendingColumn::column).toList(),
          primaryKey,
          constraints,
          foreignKeys,
          indexes.stream().map(DdlWriter.IndexDef::index).toList(),
          inheritsFrom,
          partitions.stream()
              .map(
                  d ->
                      d.partition()
                          .withAttached(attached.get(partitionOids.get(d.partition().id()))))
              .toList(),
          List.copyOf(dependsOn),
          rowSecurity,
          rowSecurityApplies,
          readable,
          partitioned ? leafRows : estimatedRows,
          partitioned ? leafBytes : estimatedBytes,
          ddl,
          attached.get(oid));
    }
  }

  private static String columnKey(TableId table, String column) {
    return table.schema() + '\0' + table.name() + '\0' + column;
  }

  // ---------------------------------------------------------------------------------------------
  // JDBC plumbing

  /**
   * A failure to read the catalog. A lost connection (a terminated backend included) is a
   * connection failure here as in every other command, so it exits with the same status.
   */
  static PgsnapException databaseError(SQLException e) {
    ErrorCode code;
    if (SqlStates.isConnectionLost(e)) {
      code = ErrorCode.CONNECTION;
    } else if ("42501".equals(e.getSQLState())) {
      code = ErrorCode.PERMISSION;
    } else {
      code = ErrorCode.FAILURE;
    }
    return new PgsnapException(code, "could not read the catalog: " + e.getMessage(), e);
  }
}
