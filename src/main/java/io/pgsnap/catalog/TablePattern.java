package io.pgsnap.catalog;

import io.pgsnap.ErrorCode;
import io.pgsnap.PgsnapException;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A name pattern as pg_dump's {@code --table} and {@code --schema} and psql's {@code \d} commands
 * take it.
 *
 * <ul>
 *   <li>{@code *} matches any sequence of characters, {@code ?} any one character;
 *   <li>outside double quotes, ASCII letters fold to lower case, as PostgreSQL folds unquoted
 *       identifiers; inside double quotes every character is literal, {@code *}, {@code ?} and
 *       {@code .} included, and {@code ""} stands for one double quote;
 *   <li>a dot outside double quotes separates the schema from the table; an empty part matches any
 *       name ({@code app.} is every table of schema {@code app});
 *   <li>every other character is literal: unlike psql, pgsnap gives regular-expression characters
 *       such as {@code +}, {@code [} or {@code |} no special meaning, so names containing them need
 *       no escaping;
 *   <li>the pattern matches whole names.
 * </ul>
 *
 * <p>A table pattern without a schema part matches tables visible on the search path, as with
 * pg_dump; {@link CatalogReader} decides visibility, this class only says whether the pattern is
 * {@linkplain #isQualified() qualified}.
 */
public final class TablePattern {
  private final String text;
  private final Pattern schema;
  private final Pattern name;

  private TablePattern(String text, Pattern schema, Pattern name) {
    this.text = text;
    this.schema = schema;
    this.name = name;
  }

  /**
   * Parses a table pattern: {@code [schema.]table}.
   *
   * @param text the pattern as the user wrote it
   * @return the parsed pattern
   * @throws PgsnapException with {@link ErrorCode#USAGE} when the pattern has more than one dot
   *     outside double quotes, or an unterminated double quote
   */
  public static TablePattern table(String text) {
    String[] parts = split(text, "--table");
    if (parts.length == 1) {
      return new TablePattern(text, null, regex(parts[0]));
    }
    return new TablePattern(text, regex(parts[0]), regex(parts[1]));
  }

  /**
   * Parses a schema pattern: a name pattern without a dot outside double quotes.
   *
   * @param text the pattern as the user wrote it
   * @return a pattern that matches every table of the schemas it matches
   * @throws PgsnapException with {@link ErrorCode#USAGE} when the pattern has a dot outside double
   *     quotes, or an unterminated double quote
   */
  public static TablePattern schema(String text) {
    String[] parts = split(text, "--schema");
    if (parts.length != 1) {
      throw new PgsnapException(
          ErrorCode.USAGE,
          "--schema pattern '"
              + text
              + "' has a dot outside double quotes; a schema pattern names only the schema. Quote"
              + " a schema name that contains a dot: '\"my.schema\"'");
    }
    return new TablePattern(text, regex(parts[0]), null);
  }

  /** The pattern as the user wrote it. */
  public String text() {
    return text;
  }

  /** Whether the pattern has a schema part; an unqualified table pattern matches visible tables. */
  public boolean isQualified() {
    return schema != null;
  }

  /**
   * Whether {@code schemaName} matches the schema part; always true for an unqualified pattern.
   *
   * @param schemaName a schema name as stored in the catalog
   * @return whether the schema part matches
   */
  public boolean matchesSchema(String schemaName) {
    return schema == null || schema.matcher(schemaName).matches();
  }

  /**
   * Whether {@code tableName} matches the table part; always true for a schema pattern.
   *
   * @param tableName a table name as stored in the catalog
   * @return whether the table part matches
   */
  public boolean matchesName(String tableName) {
    return name == null || name.matcher(tableName).matches();
  }

  /**
   * Whether the table matches both parts, disregarding visibility.
   *
   * @param id a table's name as stored in the catalog
   * @return whether schema and table part match
   */
  public boolean matches(TableId id) {
    return matchesSchema(id.schema()) && matchesName(id.name());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TablePattern other
        && text.equals(other.text)
        && (schema == null) == (other.schema == null)
        && (name == null) == (other.name == null);
  }

  @Override
  public int hashCode() {
    return Objects.hash(text, schema == null, name == null);
  }

  @Override
  public String toString() {
    return text;
  }

  /**
   * Splits at dots outside double quotes and turns each part into a regular expression source,
   * following psql's processSQLNamePattern.
   */
  private static String[] split(String text, String option) {
    Objects.requireNonNull(text, "pattern");
    StringBuilder first = new StringBuilder();
    StringBuilder second = null;
    StringBuilder current = first;
    boolean inQuotes = false;
    int i = 0;
    while (i < text.length()) {
      int cp = text.codePointAt(i);
      int width = Character.charCount(cp);
      if (cp == '"') {
        if (inQuotes && i + 1 < text.length() && text.charAt(i + 1) == '"') {
          current.append(Pattern.quote("\""));
          width = 2;
        } else {
          inQuotes = !inQuotes;
        }
      } else if (inQuotes) {
        current.append(Pattern.quote(new String(Character.toChars(cp))));
      } else if (cp == '*') {
        current.append(".*");
      } else if (cp == '?') {
        current.append('.');
      } else if (cp == '.') {
        if (second != null) {
          throw new PgsnapException(
              ErrorCode.USAGE,
              option
                  + " pattern '"
                  + text
                  + "' has too many dotted names; write schema.table, and double-quote a name"
                  + " that contains a dot");
        }
        second = new StringBuilder();
        current = second;
      } else if (cp >= 'A' && cp <= 'Z') {
        // PostgreSQL folds only ASCII letters of unquoted identifiers (downcase_identifier).
        current.append((char) (cp + ('a' - 'A')));
      } else {
        current.append(Pattern.quote(new String(Character.toChars(cp))));
      }
      i += width;
    }
    if (inQuotes) {
      throw new PgsnapException(
          ErrorCode.USAGE,
          option
              + " pattern '"
              + text
              + "' has an unterminated double quote; close it, and write \"\" for a double quote"
              + " inside a quoted name");
    }
    return second == null
        ? new String[] {first.toString()}
        : new String[] {first.toString(), second.toString()};
  }

  /** An empty part matches any name, as in psql ({@code app.} lists all of schema app). */
  private static Pattern regex(String source) {
    return Pattern.compile(source.isEmpty() ? ".*" : source, Pattern.DOTALL);
  }
}
