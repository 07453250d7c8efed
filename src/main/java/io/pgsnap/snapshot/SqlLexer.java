package io.pgsnap.snapshot;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits PostgreSQL SQL into tokens the way the server's scanner does, as far as finding statement
 * boundaries needs: it knows where comments, string literals and quoted identifiers begin and end,
 * so that a {@code ;} inside one is never taken for the end of a statement, and one outside is
 * never missed. It assumes {@code standard_conforming_strings} is on, as pgsnap's sessions set it:
 * only in {@code E'...'} strings does a backslash escape a quote.
 *
 * <p>Anything the server would reject as unterminated (a string, quoted identifier, dollar-quoted
 * string or block comment), an empty quoted identifier, a NUL character and unbalanced brackets are
 * rejected here too, rather than guessed at.
 */
final class SqlLexer {
  private final String sql;
  private final List<Token> tokens = new ArrayList<>();
  private int at;
  private int depth;

  private SqlLexer(String sql) {
    this.sql = sql;
  }

  /** What a token is. Comments and whitespace are dropped, not returned. */
  enum Kind {
    /** An unquoted identifier or keyword; {@link Token#value} is folded to lower case. */
    WORD,
    /** A double-quoted identifier ({@code "a""b"}); the value is unescaped. */
    QUOTED_IDENTIFIER,
    /**
     * A {@code U&"..."} identifier; the value is its text as written, Unicode escapes not decoded,
     * so it can never be taken for the name it spells.
     */
    UNICODE_IDENTIFIER,
    /** A string literal of any form: {@code '...'}, {@code E'...'}, {@code $tag$...$tag$}, ... */
    STRING,
    /** A numeric literal. */
    NUMBER,
    /** A positional parameter such as {@code $1}. */
    PARAMETER,
    /** An operator: a run of {@code + - * / < > = ~ ! @ # % ^ & | ` ?}. */
    OPERATOR,
    /** One of {@code ( ) [ ] , ; : .}, or {@code ::}. */
    PUNCTUATION
  }

  /**
   * One token.
   *
   * @param kind what it is
   * @param value the identifier (folded or unquoted) or the token's text for other kinds
   * @param depth how many parentheses and brackets enclose it; an opening or closing bracket has
   *     the depth outside it, so a statement's top level is depth 0
   * @param offset where it starts in the SQL
   */
  record Token(Kind kind, String value, int depth, int offset) {
    /** Whether this is the keyword {@code word} (given in lower case), unquoted. */
    boolean isWord(String word) {
      return kind == Kind.WORD && value.equals(word);
    }

    /** Whether this is the punctuation {@code p}. */
    boolean is(String p) {
      return kind == Kind.PUNCTUATION && value.equals(p);
    }

    /** Whether this names something: an unquoted or a quoted identifier. */
    boolean isIdentifier() {
      return kind == Kind.WORD || kind == Kind.QUOTED_IDENTIFIER || kind == Kind.UNICODE_IDENTIFIER;
    }
  }

  /** Why SQL could not be split into tokens; the message says what and where. */
  static final class LexException extends Exception {
    private static final long serialVersionUID = 1L;

    LexException(String message) {
      super(message);
    }
  }

  /**
   * The tokens of {@code sql}, without comments and whitespace.
   *
   * @throws LexException when a string, identifier or comment is unterminated, an identifier is
   *     empty, brackets do not balance, or the text holds a NUL character
   */
  static List<Token> tokens(String sql) throws LexException {
    SqlLexer lexer = new SqlLexer(sql);
    lexer.run();
    return List.copyOf(lexer.tokens);
  }

  private void run() throws LexException {
    if (sql.indexOf('\0') >= 0) {
      throw new LexException("holds a NUL character");
    }
    while (at < sql.length()) {
      char c = sql.charAt(at);
      if (isSpace(c)) {
        at++;
      } else if (sql.startsWith("--", at)) {
        // A line comment ends at a carriage return as well as at a newline.
        while (at < sql.length() && sql.charAt(at) != '\n' && sql.charAt(at) != '\r') {
          at++;
        }
      } else if (sql.startsWith("/*", at)) {
        blockComment();
      } else if (c == '\'') {
        add(Kind.STRING, at, quoted(at, '\'', false));
      } else if (c == '"') {
        quotedIdentifier(at, at);
      } else if ((c == 'e' || c == 'E') && next(1) == '\'') {
        add(Kind.STRING, at, quoted(at + 1, '\'', true));
      } else if ((c == 'u' || c == 'U') && next(1) == '&' && next(2) == '\'') {
        add(Kind.STRING, at, quoted(at + 2, '\'', false));
      } else if ((c == 'u' || c == 'U') && next(1) == '&' && next(2) == '"') {
        int start = at;
        int end = quoted(at + 2, '"', false);
        add(Kind.UNICODE_IDENTIFIER, start, end);
      } else if ("bBxXnN".indexOf(c) >= 0 && next(1) == '\'') {
        add(Kind.STRING, at, quoted(at + 1, '\'', false));
      } else if (c == '$') {
        dollar();
      } else if (isIdentifierStart(c)) {
        int start = at;
        while (at < sql.length() && isIdentifierPart(sql.charAt(at))) {
          at++;
        }
        // Unquoted identifiers fold to lower case (ASCII only, as the server does for UTF-8).
        tokens.add(
            new Token(Kind.WORD, sql.substring(start, at).toLowerCase(Locale.ROOT), depth, start));
      } else if (isDigit(c) || (c == '.' && isDigit(next(1)))) {
        number();
      } else if (isOperatorChar(c)) {
        operator();
      } else {
        punctuation(c);
      }
    }
    if (depth != 0) {
      throw new LexException("leaves " + depth + " parenthesis or bracket unclosed");
    }
  }

  private char next(int ahead) {
    int i = at + ahead;
    return i < sql.length() ? sql.charAt(i) : '\0';
  }

  private void add(Kind kind, int start, int end) {
    tokens.add(new Token(kind, sql.substring(start, end), depth, start));
    at = end;
  }

  /** Block comments nest in PostgreSQL, unlike in the SQL standard. */
  private void blockComment() throws LexException {
    int start = at;
    int nesting = 0;
    while (at < sql.length()) {
      if (sql.startsWith("/*", at)) {
        nesting++;
        at += 2;
      } else if (sql.startsWith("*/", at)) {
        nesting--;
        at += 2;
        if (nesting == 0) {
          return;
        }
      } else {
        at++;
      }
    }
    throw new LexException("has an unterminated /* comment starting at offset " + start);
  }

  /**
   * The end (exclusive) of a quoted text whose opening quote is at {@code open}: a doubled quote
   * stands for one, and with {@code backslashEscapes} a backslash escapes the next character.
   */
  private int quoted(int open, char quote, boolean backslashEscapes) throws LexException {
    int i = open + 1;
    while (i < sql.length()) {
      char c = sql.charAt(i);
      if (backslashEscapes && c == '\\') {
        i += 2;
      } else if (c == quote) {
        if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
          i += 2;
        } else {
          return i + 1;
        }
      } else {
        i++;
      }
    }
    throw new LexException(
        (quote == '"' ? "has an unterminated quoted identifier" : "has an unterminated string")
            + " starting at offset "
            + open);
  }

  private void quotedIdentifier(int start, int open) throws LexException {
    int end = quoted(open, '"', false);
    String name = sql.substring(open + 1, end - 1).replace("\"\"", "\"");
    if (name.isEmpty()) {
      throw new LexException("has an empty quoted identifier at offset " + start);
    }
    tokens.add(new Token(Kind.QUOTED_IDENTIFIER, name, depth, start));
    at = end;
  }

  /** A positional parameter ({@code $1}) or a dollar-quoted string ({@code $tag$...$tag$}). */
  private void dollar() throws LexException {
    int start = at;
    if (isDigit(next(1))) {
      int i = at + 1;
      while (i < sql.length() && isDigit(sql.charAt(i))) {
        i++;
      }
      add(Kind.PARAMETER, start, i);
      return;
    }
    int i = at + 1;
    if (i < sql.length() && isIdentifierStart(sql.charAt(i))) {
      while (i < sql.length() && isIdentifierPart(sql.charAt(i)) && sql.charAt(i) != '$') {
        i++;
      }
    }
    if (i >= sql.length() || sql.charAt(i) != '$') {
      // A lone $ is no token the server accepts; treat it as punctuation, which no check allows.
      add(Kind.PUNCTUATION, start, start + 1);
      return;
    }
    String tag = sql.substring(start, i + 1);
    int close = sql.indexOf(tag, i + 1);
    if (close < 0) {
      throw new LexException(
          "has an unterminated dollar-quoted string " + tag + " starting at offset " + start);
    }
    add(Kind.STRING, start, close + tag.length());
  }

  /**
   * Digits, an optional fraction and an optional exponent, and nothing more: letters right after a
   * number start a token of their own, as in PostgreSQL 14, where {@code 1E'...'} is the number 1
   * followed by an escape string (15 and later reject it as trailing junk).
   */
  private void number() {
    int start = at;
    digits();
    if (at < sql.length() && sql.charAt(at) == '.' && next(1) != '.') {
      at++;
      digits();
    }
    char e = at < sql.length() ? sql.charAt(at) : '\0';
    if (e == 'e' || e == 'E') {
      int sign = next(1) == '+' || next(1) == '-' ? 1 : 0;
      if (isDigit(next(1 + sign))) {
        at += 1 + sign;
        digits();
      }
    }
    tokens.add(new Token(Kind.NUMBER, sql.substring(start, at), depth, start));
  }

  private void digits() {
    while (at < sql.length() && isDigit(sql.charAt(at))) {
      at++;
    }
  }

  /** An operator ends where a comment starts inside it, as in the server's scanner. */
  private void operator() {
    int start = at;
    while (at < sql.length()
        && isOperatorChar(sql.charAt(at))
        && !sql.startsWith("--", at)
        && !sql.startsWith("/*", at)) {
      at++;
    }
    add(Kind.OPERATOR, start, at);
  }

  private void punctuation(char c) throws LexException {
    int start = at;
    switch (c) {
      case '(', '[' -> {
        tokens.add(new Token(Kind.PUNCTUATION, String.valueOf(c), depth, start));
        depth++;
        at++;
      }
      case ')', ']' -> {
        if (depth == 0) {
          throw new LexException("closes a " + c + " it never opened, at offset " + start);
        }
        depth--;
        tokens.add(new Token(Kind.PUNCTUATION, String.valueOf(c), depth, start));
        at++;
      }
      case ':' -> add(Kind.PUNCTUATION, start, next(1) == ':' ? start + 2 : start + 1);
      case ',', ';', '.' -> add(Kind.PUNCTUATION, start, start + 1);
      default ->
          throw new LexException(
              "holds a character SQL has no use for ("
                  + String.format(Locale.ROOT, "U+%04X", (int) c)
                  + ") at offset "
                  + start);
    }
  }

  /** The server's whitespace: space, tab, newline, carriage return, form feed, vertical tab. */
  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\u000B';
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /** As the server's scanner: ASCII letters, underscore and every non-ASCII character. */
  private static boolean isIdentifierStart(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
  }

  private static boolean isIdentifierPart(char c) {
    return isIdentifierStart(c) || isDigit(c) || c == '$';
  }

  private static boolean isOperatorChar(char c) {
    return "+-*/<>=~!@#%^&|`?".indexOf(c) >= 0;
  }
}
