package io.pgsnap.catalog;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One storage parameter ({@code reloptions} entry) as the server prints it, {@code name=value},
 * read strictly: the name is lower-case letters, digits and underscores, with one optional {@code
 * .} for a namespace ({@code toast.autovacuum_enabled}); the value is everything after the first
 * {@code =} and goes into SQL only as a literal.
 *
 * @param name the parameter, {@code fillfactor}
 * @param value its value, {@code 70}
 */
public record RelOption(String name, String value) {
  private static final Pattern TEXT =
      Pattern.compile("([a-z_][a-z0-9_]*(?:\\.[a-z_][a-z0-9_]*)?)=(.*)", Pattern.DOTALL);

  /**
   * Reads {@code text}.
   *
   * @throws IllegalArgumentException when it is not {@code name=value} with a name as above, or the
   *     value holds a NUL or is empty
   */
  public static RelOption parse(String text) {
    Matcher m = TEXT.matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "is not name=value with a lower-case parameter name: " + text);
    }
    String value = m.group(2);
    if (value.isEmpty() || value.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("has an empty value or a NUL character: " + text);
    }
    return new RelOption(m.group(1), value);
  }

  /** The option as it goes into {@code SET (...)}: {@code "toast"."fillfactor" = '70'}. */
  public String sql() {
    StringBuilder sql = new StringBuilder();
    for (String part : name.split("\\.")) {
      sql.append(sql.isEmpty() ? "" : ".").append(Identifiers.quote(part));
    }
    return sql.append(" = ").append(Identifiers.literal(value)).toString();
  }
}
