package io.pgsnap.snapshot;

import io.pgsnap.ErrorCode;
import io.pgsnap.PgsnapException;
import io.pgsnap.catalog.Partition;
import io.pgsnap.catalog.Sequence;
import io.pgsnap.catalog.TableId;
import io.pgsnap.snapshot.SqlLexer.LexException;
import io.pgsnap.snapshot.SqlLexer.Token;
import io.pgsnap.snapshot.StatementShape.Mismatch;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.postgresql.core.NativeQuery;
import org.postgresql.core.Parser;

/**
 * The gate between a snapshot's DDL text and the database: a manifest is untrusted input, and its
 * DDL must run as exactly one statement of the kind its entry names, on the object it names. A
 * {@code createTable} entry that went on with {@code ; CREATE ROLE ... SUPERUSER}, or that creates
 * another table, is refused before anything runs.
 *
 * <p>Each statement is split twice, by {@link SqlLexer} (which knows PostgreSQL's comments, string
 * forms and quoted identifiers) and by pgjdbc's own parser, which decides what the driver sends;
 * both must see one statement. The shape is then read against what pgsnap itself writes (see {@link
 * StatementShape}), so a genuine snapshot always passes. Like pgsnap's sessions, the check assumes
 * {@code standard_conforming_strings} is on.
 *
 * <p>The check narrows what a snapshot can do; it does not make it harmless. A column default, a
 * check constraint or an index expression may still call any function the restoring role can call,
 * as with pg_restore and a dump.
 */
public final class DdlStatement {
  /** The data types a sequence can have, the only ones {@link Sequence#createSql} may embed. */
  private static final Set<String> SEQUENCE_TYPES = Set.of("smallint", "integer", "bigint");

  private static final String TAMPERED = "; the snapshot was tampered with or damaged";

  private DdlStatement() {}

  /** The kinds of statement a manifest's DDL holds, each named after its manifest entry. */
  public enum Kind {
    /** {@code CREATE [UNLOGGED] TABLE t (...)}. */
    CREATE_TABLE("createTable"),
    /** {@code CREATE [UNLOGGED] TABLE p PARTITION OF parent ...}. */
    PARTITION("partitions"),
    /** {@code ALTER TABLE [ONLY] t ADD CONSTRAINT c PRIMARY KEY|UNIQUE|CHECK|EXCLUDE ...}. */
    CONSTRAINT("constraints"),
    /** {@code CREATE [UNIQUE] INDEX i ON [ONLY] t USING ...}. */
    INDEX("indexes"),
    /** {@code ALTER TABLE [ONLY] t ADD CONSTRAINT c FOREIGN KEY ...}. */
    FOREIGN_KEY("foreignKeys"),
    /** {@code CREATE SEQUENCE s AS smallint|integer|bigint <options>}. */
    CREATE_SEQUENCE("sequence"),
    /** {@code ALTER SEQUENCE s OWNED BY t.column}. */
    SEQUENCE_OWNED_BY("sequence");

    private final String entry;

    Kind(String entry) {
      this.entry = entry;
    }

    /** The manifest entry that holds statements of this kind, for messages. */
    public String entry() {
      return entry;
    }
  }

  /**
   * What one statement must be.
   *
   * @param kind the kind of statement
   * @param entryOf the table or sequence whose manifest entry holds the statement, for messages
   * @param object the table, partition or sequence the statement must create or alter; {@code null}
   *     for any, where the name is not known in advance (a renamed restore chooses the names of
   *     partitions and sequences)
   * @param parents for a partition the tables it may be a partition of (empty: any), for {@code
   *     OWNED BY} the table that must own the sequence; empty for the other kinds
   */
  public record Expected(Kind kind, TableId entryOf, TableId object, Set<TableId> parents) {
    public Expected {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(entryOf, "entryOf");
      parents = Set.copyOf(parents);
    }

    /** The {@code createTable} entry of {@code table}. */
    public static Expected createTable(TableId table) {
      return new Expected(Kind.CREATE_TABLE, table, table, Set.of());
    }

    /**
     * A {@code partitions} entry of {@code table}.
     *
     * @param partition the partition it must create, or {@code null} for any name
     * @param parents the tables it may be a partition of
     */
    public static Expected partition(TableId table, TableId partition, Set<TableId> parents) {
      return new Expected(Kind.PARTITION, table, partition, parents);
    }

    /** A {@code constraints} entry of {@code table}. */
    public static Expected constraint(TableId table) {
      return new Expected(Kind.CONSTRAINT, table, table, Set.of());
    }

    /** An {@code indexes} entry of {@code table}. */
    public static Expected index(TableId table) {
      return new Expected(Kind.INDEX, table, table, Set.of());
    }

    /** A {@code foreignKeys} entry of {@code table}. */
    public static Expected foreignKey(TableId table) {
      return new Expected(Kind.FOREIGN_KEY, table, table, Set.of());
    }

    /** The {@code CREATE SEQUENCE} of {@code sequence}. */
    public static Expected createSequence(TableId sequence) {
      return new Expected(Kind.CREATE_SEQUENCE, sequence, sequence, Set.of());
    }

    /**
     * The {@code ALTER SEQUENCE ... OWNED BY} that ties {@code sequence} to a column of {@code
     * table}.
     */
    public static Expected sequenceOwnedBy(TableId sequence, TableId table) {
      return new Expected(Kind.SEQUENCE_OWNED_BY, sequence, sequence, Set.of(table));
    }
  }

  /**
   * Checks that {@code sql} is exactly one statement of the expected kind on the expected object.
   * An optional {@code ;} may end it, followed by nothing but whitespace and comments.
   *
   * @return the table, partition or sequence the statement creates or alters
   * @throws PgsnapException {@link ErrorCode#INTEGRITY}, naming the manifest entry and what is
   *     wrong with it
   */
  public static TableId check(String sql, Expected expected) {
    List<Token> tokens;
    try {
      tokens = SqlLexer.tokens(sql);
    } catch (LexException e) {
      throw refused(expected, e.getMessage());
    }
    if (!tokens.isEmpty() && tokens.get(tokens.size() - 1).is(";")) {
      tokens = tokens.subList(0, tokens.size() - 1);
    }
    if (tokens.isEmpty()) {
      throw refused(expected, "is empty");
    }
    if (tokens.stream().anyMatch(t -> t.is(";"))) {
      throw refused(expected, "holds more than one statement");
    }
    String driver = driverProblem(sql);
    if (driver != null) {
      throw refused(expected, driver);
    }
    try {
      return matches(new StatementShape(tokens), expected);
    } catch (Mismatch e) {
      throw refused(expected, e.getMessage());
    }
  }

  /**
   * Checks every DDL statement of a manifest table: each entry one statement of its kind, on the
   * table or, for partitions, on a partition the manifest lists under its parent.
   *
   * @throws PgsnapException {@link ErrorCode#INTEGRITY} for the first statement that does not fit
   */
  public static void checkManifest(ManifestTable table) {
    TableId id = table.id();
    check(table.ddl().createTable(), Expected.createTable(id));
    for (String sql : table.ddl().partitions()) {
      TableId created = check(sql, Expected.partition(id, null, Set.of()));
      Partition listed =
          table.partitions().stream()
              .filter(p -> p.id().equals(created))
              .findFirst()
              .orElseThrow(
                  () ->
                      refused(
                          Expected.partition(id, null, Set.of()),
                          "creates " + created.display() + ", which is no partition it lists"));
      check(sql, Expected.partition(id, listed.id(), Set.of(listed.parent())));
    }
    for (String sql : table.ddl().constraints()) {
      check(sql, Expected.constraint(id));
    }
    for (String sql : table.ddl().indexes()) {
      check(sql, Expected.index(id));
    }
    for (String sql : table.ddl().foreignKeys()) {
      check(sql, Expected.foreignKey(id));
    }
  }

  /**
   * Checks the statements a restore runs for a snapshot sequence: its data type is one a sequence
   * can have (the only text {@link Sequence#createSql} embeds unquoted), and its {@code CREATE
   * SEQUENCE} and {@code OWNED BY} statements fit their kinds.
   *
   * @throws PgsnapException {@link ErrorCode#INTEGRITY} when they do not
   */
  public static void checkSequence(Sequence sequence) {
    Expected create = Expected.createSequence(sequence.id());
    if (!SEQUENCE_TYPES.contains(sequence.dataType().toLowerCase(Locale.ROOT))) {
      throw refused(
          create,
          "has the data type \""
              + sequence.dataType()
              + "\", which is none of smallint, integer and bigint");
    }
    if (!sequence.identity()) {
      check(sequence.createSql(), create);
    }
    String ownedBy = sequence.ownedBySql();
    if (ownedBy != null) {
      check(ownedBy, Expected.sequenceOwnedBy(sequence.id(), sequence.ownedBy().table()));
    }
  }

  private static TableId matches(StatementShape shape, Expected expected) throws Mismatch {
    TableId actual;
    switch (expected.kind()) {
      case CREATE_TABLE -> actual = shape.createTable();
      case PARTITION -> {
        TableId[] partitionAndParent = shape.partitionOf();
        actual = partitionAndParent[0];
        if (!expected.parents().isEmpty() && !expected.parents().contains(partitionAndParent[1])) {
          throw new Mismatch(
              "attaches "
                  + actual.display()
                  + " to "
                  + partitionAndParent[1].display()
                  + ", which is not its parent");
        }
      }
      case CONSTRAINT -> actual = shape.addConstraint(false);
      case FOREIGN_KEY -> actual = shape.addConstraint(true);
      case INDEX -> actual = shape.createIndex();
      case CREATE_SEQUENCE -> actual = shape.createSequence();
      case SEQUENCE_OWNED_BY -> {
        TableId[] sequenceAndTable = shape.sequenceOwnedBy();
        actual = sequenceAndTable[0];
        if (!expected.parents().contains(sequenceAndTable[1])) {
          throw new Mismatch(
              "ties the sequence to " + sequenceAndTable[1].display() + ", not to its table");
        }
      }
      default -> throw new IllegalStateException("unknown kind " + expected.kind());
    }
    if (expected.object() != null && !expected.object().equals(actual)) {
      throw new Mismatch(
          "names " + actual.display() + " instead of " + expected.object().display());
    }
    return actual;
  }

  /**
   * What stops pgjdbc from sending {@code sql} as the one statement {@link SqlLexer} sees, or
   * {@code null} when nothing does. pgjdbc splits a plain {@link java.sql.Statement}'s text as
   * here: standard-conforming strings, no parameters, at each {@code ;}. A comment after the last
   * {@code ;} becomes a query of its own there, which runs as an empty one; it is not counted when
   * {@link SqlLexer}, too, finds nothing in it but comments.
   *
   * @return the problem, worded to follow the statement's name, or {@code null}
   */
  static String driverProblem(String sql) {
    List<NativeQuery> queries;
    try {
      // With escape processing on (a Statement's default) the driver rewrites JDBC escapes such as
      // {fn ...} before it splits; what it would send must be what was checked.
      if (!Parser.replaceProcessing(sql, true, true).equals(sql)) {
        return "holds JDBC escape syntax ({...}), which the driver would rewrite";
      }
      queries = Parser.parseJdbcSql(sql, true, false, true, false, true);
    } catch (SQLException e) {
      return "cannot be read by the JDBC driver (" + e.getMessage() + ")";
    }
    int statements = 0;
    for (NativeQuery q : queries) {
      try {
        statements += SqlLexer.tokens(q.nativeSql).isEmpty() ? 0 : 1;
      } catch (LexException e) {
        statements++; // the driver splits it where the lexer would not: count it, to refuse it
      }
    }
    return statements == 1 ? null : "holds more than one statement";
  }

  /**
   * The tokens of {@code sql} when both {@link SqlLexer} and the JDBC driver read it as at most one
   * statement (an optional trailing {@code ;} dropped), for {@link UsedObjectChecks}.
   *
   * @throws Mismatch naming what is wrong
   */
  static List<Token> oneStatement(String sql) throws Mismatch {
    List<Token> tokens;
    try {
      tokens = SqlLexer.tokens(sql);
    } catch (LexException e) {
      throw new Mismatch(e.getMessage());
    }
    if (!tokens.isEmpty() && tokens.get(tokens.size() - 1).is(";")) {
      tokens = tokens.subList(0, tokens.size() - 1);
    }
    if (tokens.isEmpty()) {
      throw new Mismatch("is empty");
    }
    if (tokens.stream().anyMatch(t -> t.is(";"))) {
      throw new Mismatch("holds more than one statement");
    }
    String driver = driverProblem(sql);
    if (driver != null) {
      throw new Mismatch(driver);
    }
    return tokens;
  }

  /**
   * The {@code CREATE FUNCTION|PROCEDURE} statement that creates {@code function} without replacing
   * one that exists: its recorded definition, checked as {@link SnapshotReader} checks it, without
   * {@code OR REPLACE}.
   *
   * @throws PgsnapException {@link ErrorCode#INTEGRITY} when the definition is not one such
   *     statement on that function
   */
  public static String createRoutine(io.pgsnap.catalog.UsedObject.Function function) {
    UsedObjectChecks.check(function);
    try {
      List<Token> tokens = oneStatement(function.definition());
      if (tokens.get(1).isWord("or") && tokens.get(2).isWord("replace")) {
        String sql = function.definition();
        return sql.substring(0, tokens.get(1).offset()) + sql.substring(tokens.get(3).offset());
      }
      return function.definition();
    } catch (Mismatch e) {
      throw new IllegalStateException("checked above", e);
    }
  }

  /**
   * Whether {@code function}'s definition declares {@code SECURITY DEFINER}: it then runs with its
   * owner's privileges, whoever calls it. Read from the tokens, so the words in its body do not
   * count.
   */
  public static boolean securityDefiner(io.pgsnap.catalog.UsedObject.Function function) {
    try {
      List<Token> tokens = oneStatement(function.definition());
      for (int i = 0; i + 1 < tokens.size(); i++) {
        if (tokens.get(i).depth() == 0
            && tokens.get(i).isWord("security")
            && tokens.get(i + 1).isWord("definer")) {
          return true;
        }
      }
      return false;
    } catch (Mismatch e) {
      throw new IllegalStateException("checked when the snapshot was opened", e);
    }
  }

  /** The failure for a statement of {@code expected}'s entry that has {@code problem}. */
  public static PgsnapException refused(Expected expected, String problem) {
    return new PgsnapException(
        ErrorCode.INTEGRITY,
        "the manifest's "
            + expected.kind().entry()
            + " DDL for "
            + expected.entryOf().display()
            + " "
            + problem
            + TAMPERED);
  }
}
