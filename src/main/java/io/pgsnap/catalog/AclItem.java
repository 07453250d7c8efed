package io.pgsnap.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One {@code aclitem} as the server prints it, {@code grantee=privileges/grantor}, read strictly:
 * an empty grantee is {@code PUBLIC}; a name that is not all letters, digits and underscores is
 * double-quoted with {@code ""} standing for {@code "}; each privilege is a letter of {@code
 * arwdDxtm}, at most once, followed by {@code *} when it is held with grant option.
 *
 * @param grantee the role granted to, or {@code null} for {@code PUBLIC}
 * @param privileges the privileges granted, in the order printed
 * @param grantor the role that granted them
 */
public record AclItem(String grantee, List<Privilege> privileges, String grantor) {

  /**
   * One privilege of an {@code aclitem}.
   *
   * @param keyword the SQL keyword, {@code SELECT}
   * @param grantOption whether it was granted {@code WITH GRANT OPTION}
   */
  public record Privilege(String keyword, boolean grantOption) {}

  /** The privilege letters of tables and columns, as {@code aclitem} prints them. */
  private static final Map<Character, String> LETTERS =
      Map.of(
          'a', "INSERT",
          'r', "SELECT",
          'w', "UPDATE",
          'd', "DELETE",
          'D', "TRUNCATE",
          'x', "REFERENCES",
          't', "TRIGGER",
          'm', "MAINTAIN");

  public AclItem {
    privileges = List.copyOf(privileges);
    Objects.requireNonNull(grantor, "grantor");
  }

  /**
   * Reads {@code text}.
   *
   * @throws IllegalArgumentException naming what does not fit, as the end of a sentence that starts
   *     with the item
   */
  public static AclItem parse(String text) {
    return parse(text, LETTERS);
  }

  /**
   * The privilege letters of schemas ({@code UC}), types ({@code U}) and functions ({@code X}), the
   * objects a table uses.
   */
  public static final Map<Character, String> OBJECT_LETTERS =
      Map.of('U', "USAGE", 'C', "CREATE", 'X', "EXECUTE");

  /**
   * Reads {@code text}, whose privilege letters are those of {@code letters}.
   *
   * @throws IllegalArgumentException as {@link #parse(String)}
   */
  public static AclItem parse(String text, Map<Character, String> letters) {
    Reader r = new Reader(text);
    String grantee = r.name(true);
    r.expect('=');
    List<Privilege> privileges = new ArrayList<>();
    while (!r.done() && r.peek() != '/') {
      char letter = r.next();
      String keyword = letters.get(letter);
      if (keyword == null) {
        throw new IllegalArgumentException("has the unknown privilege letter '" + letter + "'");
      }
      if (privileges.stream().anyMatch(p -> p.keyword().equals(keyword))) {
        throw new IllegalArgumentException("repeats the privilege letter '" + letter + "'");
      }
      boolean grantOption = !r.done() && r.peek() == '*';
      if (grantOption) {
        r.next();
      }
      privileges.add(new Privilege(keyword, grantOption));
    }
    if (privileges.isEmpty()) {
      throw new IllegalArgumentException("grants no privilege");
    }
    r.expect('/');
    String grantor = r.name(false);
    if (!r.done()) {
      throw new IllegalArgumentException("has text after the grantor");
    }
    return new AclItem(grantee.isEmpty() ? null : grantee, privileges, grantor);
  }

  /** The privileges held with grant option ({@code true}) or without it ({@code false}). */
  public List<String> keywords(boolean grantOption) {
    return privileges.stream()
        .filter(p -> p.grantOption() == grantOption)
        .map(Privilege::keyword)
        .toList();
  }

  /** A cursor over one {@code aclitem} text. */
  private static final class Reader {
    private final String text;
    private int at;

    Reader(String text) {
      this.text = text;
    }

    boolean done() {
      return at >= text.length();
    }

    char peek() {
      return text.charAt(at);
    }

    char next() {
      return text.charAt(at++);
    }

    void expect(char c) {
      if (done() || peek() != c) {
        throw new IllegalArgumentException("has no '" + c + "' where expected");
      }
      at++;
    }

    /**
     * A role name: double-quoted, or a bare run of letters, digits and underscores; empty only
     * where {@code mayBeEmpty} (the grantee {@code PUBLIC}).
     */
    String name(boolean mayBeEmpty) {
      StringBuilder name = new StringBuilder();
      if (!done() && peek() == '"') {
        at++;
        while (true) {
          if (done()) {
            throw new IllegalArgumentException("has an unterminated quoted role name");
          }
          char c = next();
          if (c == '"') {
            if (!done() && peek() == '"') {
              at++;
            } else {
              break;
            }
          }
          name.append(c);
        }
        if (name.isEmpty()) {
          throw new IllegalArgumentException("has an empty quoted role name");
        }
      } else {
        while (!done() && (Character.isLetterOrDigit(peek()) || peek() == '_')) {
          name.append(next());
        }
        if (name.isEmpty() && !mayBeEmpty) {
          throw new IllegalArgumentException("has no grantor");
        }
      }
      if (name.indexOf("\0") >= 0 || name.chars().anyMatch(Character::isISOControl)) {
        throw new IllegalArgumentException("has a control character in a role name");
      }
      return name.toString();
    }
  }
}
