package io.pgsnap.catalog;

import java.util.Locale;

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
   * {@code name} as a person types it in a pgsnap table name or pattern: bare when it is a
   * lower-case identifier ({@code orders}), otherwise double-quoted ({@code "Mixed Case"}), with
   * control characters shown as {@code \xNN} so that a name cannot break a line of output.
   */
  public static String display(String name) {
    String text = name.matches("[a-z_][a-z0-9_$]*") ? name : '"' + name.replace("\"", "\"\"") + '"';
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      out.append(Character.isISOControl(c) ? String.format(Locale.ROOT, "\\x%02X", (int) c) : c);
    }
    return out.toString();
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
