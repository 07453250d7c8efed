package io.pgsnap.db;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A libpq password file ({@code ~/.pgpass} or {@code PGPASSFILE}): lines of {@code
 * hostname:port:database:username:password}, where {@code *} alone matches anything, {@code \}
 * escapes the next character ({@code \:} and {@code \\}), lines starting with {@code #} are
 * comments, and the first matching line wins. As in libpq, a file that its group or others may read
 * or write is ignored with a warning, and so is one that is not a plain file.
 */
final class PasswordFile {
  private static final Set<PosixFilePermission> GROUP_OR_OTHERS =
      EnumSet.of(
          PosixFilePermission.GROUP_READ,
          PosixFilePermission.GROUP_WRITE,
          PosixFilePermission.GROUP_EXECUTE,
          PosixFilePermission.OTHERS_READ,
          PosixFilePermission.OTHERS_WRITE,
          PosixFilePermission.OTHERS_EXECUTE);

  private PasswordFile() {}

  /**
   * Looks up the password for the first of the hosts that has a line in the file, trying the hosts
   * in order as libpq does when it connects. A line with an empty password counts as no password.
   *
   * @param file the password file; a missing or unreadable one gives no password and no warning
   * @param hosts the hosts in connection order
   * @param database the database name to match
   * @param user the user name to match
   * @param warnings receives a sentence when the file is ignored for its permissions or type
   * @return the password, or empty when no line matches
   */
  static Optional<String> lookup(
      Path file,
      List<ConnectionSettings.Host> hosts,
      String database,
      String user,
      List<String> warnings) {
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    if (!Files.isRegularFile(file)) {
      warnings.add("password file \"" + file + "\" is not a plain file; ignoring it");
      return Optional.empty();
    }
    try {
      Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
      if (permissions.stream().anyMatch(GROUP_OR_OTHERS::contains)) {
        warnings.add(
            "password file \""
                + file
                + "\" has group or world access; permissions should be u=rw (0600) or less;"
                + " ignoring it");
        return Optional.empty();
      }
    } catch (UnsupportedOperationException e) {
      // Not a POSIX file system (Windows): libpq does not check there either.
    } catch (IOException e) {
      return Optional.empty();
    }
    List<String> lines;
    try {
      lines = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).lines().toList();
    } catch (IOException e) {
      return Optional.empty();
    }
    for (ConnectionSettings.Host host : hosts) {
      Optional<String> password =
          find(lines, host.name(), Integer.toString(host.port()), database, user);
      if (password.isPresent()) {
        return password;
      }
    }
    return Optional.empty();
  }

  /**
   * The password of the first line matching all four fields, or empty when none matches or the
   * first match has an empty password.
   */
  static Optional<String> find(
      List<String> lines, String host, String port, String database, String user) {
    for (String raw : lines) {
      String line = raw.endsWith("\r") ? raw.substring(0, raw.length() - 1) : raw;
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int i = 0;
      for (String token : new String[] {host, port, database, user}) {
        i = matchField(line, i, token);
        if (i < 0) {
          break;
        }
      }
      if (i < 0) {
        continue;
      }
      String password = unescape(line, i);
      return password.isEmpty() ? Optional.empty() : Optional.of(password);
    }
    return Optional.empty();
  }

  /**
   * Matches the field starting at {@code from} against {@code token}, exactly as libpq's {@code
   * pwdfMatchesString}: a lone {@code *} matches anything, a backslash makes the next character
   * literal, and a field only matches when a {@code :} ends it.
   *
   * @return the index after the field's {@code :}, or -1 when the field does not match
   */
  private static int matchField(String line, int from, String token) {
    if (line.startsWith("*:", from)) {
      return from + 2;
    }
    int n = line.length();
    int i = from;
    int t = 0;
    while (i < n) {
      char c = line.charAt(i);
      boolean escaped = false;
      if (c == '\\') {
        i++;
        if (i >= n) {
          return -1;
        }
        c = line.charAt(i);
        escaped = true;
      }
      if (c == ':' && !escaped && t == token.length()) {
        return i + 1;
      }
      if (t == token.length() || c != token.charAt(t)) {
        return -1;
      }
      i++;
      t++;
    }
    return -1;
  }

  /** The password field: up to the next unescaped {@code :} or the end, backslashes removed. */
  private static String unescape(String line, int from) {
    StringBuilder out = new StringBuilder();
    int n = line.length();
    for (int i = from; i < n && line.charAt(i) != ':'; i++) {
      if (line.charAt(i) == '\\' && i + 1 < n) {
        i++;
      }
      out.append(line.charAt(i));
    }
    return out.toString();
  }
}
