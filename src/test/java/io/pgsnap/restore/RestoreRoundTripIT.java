package io.pgsnap.restore;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.pgsnap.ExportOptions;
import io.pgsnap.Pgsnap;
import io.pgsnap.RestoreOptions;
import io.pgsnap.catalog.TableSelection;
import io.pgsnap.snapshot.Compression;
import io.pgsnap.snapshot.DataFormat;
import io.pgsnap.testsupport.AcrossServers;
import io.pgsnap.testsupport.Cli;
import io.pgsnap.testsupport.OnOneServer;
import io.pgsnap.testsupport.PgServer;
import io.pgsnap.testsupport.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exactness round trip: a database of edge cases is exported, restored into a second database
 * and read back, and every row of every table must read exactly as in the source.
 *
 * <p>The source holds {@code export/edge-cases.sql} and {@code restore/round-trip-extra.sql} (with
 * the types of {@code export/edge-case-types.sql} and {@code restore/round-trip-extra-types.sql});
 * the 64 MiB and 16 MiB values of {@code restore/large-values.sql} have a test and a source of
 * their own. Rows are compared by their text form ({@code ROW(r.*)::text}, which no column name can
 * shadow) read under the same session settings on both sides, as sorted lists: a partitioned table
 * through its root, every other table (partitions and inheritance parents included) with {@code
 * ONLY}. Targets either have the source's tables, emptied (the fixture scripts run, then every
 * table is truncated and every sequence restarted), or only its schemas and types, and are restored
 * into with {@code --create}. Each round trip runs on every major, except where noted.
 */
class RestoreRoundTripIT {
  private static final String EDGE_CASE_TYPES = "/export/edge-case-types.sql";
  private static final String EXTRA_TYPES = "/restore/round-trip-extra-types.sql";
  private static final String EDGE_CASES = "/export/edge-cases.sql";
  private static final String EXTRA = "/restore/round-trip-extra.sql";
  private static final String LARGE_VALUES = "/restore/large-values.sql";

  private static final String SCHEMAS = "ARRAY['public', 'app', 'Other Schema']";
  private static final TableSelection EVERYTHING =
      new TableSelection(
          List.of("public", "app", "\"Other Schema\""), List.of(), List.of(), List.of());

  /** The settings both sides are read under, so that equal values print equally. */
  private static final List<String> READ_SETTINGS =
      List.of(
          "SET extra_float_digits = 3",
          "SET DateStyle = 'ISO, YMD'",
          "SET IntervalStyle = 'postgres'",
          "SET TimeZone = 'UTC'",
          "SET bytea_output = 'hex'",
          "SELECT pg_catalog.set_config('search_path', '', false)");

  /** Every table of the schemas, as a quoted name and whether it is partitioned. */
  private static final String TABLES =
      "SELECT pg_catalog.quote_ident(n.nspname) || '.' || pg_catalog.quote_ident(c.relname),"
          + " c.relkind = 'p'"
          + " FROM pg_catalog.pg_class c"
          + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
          + " WHERE n.nspname = ANY ("
          + SCHEMAS
          + ") AND c.relkind IN ('r', 'p')"
          + " ORDER BY 1";

  @TempDir Path out;

  // ---------------------------------------------------------------------------------------------
  // Rows

  @AcrossServers
  void csvSnapshotRestoresIntoExistingEmptyTablesExactly(PgServer server) throws Exception {
    try (TestDatabase source = edgeCases(server);
        TestDatabase target = emptiedEdgeCases(server)) {
      restore(target, export(source, DataFormat.CSV), RestoreOptions.defaults());
      assertSameRows(source, target);
    }
  }

  // JSON Lines are decoded by pgsnap alone; the round trip with --create below decodes the same
  // rows on every major.
  @OnOneServer
  void jsonLinesSnapshotRestoresIntoExistingEmptyTablesExactly(PgServer server) throws Exception {
    try (TestDatabase source = edgeCases(server);
        TestDatabase target = emptiedEdgeCases(server)) {
      restore(target, export(source, DataFormat.JSONL), RestoreOptions.defaults());
      assertSameRows(source, target);
    }
  }

  // On every major, the CSV rows are compared into existing tables above, and the tables CSV
  // restores with --create are compared in full below.
  @OnOneServer
  void csvSnapshotRestoresWithCreateExactly(PgServer server) throws Exception {
    try (TestDatabase source = edgeCases(server);
        TestDatabase target = typesOnly(server)) {
      restore(target, export(source, DataFormat.CSV), RestoreOptions.defaults().withCreate(true));
      assertSameRows(source, target);
    }
  }

  @AcrossServers
  void jsonLinesSnapshotRestoresWithCreateExactly(PgServer server) throws Exception {
    try (TestDatabase source = edgeCases(server);
        TestDatabase target = typesOnly(server)) {
      restore(target, export(source, DataFormat.JSONL), RestoreOptions.defaults().withCreate(true));
      assertSameRows(source, target);
    }
  }

  /** The command line adds nothing the server sees: the library's round trips cover the majors. */
  @OnOneServer
  void theRestoreCommandRestoresWithCreateExactly(PgServer server) throws Exception {
    try (TestDatabase source = edgeCases(server);
        TestDatabase target = typesOnly(server)) {
      Path snapshot = export(source, DataFormat.CSV);
      Cli.Result result =
          Cli.run("restore", snapshot.toString(), "--url", target.uri(), "--create");
      assertEquals(0, result.exitCode(), result::all);
      assertSameRows(source, target);
    }
  }

  /**
   * The size of the values tests pgsnap's streaming, not the server, whose types print the same in
   * the round trips above on every major; at 30 to 50 s a server, it runs on one.
   */
  @OnOneServer
  void largeTextAndByteaValuesRoundTrip(PgServer server) throws Exception {
    try (TestDatabase source = server.createDatabase()) {
      source.runScript(LARGE_VALUES);
      assertEquals(
          List.of("1 67108864 ", "2  16777216"),
          strings(
              source,
              "SELECT id || ' ' || coalesce(octet_length(t)::text, '') || ' '"
                  + " || coalesce(octet_length(b)::text, '') FROM public.large_values ORDER BY id"),
          "the fixture's values are 64 MiB of text and 16 MiB of bytes");
      // A row's md5 and length stand for its text, so that neither side is held in memory.
      String digest =
          "SELECT r.id || ': md5 ' || md5(ROW(r.*)::text) || ', ' || length(ROW(r.*)::text)"
              + " || ' characters' FROM public.large_values r";
      List<String> expected = strings(source, digest);
      for (DataFormat format : DataFormat.values()) {
        try (TestDatabase target = server.createDatabase()) {
          Path snapshot = export(source, format, TableSelection.defaults());
          restore(target, snapshot, RestoreOptions.defaults().withCreate(true));
          assertSameRows("public.large_values (" + format + ")", expected, strings(target, digest));
        }
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Sequences, triggers, structure

  @AcrossServers
  void sequencesEndAtTheirSnapshotValues(PgServer server) throws Exception {
    try (TestDatabase source = edgeCases(server);
        TestDatabase existing = emptiedEdgeCases(server);
        TestDatabase created = typesOnly(server)) {
      Path snapshot = export(source, DataFormat.CSV);
      Map<String, String> expected = sequenceValues(source);
      assertNotEquals(expected, sequenceValues(existing), "the emptied target starts elsewhere");

      restore(existing, snapshot, RestoreOptions.defaults());
      assertEquals(expected, sequenceValues(existing), "sequences of the existing tables");

      restore(created, snapshot, RestoreOptions.defaults().withCreate(true));
      assertEquals(expected, sequenceValues(created), "sequences created with the tables");
    }
  }

  @AcrossServers
  void userTriggersDoNotFireOnRestoredRowsAndAreOnAgainAfterwards(PgServer server)
      throws Exception {
    try (TestDatabase source = edgeCases(server);
        TestDatabase target = emptiedEdgeCases(server)) {
      List<String> triggers =
          List.of(
              "\"Other Schema\".\"Audited Too\" \"Rewrite \"\"Note\"\" Trigger\" O",
              "public.audited log_insert A",
              "public.audited replica_only R",
              "public.audited rewrite_note O",
              "public.audited switched_off D",
              "public.measurements_default negate_value O");
      assertEquals(triggers, triggers(target), "the fixture's triggers");

      restore(target, export(source, DataFormat.CSV), RestoreOptions.defaults());

      assertSameRows(
          source,
          target,
          List.of(
              "public.audited",
              "public.audit_log",
              "\"Other Schema\".\"Audited Too\"",
              "public.measurements"));
      assertEquals(triggers, triggers(target), "every trigger is as it was before the restore");
      // And they fire again on rows written after the restore.
      target.execute(
          "INSERT INTO public.audited VALUES (3, 'written after the restore')",
          "INSERT INTO \"Other Schema\".\"Audited Too\" VALUES (2, 'written after the restore')",
          "INSERT INTO public.measurements VALUES (100000, '2030-01-01', 1)");
      assertEquals(
          List.of(
              "audited: rewritten",
              "Audited Too: rewritten",
              "measurements: -1",
              "audit log: audited loaded"),
          strings(
              target,
              "SELECT 'audited: ' || note FROM public.audited WHERE id = 3"
                  + " UNION ALL SELECT 'Audited Too: ' || \"Note\""
                  + " FROM \"Other Schema\".\"Audited Too\" WHERE \"Id\" = 2"
                  + " UNION ALL SELECT 'measurements: ' || value FROM public.measurements"
                  + " WHERE id = 100000"
                  + " UNION ALL SELECT 'audit log: ' || entry FROM public.audit_log"
                  + " WHERE entry <> 'before the triggers'"));
    }
  }

  /**
   * Tables created by {@code --create} have the source's columns, partitioning, constraints,
   * indexes and sequences, compared in full: names included, also those the server makes up (the
   * partitions' copies of keys and indexes, NOT NULL constraints on PostgreSQL 18). Left out,
   * because a table's DDL in a snapshot does not carry them: row security and its policies,
   * triggers, comments, privileges and storage options.
   */
  @AcrossServers
  void createdTablesHaveTheSourceColumnsConstraintsIndexesAndSequences(PgServer server)
      throws Exception {
    try (TestDatabase source = edgeCases(server);
        TestDatabase target = typesOnly(server)) {
      restore(target, export(source, DataFormat.CSV), RestoreOptions.defaults().withCreate(true));
      Map<String, String> aspects = new LinkedHashMap<>();
      aspects.put("tables", TABLE_SHAPES);
      aspects.put("columns", COLUMNS);
      aspects.put("constraints", CONSTRAINTS);
      aspects.put("indexes", INDEXES);
      aspects.put("sequences", SEQUENCE_SHAPES);
      List<Executable> checks = new ArrayList<>();
      for (Map.Entry<String, String> aspect : aspects.entrySet()) {
        List<String> expected = strings(source, aspect.getValue());
        List<String> actual = strings(target, aspect.getValue());
        checks.add(() -> assertSameElements(aspect.getKey(), expected, actual));
      }
      assertAll(checks);
    }
  }

  /** Each table: its kind, persistence, partition key and bound, and inheritance parents. */
  private static final String TABLE_SHAPES =
      "SELECT c.oid::regclass || ' relkind ' || c.relkind::text"
          + " || ' persistence ' || c.relpersistence::text"
          + " || coalesce(' PARTITION BY ' || pg_catalog.pg_get_partkeydef(c.oid), '')"
          + " || coalesce(' ' || pg_catalog.pg_get_expr(c.relpartbound, c.oid), '')"
          + " || coalesce(' INHERITS ' || (SELECT string_agg(i.inhparent::regclass::text, ', '"
          + "    ORDER BY i.inhseqno) FROM pg_catalog.pg_inherits i WHERE i.inhrelid = c.oid), '')"
          + " FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
          + " WHERE n.nspname = ANY ("
          + SCHEMAS
          + ") AND c.relkind IN ('r', 'p')";

  /**
   * Each table's columns in order (attribute numbers differ where the source dropped a column):
   * type, not-null, identity, default or generation expression, a collation other than the type's,
   * and whether the column is the table's own or inherited.
   */
  private static final String COLUMNS =
      "SELECT c.oid::regclass || ' (' || string_agg("
          + "   pg_catalog.quote_ident(a.attname) || ' '"
          + "   || pg_catalog.format_type(a.atttypid, a.atttypmod)"
          + "   || CASE WHEN a.attnotnull THEN ' NOT NULL' ELSE '' END"
          + "   || CASE a.attidentity WHEN 'a' THEN ' GENERATED ALWAYS AS IDENTITY'"
          + "        WHEN 'd' THEN ' GENERATED BY DEFAULT AS IDENTITY' ELSE '' END"
          + "   || CASE WHEN a.attgenerated = 's'"
          + "        THEN ' GENERATED ALWAYS AS ' || pg_catalog.pg_get_expr(d.adbin, d.adrelid)"
          + "        ELSE coalesce(' DEFAULT ' || pg_catalog.pg_get_expr(d.adbin, d.adrelid), '')"
          + "      END"
          + "   || CASE WHEN a.attcollation <> t.typcollation"
          + "        THEN ' COLLATE ' || a.attcollation::regcollation ELSE '' END"
          + "   || CASE WHEN a.attislocal THEN '' ELSE ' inherited' END,"
          + "   ', ' ORDER BY a.attnum) || ')'"
          + " FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
          + " JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid"
          + "   AND a.attnum > 0 AND NOT a.attisdropped"
          + " LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum"
          + " JOIN pg_catalog.pg_type t ON t.oid = a.atttypid"
          + " WHERE n.nspname = ANY ("
          + SCHEMAS
          + ") AND c.relkind IN ('r', 'p')"
          + " GROUP BY c.oid";

  /** Every constraint of every table, by name and definition. */
  private static final String CONSTRAINTS =
      "SELECT k.conrelid::regclass || ' ' || pg_catalog.quote_ident(k.conname) || ' '"
          + " || pg_catalog.pg_get_constraintdef(k.oid)"
          + " FROM pg_catalog.pg_constraint k"
          + " JOIN pg_catalog.pg_class c ON c.oid = k.conrelid"
          + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
          + " WHERE n.nspname = ANY ("
          + SCHEMAS
          + ")";

  /** Every index, by its definition (which holds its name). */
  private static final String INDEXES =
      "SELECT indexdef FROM pg_catalog.pg_indexes WHERE schemaname = ANY (" + SCHEMAS + ")";

  /** Every sequence: type, bounds, step, cache, cycle, and the column that owns it. */
  private static final String SEQUENCE_SHAPES =
      "SELECT s.seqrelid::regclass || ' ' || pg_catalog.format_type(s.seqtypid, NULL)"
          + " || ' start ' || s.seqstart || ' increment ' || s.seqincrement"
          + " || ' min ' || s.seqmin || ' max ' || s.seqmax || ' cache ' || s.seqcache"
          + " || CASE WHEN s.seqcycle THEN ' cycle' ELSE '' END"
          + " || coalesce(' owned by ' || (SELECT d.refobjid::regclass || '.'"
          + "      || pg_catalog.quote_ident(a.attname) || ' (' || d.deptype::text || ')'"
          + "    FROM pg_catalog.pg_depend d JOIN pg_catalog.pg_attribute a"
          + "      ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid"
          + "    WHERE d.classid = 'pg_catalog.pg_class'::regclass AND d.objid = s.seqrelid"
          + "      AND d.refclassid = 'pg_catalog.pg_class'::regclass"
          + "      AND d.deptype IN ('a', 'i')), '')"
          + " FROM pg_catalog.pg_sequence s JOIN pg_catalog.pg_class c ON c.oid = s.seqrelid"
          + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
          + " WHERE n.nspname = ANY ("
          + SCHEMAS
          + ")";

  // ---------------------------------------------------------------------------------------------
  // Databases

  /** The source: every edge case of both fixtures. */
  private static TestDatabase edgeCases(PgServer server) {
    TestDatabase db = server.createDatabase();
    try {
      db.runScript(EDGE_CASE_TYPES);
      db.runScript(EXTRA_TYPES);
      db.runScript(EDGE_CASES);
      db.runScript(EXTRA);
      return db;
    } catch (RuntimeException e) {
      db.close();
      throw e;
    }
  }

  /**
   * A target with the source's tables (and triggers), every table emptied and every sequence
   * restarted, so that the restore has to set them.
   */
  private static TestDatabase emptiedEdgeCases(PgServer server) throws SQLException {
    TestDatabase db = edgeCases(server);
    try {
      List<String> tables = new ArrayList<>(tables(db).keySet());
      List<String> statements = new ArrayList<>();
      statements.add("TRUNCATE " + String.join(", ", tables));
      for (String sequence :
          strings(
              db,
              "SELECT c.oid::regclass::text FROM pg_catalog.pg_class c"
                  + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
                  + " WHERE c.relkind = 'S' AND n.nspname = ANY ("
                  + SCHEMAS
                  + ")")) {
        statements.add("ALTER SEQUENCE " + sequence + " RESTART");
      }
      db.execute(statements.toArray(String[]::new));
      return db;
    } catch (RuntimeException | SQLException e) {
      db.close();
      throw e;
    }
  }

  /** A target with the schemas, types and domains the tables need, and nothing else. */
  private static TestDatabase typesOnly(PgServer server) {
    TestDatabase db = server.createDatabase();
    try {
      db.runScript(EDGE_CASE_TYPES);
      db.runScript(EXTRA_TYPES);
      return db;
    } catch (RuntimeException e) {
      db.close();
      throw e;
    }
  }

  /** Exports the three schemas in {@code format}. */
  private Path export(TestDatabase db, DataFormat format) throws Exception {
    return export(db, format, EVERYTHING);
  }

  /** Exports in {@code format}, JSON Lines gzip-compressed and CSV with zstd. */
  private Path export(TestDatabase db, DataFormat format, TableSelection selection)
      throws Exception {
    Path dir = Files.createDirectories(out.resolve(db.name() + "-" + format));
    return Pgsnap.using(db.dataSource())
        .export(
            ExportOptions.defaults(dir)
                .withSelection(selection)
                .withFormat(format)
                .withCompression(format == DataFormat.JSONL ? Compression.GZIP : Compression.ZSTD))
        .snapshot();
  }

  private static void restore(TestDatabase target, Path snapshot, RestoreOptions options) {
    Pgsnap.using(target.dataSource()).restore(snapshot, options);
  }

  // ---------------------------------------------------------------------------------------------
  // Comparing

  /** Every table of the source reads the same in the target, and the target has no other. */
  private static void assertSameRows(TestDatabase source, TestDatabase target) throws SQLException {
    Map<String, Boolean> tables = tables(source);
    assertEquals(tables.keySet(), tables(target).keySet(), "the tables of the target");
    assertSameRows(source, target, List.copyOf(tables.keySet()));
  }

  /**
   * The given tables (quoted names) read the same in both databases. Every table is compared before
   * failing, and the message names each table that differs with its first differing row.
   */
  private static void assertSameRows(TestDatabase source, TestDatabase target, List<String> tables)
      throws SQLException {
    Map<String, Boolean> partitioned = tables(source);
    List<String> differences = new ArrayList<>();
    for (String table : tables) {
      String from = (partitioned.get(table) ? "" : "ONLY ") + table;
      String sql = "SELECT ROW(r.*)::text FROM " + from + " r";
      String difference = firstDifference(table, strings(source, sql), strings(target, sql));
      if (difference != null) {
        differences.add(difference);
      }
    }
    if (!differences.isEmpty()) {
      fail(
          differences.size()
              + " of "
              + tables.size()
              + " tables differ after the restore:\n"
              + String.join("\n", differences));
    }
  }

  private static void assertSameRows(String table, List<String> expected, List<String> actual) {
    String difference = firstDifference(table, expected, actual);
    if (difference != null) {
      fail(difference);
    }
  }

  /** Where two tables' rows, sorted, first differ; null when they do not. */
  private static String firstDifference(String table, List<String> source, List<String> target) {
    List<String> expected = source.stream().sorted().toList();
    List<String> actual = target.stream().sorted().toList();
    if (expected.equals(actual)) {
      return null;
    }
    int row = 0;
    while (row < expected.size()
        && row < actual.size()
        && expected.get(row).equals(actual.get(row))) {
      row++;
    }
    String e = row < expected.size() ? expected.get(row) : null;
    String a = row < actual.size() ? actual.get(row) : null;
    int at = 0;
    if (e != null && a != null) {
      while (at < e.length() && at < a.length() && e.charAt(at) == a.charAt(at)) {
        at++;
      }
    }
    return table
        + ": "
        + expected.size()
        + " rows in the source, "
        + actual.size()
        + " in the target; sorted row "
        + (row + 1)
        + " is the first to differ"
        + (e != null && a != null ? " (at character " + (at + 1) + ")" : "")
        + ":\n  source: "
        + excerpt(e, at)
        + "\n  target: "
        + excerpt(a, at);
  }

  /** {@code row} around position {@code at}, shortened to a readable length. */
  private static String excerpt(String row, int at) {
    if (row == null) {
      return "(no such row)";
    }
    int from = Math.max(0, at - 150);
    int to = Math.min(row.length(), at + 150);
    return (from > 0 ? "…" : "") + row.substring(from, to) + (to < row.length() ? "…" : "");
  }

  /** Two lists hold the same elements; the message shows what only one side has. */
  private static void assertSameElements(String what, List<String> source, List<String> target) {
    List<String> missing = new ArrayList<>(source);
    target.forEach(missing::remove);
    List<String> extra = new ArrayList<>(target);
    source.forEach(extra::remove);
    if (!missing.isEmpty() || !extra.isEmpty()) {
      fail(
          what
              + " differ between source and target:\n  only in the source:"
              + listed(missing)
              + "\n  only in the target:"
              + listed(extra));
    }
  }

  private static String listed(List<String> elements) {
    return elements.isEmpty()
        ? " none"
        : elements.stream().sorted().map(e -> "\n    " + e).collect(Collectors.joining());
  }

  /** The tables of the schemas by quoted name, each with whether it is partitioned. */
  private static Map<String, Boolean> tables(TestDatabase db) throws SQLException {
    Map<String, Boolean> tables = new LinkedHashMap<>();
    try (Connection c = reading(db);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(TABLES)) {
      while (rs.next()) {
        tables.put(rs.getString(1), rs.getBoolean(2));
      }
    }
    return tables;
  }

  /** Each sequence of the schemas with its {@code last_value} and {@code is_called}. */
  private static Map<String, String> sequenceValues(TestDatabase db) throws SQLException {
    Map<String, String> values = new LinkedHashMap<>();
    List<String> sequences =
        strings(
            db,
            "SELECT c.oid::regclass::text FROM pg_catalog.pg_class c"
                + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE c.relkind = 'S' AND n.nspname = ANY ("
                + SCHEMAS
                + ") ORDER BY 1");
    for (String sequence : sequences) {
      values.put(
          sequence,
          strings(
                  db,
                  "SELECT 'last_value ' || last_value || ', is_called ' || is_called FROM "
                      + sequence)
              .get(0));
    }
    return values;
  }

  /** The user triggers on tables of the schemas: relation, name, {@code tgenabled}. */
  private static List<String> triggers(TestDatabase db) throws SQLException {
    return strings(
        db,
        "SELECT t.tgrelid::regclass || ' ' || pg_catalog.quote_ident(t.tgname) || ' ' || t.tgenabled::text"
            + " FROM pg_catalog.pg_trigger t JOIN pg_catalog.pg_class c ON c.oid = t.tgrelid"
            + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
            + " WHERE NOT t.tgisinternal AND n.nspname = ANY ("
            + SCHEMAS
            + ") ORDER BY 1");
  }

  /** The first column of every row of {@code sql}, read under {@link #READ_SETTINGS}. */
  private static List<String> strings(TestDatabase db, String sql) throws SQLException {
    List<String> values = new ArrayList<>();
    try (Connection c = reading(db);
        PreparedStatement ps = c.prepareStatement(sql);
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        values.add(rs.getString(1));
      }
    }
    return values;
  }

  private static Connection reading(TestDatabase db) throws SQLException {
    Connection c = db.connect();
    try (Statement s = c.createStatement()) {
      for (String setting : READ_SETTINGS) {
        s.execute(setting);
      }
    } catch (SQLException e) {
      c.close();
      throw e;
    }
    return c;
  }
}
