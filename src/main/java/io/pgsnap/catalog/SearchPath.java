package io.pgsnap.catalog;

import java.util.ArrayList;
import java.util.List;

/**
 * The schemas of a {@code search_path} setting in search order, for deciding which tables an
 * unqualified pattern sees. pg_dump resets {@code search_path} to the session's default before it
 * expands {@code -t} patterns; pgsnap's caller has already emptied it, so the reader reads the
 * default ({@code pg_settings.reset_val}) and applies it itself.
 */
final class SearchPath {
  private SearchPath() {}

  /**
   * The schemas {@code setting} names, in order, with {@code $user} replaced by {@code user} and
   * {@code pg_catalog} first unless the setting places it, as the server searches it.
   *
   * <p>Parsing follows the server's SplitIdentifierString: comma-separated, surrounding whitespace
   * ignored, double-quoted names literal with {@code ""} for a quote, unquoted names folded to
   * lower case. A malformed setting yields the names read before the fault.
   */
  static List<String> parse(String setting, String user) {
    List<String> names = new ArrayList<>();
    int i = 0;
    int n = setting.length();
    while (i < n) {
      while (i < n && Character.isWhitespace(setting.charAt(i))) {
        i++;
      }
      if (i >= n) {
        break;
      }
      StringBuilder name = new StringBuilder();
      if (setting.charAt(i) == '"') {
        i++;
        boolean closed = false;
        while (i < n) {
          char c = setting.charAt(i);
          if (c == '"') {
            if (i + 1 < n && setting.charAt(i + 1) == '"') {
              name.append('"');
              i += 2;
              continue;
            }
            i++;
            closed = true;
            break;
          }
          name.append(c);
          i++;
        }
        if (!closed) {
          break;
        }
      } else {
        while (i < n && setting.charAt(i) != ',' && !Character.isWhitespace(setting.charAt(i))) {
          char c = setting.charAt(i);
          name.append(c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c);
          i++;
        }
      }
      names.add(name.toString());
      while (i < n && Character.isWhitespace(setting.charAt(i))) {
        i++;
      }
      if (i < n && setting.charAt(i) != ',') {
        break;
      }
      i++;
    }
    List<String> schemas = new ArrayList<>();
    if (!names.contains("pg_catalog")) {
      schemas.add("pg_catalog");
    }
    for (String name : names) {
      String schema = name.equals("$user") ? user : name;
      if (!schema.isEmpty() && !schemas.contains(schema)) {
        schemas.add(schema);
      }
    }
    return List.copyOf(schemas);
  }
}
