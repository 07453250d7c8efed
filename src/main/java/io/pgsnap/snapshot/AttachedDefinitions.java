package io.pgsnap.snapshot;

import io.pgsnap.catalog.Identifiers;
import io.pgsnap.catalog.TableId;
import io.pgsnap.snapshot.SqlLexer.Kind;
import io.pgsnap.snapshot.SqlLexer.LexException;
import io.pgsnap.snapshot.SqlLexer.Token;
import java.util.List;
import java.util.Set;

/**
 * The server-printed texts attached to a table that a restore embeds in its SQL: trigger and rule
 * definitions ({@code pg_get_triggerdef}, {@code pg_get_ruledef}) and policy expressions ({@code
 * pg_get_expr}). Each is read with {@link SqlLexer} and pgjdbc's parser before it may run: a
 * definition must be one statement creating that trigger or rule on that table, and an expression
 * must stay an expression inside the parentheses it is put in.
 *
 * <p>Problems are reported as {@link IllegalArgumentException}s whose message ends a sentence about
 * the object ("trigger t of s.x " + message).
 */
public final class AttachedDefinitions {
  private static final Set<String> RULE_EVENTS = Set.of("select", "insert", "update", "delete");

  private AttachedDefinitions() {}

  /**
   * A definition pointed at another table, and whether it names the old table anywhere else (a
   * rule's action, a trigger's {@code WHEN}), which the rewrite leaves as it is.
   *
   * @param sql the rewritten statement
   * @param namesOldTableElsewhere whether the old table's qualified name appears elsewhere in it
   */
  public record Retargeted(String sql, boolean namesOldTableElsewhere) {}

  /**
   * Checks that {@code definition} is one {@code CREATE [CONSTRAINT] TRIGGER <name> ... ON <table>
   * ... EXECUTE FUNCTION|PROCEDURE <function>(...)} statement.
   *
   * @throws IllegalArgumentException when it is not
   */
  public static void checkTrigger(String definition, String name, TableId table) {
    triggerTarget(statement(definition, false), name, table);
  }

  /**
   * Checks that {@code definition} is one {@code CREATE RULE <name> AS ON <event> TO <table> [WHERE
   * ...] DO ...} statement (a {@code ;} may end it, and separate the commands of a parenthesised
   * action).
   *
   * @throws IllegalArgumentException when it is not
   */
  public static void checkRule(String definition, String name, TableId table) {
    ruleTarget(statement(definition, true), name, table);
  }

  /**
   * Checks that {@code expression} is an expression fragment: it lexes cleanly, holds no {@code ;}
   * and keeps its parentheses balanced, also once put inside parentheses (a trailing line comment
   * would swallow the closing one).
   *
   * @throws IllegalArgumentException when it is not
   */
  public static void checkExpression(String expression) {
    try {
      List<Token> tokens = SqlLexer.tokens(expression);
      if (tokens.isEmpty()) {
        throw new IllegalArgumentException("is empty");
      }
      if (tokens.stream().anyMatch(t -> t.is(";"))) {
        throw new IllegalArgumentException("holds a ;");
      }
      if (SqlLexer.tokens("(" + expression + ")").size() != tokens.size() + 2) {
        throw new IllegalArgumentException("does not stay inside the parentheses it is put in");
      }
    } catch (LexException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    String problem = DdlStatement.driverProblem("SELECT (" + expression + ")");
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
  }

  /** The rule definition without the {@code ;} {@code pg_get_ruledef} ends it with. */
  public static String withoutFinalSemicolon(String definition) {
    List<Token> tokens = lex(definition);
    Token last = tokens.get(tokens.size() - 1);
    return last.is(";") ? definition.substring(0, last.offset()).stripTrailing() : definition;
  }

  /**
   * The trigger definition with {@code ON <from>} replaced by {@code ON <to>}, token by token.
   *
   * @throws IllegalArgumentException when the definition does not pass {@link #checkTrigger}
   */
  public static Retargeted retargetTrigger(
      String definition, String name, TableId from, TableId to) {
    List<Token> tokens = statement(definition, false);
    return retarget(definition, tokens, triggerTarget(tokens, name, from), from, to);
  }

  /**
   * The rule definition with {@code TO <from>} replaced by {@code TO <to>}, token by token.
   *
   * @throws IllegalArgumentException when the definition does not pass {@link #checkRule}
   */
  public static Retargeted retargetRule(String definition, String name, TableId from, TableId to) {
    List<Token> tokens = statement(definition, true);
    return retarget(definition, tokens, ruleTarget(tokens, name, from), from, to);
  }

  /** Whether {@code text} names {@code table} schema-qualified anywhere, as a token sequence. */
  public static boolean names(String text, TableId table) {
    List<Token> tokens = lex(text);
    for (int i = 0; i + 2 < tokens.size(); i++) {
      if (isTable(tokens, i, table)) {
        return true;
      }
    }
    return false;
  }

  private static Retargeted retarget(
      String definition, List<Token> tokens, int at, TableId from, TableId to) {
    int start = tokens.get(at).offset();
    int end = tokenEnd(definition, tokens.get(at + 2));
    boolean elsewhere = false;
    for (int i = 0; i + 2 < tokens.size(); i++) {
      if (i != at && isTable(tokens, i, from)) {
        elsewhere = true;
      }
    }
    return new Retargeted(
        definition.substring(0, start) + to.sql() + definition.substring(end), elsewhere);
  }

  /** Where the identifier token {@code t} ends in {@code sql}. */
  private static int tokenEnd(String sql, Token t) {
    int i = t.offset();
    if (sql.charAt(i) == '"') {
      i++;
      while (true) {
        if (sql.charAt(i) == '"') {
          if (i + 1 < sql.length() && sql.charAt(i + 1) == '"') {
            i += 2;
            continue;
          }
          return i + 1;
        }
        i++;
      }
    }
    while (i < sql.length() && isIdentifierPart(sql.charAt(i))) {
      i++;
    }
    return i;
  }

  private static boolean isIdentifierPart(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || c == '_'
        || c == '$'
        || c >= 0x80;
  }

  /** The index of the first token of the table after the trigger's top-level {@code ON}. */
  private static int triggerTarget(List<Token> tokens, String name, TableId table) {
    int at = 0;
    if (!word(tokens, at++, "create")) {
      throw new IllegalArgumentException("is not CREATE TRIGGER");
    }
    if (word(tokens, at, "constraint")) {
      at++;
    }
    if (!word(tokens, at++, "trigger")) {
      throw new IllegalArgumentException("is not CREATE TRIGGER");
    }
    requireName(tokens, at++, name, "trigger");
    int on = topLevelWord(tokens, at, "on");
    requireTable(tokens, on + 1, table, "ON");
    int execute = topLevelWord(tokens, on + 4, "execute");
    int i = execute + 1;
    if (!(word(tokens, i, "function") || word(tokens, i, "procedure"))) {
      throw new IllegalArgumentException("has no FUNCTION or PROCEDURE after EXECUTE");
    }
    i++;
    if (!isName(tokens, i)) {
      throw new IllegalArgumentException("names no function after EXECUTE FUNCTION");
    }
    i++;
    if (i + 1 < tokens.size() && tokens.get(i).is(".") && isName(tokens, i + 1)) {
      i += 2;
    }
    if (!(i < tokens.size() && tokens.get(i).is("("))) {
      throw new IllegalArgumentException("has no argument list after the trigger function");
    }
    int depth = tokens.get(i).depth();
    i++;
    while (i < tokens.size() && tokens.get(i).depth() > depth) {
      i++;
    }
    if (i + 1 != tokens.size()) {
      throw new IllegalArgumentException("has text after the trigger function's arguments");
    }
    return on + 1;
  }

  /** The index of the first token of the table after the rule's {@code TO}. */
  private static int ruleTarget(List<Token> tokens, String name, TableId table) {
    if (!(word(tokens, 0, "create") && word(tokens, 1, "rule"))) {
      throw new IllegalArgumentException("is not CREATE RULE");
    }
    requireName(tokens, 2, name, "rule");
    if (!(word(tokens, 3, "as") && word(tokens, 4, "on"))) {
      throw new IllegalArgumentException("does not go on with AS ON <event>");
    }
    if (!(tokens.size() > 5
        && tokens.get(5).kind() == Kind.WORD
        && RULE_EVENTS.contains(tokens.get(5).value()))) {
      throw new IllegalArgumentException("has no SELECT, INSERT, UPDATE or DELETE event");
    }
    if (!word(tokens, 6, "to")) {
      throw new IllegalArgumentException("does not go on with TO <table>");
    }
    requireTable(tokens, 7, table, "TO");
    if (!(word(tokens, 10, "where") || word(tokens, 10, "do"))) {
      throw new IllegalArgumentException("does not go on with WHERE or DO after the table");
    }
    topLevelWord(tokens, 10, "do");
    return 7;
  }

  /** The tokens of one statement, without a final {@code ;}, seen as one by pgjdbc too. */
  private static List<Token> statement(String definition, boolean nestedSemicolons) {
    List<Token> tokens = lex(definition);
    if (!tokens.isEmpty() && tokens.get(tokens.size() - 1).is(";")) {
      tokens = tokens.subList(0, tokens.size() - 1);
    }
    if (tokens.isEmpty()) {
      throw new IllegalArgumentException("is empty");
    }
    for (Token t : tokens) {
      if (t.is(";") && (t.depth() == 0 || !nestedSemicolons)) {
        throw new IllegalArgumentException("holds more than one statement");
      }
    }
    String problem = DdlStatement.driverProblem(definition);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
    return tokens;
  }

  private static List<Token> lex(String text) {
    try {
      return SqlLexer.tokens(text);
    } catch (LexException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  private static boolean word(List<Token> tokens, int i, String word) {
    return i < tokens.size() && tokens.get(i).isWord(word);
  }

  private static boolean isName(List<Token> tokens, int i) {
    return i < tokens.size()
        && (tokens.get(i).kind() == Kind.WORD || tokens.get(i).kind() == Kind.QUOTED_IDENTIFIER);
  }

  private static int topLevelWord(List<Token> tokens, int from, String word) {
    for (int i = from; i < tokens.size(); i++) {
      if (tokens.get(i).depth() == 0 && tokens.get(i).isWord(word)) {
        return i;
      }
    }
    throw new IllegalArgumentException("has no " + word.toUpperCase(java.util.Locale.ROOT));
  }

  private static void requireName(List<Token> tokens, int i, String name, String what) {
    if (!(isName(tokens, i) && tokens.get(i).value().equals(name))) {
      throw new IllegalArgumentException(
          "does not create the " + what + " " + Identifiers.display(name));
    }
  }

  private static void requireTable(List<Token> tokens, int i, TableId table, String after) {
    if (!isTable(tokens, i, table)) {
      throw new IllegalArgumentException(
          "does not name " + table.display() + " after " + after + " as schema.name");
    }
  }

  private static boolean isTable(List<Token> tokens, int i, TableId table) {
    return isName(tokens, i)
        && i + 2 < tokens.size()
        && tokens.get(i + 1).is(".")
        && isName(tokens, i + 2)
        && tokens.get(i).value().equals(table.schema())
        && tokens.get(i + 2).value().equals(table.name());
  }
}
