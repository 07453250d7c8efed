package io.pgsnap.catalog;

/** Quoting of SQL identifiers and literals, so that no name or value reaches SQL unquoted. */
public final class Identifiers {
  private Identifiers() {}

  /** {@code name} as a quoted SQL identifier: {@code my"tab} becomes {@code "my""tab"}. */
  public static String quote(String name) {
    if (name.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("an identifier cannot contain a NUL character");
    }
    return '"' + name.replace("\"", "\"\"") + '"';
  }

  /**
   * {@code value} as a SQL string literal for a server with {@code standard_conforming_strings} on
   * (the default since PostgreSQL 9.1, and pinned by pgsnap's session settings).
   */
  public static String literal(String value) {
    if (value.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("a string literal cannot contain a NUL character");
    }
    return '\'' + value.replace("'", "''") + '\'';
  }
}
