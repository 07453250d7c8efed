package io.pgsnap.snapshot;

import io.pgsnap.catalog.TableId;
import io.pgsnap.snapshot.SqlLexer.Kind;
import io.pgsnap.snapshot.SqlLexer.Token;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads the tokens of one statement against the few shapes pgsnap's own DDL has, and says what is
 * wrong when they do not fit. The shapes are those DdlWriter and RenamedDdl write (and the server's
 * {@code pg_get_indexdef} and {@code pg_get_constraintdef} inside them); every name that says which
 * object the statement touches must be schema-qualified, since the restore's {@code search_path} is
 * not the snapshot's to choose.
 *
 * <p>One instance reads one statement; {@link Mismatch} carries the problem, worded to follow "the
 * manifest's ... DDL for ...".
 */
final class StatementShape {
  /** The constraint kinds {@code ALTER TABLE ... ADD CONSTRAINT} may add, foreign keys aside. */
  private static final Set<String> CONSTRAINT_KINDS =
      Set.of("primary", "unique", "check", "exclude");

  private final List<Token> tokens;
  private int at;

  /**
   * @param tokens the statement's tokens, without a trailing {@code ;}
   */
  StatementShape(List<Token> tokens) {
    this.tokens = tokens;
  }

  /** What does not fit, as the end of a sentence about the manifest entry. */
  static final class Mismatch extends Exception {
    private static final long serialVersionUID = 1L;

    Mismatch(String problem) {
      super(problem);
    }
  }

  /**
   * {@code CREATE [UNLOGGED] TABLE <table> (<columns>) [PARTITION BY <method> (...)] [INHERITS
   * (...)]}: a table with a column list, never {@code CREATE TABLE ... AS}, which would run a
   * query.
   *
   * @return the table it creates
   */
  TableId createTable() throws Mismatch {
    TableId table = createTableHead();
    expect("(", "a column list after the table name");
    skipGroup();
    if (acceptWords("partition", "by")) {
      partitionKey();
    }
    if (acceptWord("inherits")) {
      expect("(", "a parent list after INHERITS");
      skipGroup();
    }
    end("after the column list");
    return table;
  }

  /**
   * {@code CREATE [UNLOGGED] TABLE <partition> PARTITION OF <parent> <bound> [PARTITION BY <method>
   * (...)]}, the bound being {@code DEFAULT} or {@code FOR VALUES FROM (...) TO (...)}, {@code IN
   * (...)} or {@code WITH (...)}.
   *
   * @return the partition and its parent
   */
  TableId[] partitionOf() throws Mismatch {
    TableId partition = createTableHead();
    if (!acceptWords("partition", "of")) {
      throw new Mismatch("is not CREATE TABLE ... PARTITION OF");
    }
    TableId parent = qualifiedName("the parent table");
    if (!acceptWord("default")) {
      if (!acceptWords("for", "values")) {
        throw new Mismatch("has no partition bound (FOR VALUES or DEFAULT) after the parent");
      }
      if (acceptWord("from")) {
        expect("(", "a bound after FROM");
        skipGroup();
        if (!acceptWord("to")) {
          throw new Mismatch("has a FROM bound without TO");
        }
        expect("(", "a bound after TO");
        skipGroup();
      } else if (acceptWord("in") || acceptWord("with")) {
        expect("(", "a bound list");
        skipGroup();
      } else {
        throw new Mismatch("has a partition bound that is neither FROM ... TO, IN nor WITH");
      }
    }
    if (acceptWords("partition", "by")) {
      partitionKey();
    }
    end("after the partition bound");
    return new TableId[] {partition, parent};
  }

  /**
   * {@code ALTER TABLE [ONLY] <table> ADD CONSTRAINT <name> <definition>}, one action only: a comma
   * outside parentheses would start a second action ({@code , DISABLE ROW LEVEL SECURITY}).
   *
   * @param foreignKey whether the definition must be a {@code FOREIGN KEY}, or one of {@code
   *     PRIMARY KEY}, {@code UNIQUE}, {@code CHECK} and {@code EXCLUDE}
   * @return the table it alters
   */
  TableId addConstraint(boolean foreignKey) throws Mismatch {
    if (!acceptWords("alter", "table")) {
      throw new Mismatch("is not ALTER TABLE but " + opening());
    }
    acceptWord("only");
    TableId table = qualifiedName("the table");
    if (!acceptWords("add", "constraint")) {
      throw new Mismatch("does not go on with ADD CONSTRAINT after the table name");
    }
    if (!next().isIdentifier()) {
      throw new Mismatch("has no constraint name after ADD CONSTRAINT");
    }
    at++;
    Token kind = next();
    boolean fits =
        foreignKey ? kind.isWord("foreign") : CONSTRAINT_KINDS.contains(wordOrEmpty(kind));
    if (!fits) {
      throw new Mismatch(
          "adds something other than "
              + (foreignKey ? "a foreign key" : "a primary key, unique, check or exclusion")
              + " constraint");
    }
    for (; at < tokens.size(); at++) {
      if (tokens.get(at).depth() == 0 && tokens.get(at).is(",")) {
        throw new Mismatch("holds more than one ALTER TABLE action (a comma outside parentheses)");
      }
    }
    return table;
  }

  /**
   * {@code CREATE [UNIQUE] INDEX <name> ON [ONLY] <table> USING <method> (...) ...}, as {@code
   * pg_get_indexdef} prints it: never {@code CONCURRENTLY}, which cannot run in a transaction.
   *
   * @return the table it indexes
   */
  TableId createIndex() throws Mismatch {
    if (!acceptWord("create")) {
      throw new Mismatch("is not CREATE INDEX but " + opening());
    }
    acceptWord("unique");
    if (!acceptWord("index")) {
      throw new Mismatch("is not CREATE INDEX but " + opening());
    }
    Token name = next();
    if (!name.isIdentifier() || name.isWord("on") || name.isWord("concurrently")) {
      throw new Mismatch("has no index name after CREATE INDEX");
    }
    at++;
    if (!acceptWord("on")) {
      throw new Mismatch("does not go on with ON <table> after the index name");
    }
    acceptWord("only");
    TableId table = qualifiedName("the table");
    if (!acceptWord("using")) {
      throw new Mismatch("does not go on with USING <method> after the table name");
    }
    return table;
  }

  /**
   * {@code CREATE SEQUENCE <name> AS <type> <options>} as {@link io.pgsnap.catalog.Sequence} writes
   * it: the options are keywords and numbers only.
   *
   * @return the sequence it creates
   */
  TableId createSequence() throws Mismatch {
    if (!acceptWords("create", "sequence")) {
      throw new Mismatch("is not CREATE SEQUENCE but " + opening());
    }
    TableId sequence = qualifiedName("the sequence");
    if (!acceptWord("as")) {
      throw new Mismatch("has no AS <data type> after the sequence name");
    }
    Set<String> options =
        Set.of(
            "smallint",
            "integer",
            "bigint",
            "start",
            "with",
            "increment",
            "by",
            "minvalue",
            "maxvalue",
            "cache",
            "no",
            "cycle");
    for (; at < tokens.size(); at++) {
      Token t = tokens.get(at);
      boolean fits =
          t.kind() == Kind.NUMBER
              || (t.kind() == Kind.OPERATOR && t.value().equals("-"))
              || options.contains(wordOrEmpty(t));
      if (!fits) {
        throw new Mismatch("has sequence options other than numbers and their keywords");
      }
    }
    return sequence;
  }

  /**
   * {@code ALTER SEQUENCE <sequence> OWNED BY <table>.<column>}.
   *
   * @return the sequence and the table that owns it
   */
  TableId[] sequenceOwnedBy() throws Mismatch {
    if (!acceptWords("alter", "sequence")) {
      throw new Mismatch("is not ALTER SEQUENCE but " + opening());
    }
    TableId sequence = qualifiedName("the sequence");
    if (!acceptWords("owned", "by")) {
      throw new Mismatch("does not go on with OWNED BY after the sequence name");
    }
    TableId table = qualifiedName("the owning table");
    if (!(at + 1 < tokens.size() && next().is(".") && tokens.get(at + 1).isIdentifier())) {
      throw new Mismatch("does not name the owning column");
    }
    at += 2;
    end("after the owning column");
    return new TableId[] {sequence, table};
  }

  /**
   * {@code CREATE [OR REPLACE] FUNCTION|PROCEDURE <schema.name> (<arguments>) <clauses>}, as {@code
   * pg_get_functiondef} prints it. The clauses (return type, language, attributes, body) are not
   * read further: the caller has made sure the text is one statement.
   *
   * @param procedure whether it must be a procedure rather than a function
   * @return the function or procedure it creates
   */
  TableId createRoutine(boolean procedure) throws Mismatch {
    String kind = procedure ? "procedure" : "function";
    if (!acceptWord("create")) {
      throw new Mismatch("is not CREATE " + kind.toUpperCase(Locale.ROOT) + " but " + opening());
    }
    acceptWords("or", "replace");
    if (!acceptWord(kind)) {
      throw new Mismatch("is not CREATE " + kind.toUpperCase(Locale.ROOT) + " but " + opening());
    }
    TableId routine = qualifiedName("the " + kind);
    expect("(", "argument list after the " + kind + " name");
    return routine;
  }

  /**
   * {@code CHECK (<expression>) [NOT VALID]}, a domain constraint as {@code pg_get_constraintdef}
   * prints it.
   */
  void domainCheck() throws Mismatch {
    if (!acceptWord("check")) {
      throw new Mismatch("is not CHECK (...)");
    }
    expect("(", "expression after CHECK");
    skipGroup();
    acceptWords("not", "valid");
    end("after the CHECK expression");
  }

  private TableId createTableHead() throws Mismatch {
    if (!acceptWord("create")) {
      throw new Mismatch("is not CREATE TABLE but " + opening());
    }
    acceptWord("unlogged");
    if (!acceptWord("table")) {
      throw new Mismatch("is not CREATE TABLE but " + opening());
    }
    return qualifiedName("the table");
  }

  /** {@code <method> (...)} after {@code PARTITION BY}. */
  private void partitionKey() throws Mismatch {
    Token method = next();
    if (!(method.isWord("range") || method.isWord("list") || method.isWord("hash"))) {
      throw new Mismatch("has a PARTITION BY that is not RANGE, LIST or HASH");
    }
    at++;
    expect("(", "a partition key after PARTITION BY " + method.value().toUpperCase(Locale.ROOT));
    skipGroup();
  }

  /**
   * A {@code schema.name} pair. Unicode-escaped identifiers are refused: their text is not the name
   * they spell, so comparing it with the manifest's would prove nothing.
   */
  private TableId qualifiedName(String what) throws Mismatch {
    if (at + 2 < tokens.size()
        && isPlainName(tokens.get(at))
        && tokens.get(at + 1).is(".")
        && isPlainName(tokens.get(at + 2))) {
      TableId id = new TableId(tokens.get(at).value(), tokens.get(at + 2).value());
      at += 3;
      return id;
    }
    throw new Mismatch("does not name " + what + " as schema.name where expected");
  }

  private static boolean isPlainName(Token t) {
    return t.kind() == Kind.WORD || t.kind() == Kind.QUOTED_IDENTIFIER;
  }

  /** Moves past the group whose opening bracket was just read. */
  private void skipGroup() {
    int depth = tokens.get(at - 1).depth();
    while (at < tokens.size() && tokens.get(at).depth() > depth) {
      at++;
    }
    at++; // the closing bracket, which the lexer guarantees
  }

  private Token next() {
    return at < tokens.size() ? tokens.get(at) : new Token(Kind.PUNCTUATION, "", 0, -1);
  }

  private boolean acceptWord(String word) {
    if (next().isWord(word)) {
      at++;
      return true;
    }
    return false;
  }

  private boolean acceptWords(String first, String second) {
    if (next().isWord(first) && at + 1 < tokens.size() && tokens.get(at + 1).isWord(second)) {
      at += 2;
      return true;
    }
    return false;
  }

  private void expect(String punctuation, String what) throws Mismatch {
    if (!next().is(punctuation)) {
      throw new Mismatch("has no " + what);
    }
    at++;
  }

  private void end(String where) throws Mismatch {
    if (at < tokens.size()) {
      Token t = tokens.get(at);
      throw new Mismatch(
          "has unexpected text "
              + where
              + (t.kind() == Kind.WORD ? " (" + t.value().toUpperCase(Locale.ROOT) + ")" : ""));
    }
  }

  /** The statement's first two words, upper-cased, for a message: {@code CREATE ROLE}. */
  private String opening() {
    StringBuilder words = new StringBuilder();
    for (int i = 0; i < Math.min(2, tokens.size()) && tokens.get(i).kind() == Kind.WORD; i++) {
      words.append(i == 0 ? "" : " ").append(tokens.get(i).value().toUpperCase(Locale.ROOT));
    }
    return words.length() == 0 ? "something else" : words.toString();
  }

  private static String wordOrEmpty(Token t) {
    return t.kind() == Kind.WORD ? t.value() : "";
  }
}
