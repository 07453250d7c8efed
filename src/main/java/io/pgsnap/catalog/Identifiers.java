package io.pgsnap.catalog;

import java.util.Locale;
import java.util.Set;

/** Quoting of SQL identifiers and literals, so that no name or value reaches SQL unquoted. */
public final class Identifiers {
  /**
   * The keywords PostgreSQL's {@code quote_ident} quotes: every category but unreserved (reserved,
   * type or function name, and column name keywords of {@code src/include/parser/kwlist.h}), as
   * {@code SELECT word FROM pg_get_keywords() WHERE catcode <> 'U'} lists them on PostgreSQL 18.
   * PostgreSQL 14 and 15 list the same words less those that 16 and 17 added ({@code json}, the
   * {@code json_*} functions, {@code merge_action}, {@code system_user}), which are no keywords at
   * all there; 16 lists {@code json} as unreserved, so it prints it bare.
   */
  static final Set<String> QUOTED_KEYWORDS =
      Set.of(
          """
          all analyse analyze and any array as asc asymmetric authorization between bigint binary
          bit boolean both case cast char character check coalesce collate collation column
          concurrently constraint create cross current_catalog current_date current_role
          current_schema current_time current_timestamp current_user dec decimal default
          deferrable desc distinct do else end except exists extract false fetch float for
          foreign freeze from full grant greatest group grouping having ilike in initially inner
          inout int integer intersect interval into is isnull join json json_array json_arrayagg
          json_exists json_object json_objectagg json_query json_scalar json_serialize json_table
          json_value lateral leading least left like limit localtime localtimestamp merge_action
          national natural nchar none normalize not notnull null nullif numeric offset on only or
          order out outer overlaps overlay placing position precision primary real references
          returning right row select session_user setof similar smallint some substring symmetric
          system_user table tablesample then time timestamp to trailing treat trim true union
          unique user using values varchar variadic verbose when where window with xmlattributes
          xmlconcat xmlelement xmlexists xmlforest xmlnamespaces xmlparse xmlpi xmlroot
          xmlserialize xmltable
          """
              .strip()
              .split("\\s+"));

  private Identifiers() {}

  /** {@code name} as a quoted SQL identifier: {@code my"tab} becomes {@code "my""tab"}. */
  public static String quote(String name) {
    if (name.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("an identifier cannot contain a NUL character");
    }
    return '"' + name.replace("\"", "\"\"") + '"';
  }

  /**
   * {@code name} as PostgreSQL's {@code quote_ident} prints it, and as it appears in the server's
   * own output: {@code regclass} text, {@code pg_get_indexdef}, {@code pg_get_constraintdef} (with
   * {@code quote_all_identifiers} off). Bare when it is lower-case letters, digits and underscores,
   * not starting with a digit, and not a keyword PostgreSQL quotes ({@code orders}, {@code _x});
   * otherwise quoted as {@link #quote} does ({@code "Orders"}, {@code "select"}, {@code "a$b"}).
   * Quoted or bare, the result names the same object; this form is for matching and printing what
   * the server prints. The keywords are PostgreSQL 18's: PostgreSQL 14 to 17 print a few words bare
   * that were not keywords yet ({@code json_table}, {@code system_user}) or, {@code json} on 16,
   * only an unreserved one.
   */
  public static String quoteIdent(String name) {
    return isBareIdentifier(name) && !QUOTED_KEYWORDS.contains(name) ? name : quote(name);
  }

  /**
   * Whether a server may print {@code name} without quotes, keywords aside: it is {@code
   * [a-z_][a-z0-9_]*}, the test of PostgreSQL's {@code quote_identifier} before its keyword lookup
   * (which quotes a {@code $}, though the grammar accepts one). For matching server output that an
   * older server printed with a shorter keyword list than {@link #quoteIdent}'s.
   */
  public static boolean isBareIdentifier(String name) {
    return name.matches("[a-z_][a-z0-9_]*");
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
