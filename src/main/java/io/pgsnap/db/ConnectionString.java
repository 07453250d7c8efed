package io.pgsnap.db;

import io.pgsnap.ErrorCode;
import io.pgsnap.PgsnapException;
import java.io.ByteArrayOutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.postgresql.PGProperty;

/**
 * A connection string as the user wrote it, split into libpq keywords: a {@code postgresql://} or
 * {@code postgres://} URI, a {@code jdbc:postgresql:} URL, or a libpq {@code key=value} string.
 * This class only parses; defaults, environment variables and the checking of values happen in
 * {@link ConnectionSettings}.
 *
 * <p>URIs follow libpq: percent-decoding everywhere, {@code ,} between hosts, {@code [..]} around
 * IPv6 addresses, query parameters overriding the parts before them, {@code ssl=true} meaning
 * {@code sslmode=require}. Unlike libpq, the user information ends at the last {@code @} before the
 * query, so a password with an unencoded {@code @} or {@code /} still works. JDBC URLs follow
 * pgjdbc: {@code +} decodes to a space, {@code ssl=true} without {@code sslmode} means {@code
 * verify-full}, and driver properties pass through to the driver.
 */
final class ConnectionString {
  private static final List<String> URI_PREFIXES = List.of("postgresql://", "postgres://");
  private static final String JDBC_PREFIX = "jdbc:postgresql:";
  private static final String MASK = "****";
  private static final Pattern CONNINFO_SECRET =
      Pattern.compile(
          "(?i)((?:ssl)?password\\s*=\\s*)('(?:[^'\\\\]|\\\\.)*'?|(?:[^\\s\\\\]|\\\\.)*\\\\?)");
  private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*://");

  /** A connection string with nothing in it: every value comes from the environment. */
  static final ConnectionString EMPTY = new ConnectionString(Map.of(), Map.of(), List.of());

  private final Map<String, String> parameters;
  private final Map<String, String> driverProperties;
  private final List<String> warnings;

  private ConnectionString(
      Map<String, String> parameters, Map<String, String> driverProperties, List<String> warnings) {
    this.parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    this.driverProperties = Collections.unmodifiableMap(new LinkedHashMap<>(driverProperties));
    this.warnings = List.copyOf(warnings);
  }

  /** libpq keyword to value; the last occurrence of a keyword wins, as in libpq. */
  Map<String, String> parameters() {
    return parameters;
  }

  /** pgjdbc properties from a {@code jdbc:postgresql:} URL that have no libpq keyword here. */
  Map<String, String> driverProperties() {
    return driverProperties;
  }

  /** Keywords that were accepted but have no effect, one sentence each. */
  List<String> warnings() {
    return warnings;
  }

  /**
   * Parses a connection string in any of the three forms.
   *
   * @param text the string; not blank
   * @param origin where it came from, for messages: {@code --url} or {@code DATABASE_URL}
   * @return the keywords it sets
   * @throws PgsnapException with {@link ErrorCode#USAGE} when the string is malformed; the message
   *     shows the string with passwords masked
   */
  static ConnectionString parse(String text, String origin) {
    Parser parser = new Parser(text, origin);
    for (String prefix : URI_PREFIXES) {
      if (text.startsWith(prefix)) {
        return parser.uri(prefix.length());
      }
    }
    if (text.startsWith(JDBC_PREFIX)) {
      return parser.jdbc();
    }
    Matcher scheme = SCHEME.matcher(text);
    if (scheme.find()) {
      throw parser.fail(
          "unsupported scheme \""
              + text.substring(0, scheme.end() - 3)
              + "\"; use postgresql://, postgres:// or jdbc:postgresql://");
    }
    if (text.indexOf('=') < 0) {
      throw parser.fail(
          "not a connection string; use a postgresql:// URI, a jdbc:postgresql:// URL or"
              + " key=value pairs such as \"host=db.example.com dbname=app\"");
    }
    return parser.conninfo();
  }

  /**
   * The connection string with every password replaced by {@code ****}: the one after {@code user:}
   * in a URI, and the values of {@code password} and {@code sslpassword} parameters. When in doubt
   * it masks more rather than less; it is meant for error messages about strings that may be
   * malformed.
   *
   * @param text a connection string, possibly malformed; may be null
   * @return the masked string, or null for null
   */
  static String mask(String text) {
    if (text == null) {
      return null;
    }
    int scheme = text.indexOf("://");
    if (scheme < 0) {
      return CONNINFO_SECRET
          .matcher(text)
          .replaceAll(m -> Matcher.quoteReplacement(m.group(1)) + MASK);
    }
    String s = text;
    int query = s.indexOf('?');
    if (query >= 0) {
      s = s.substring(0, query + 1) + maskQuery(s.substring(query + 1));
    }
    int authorityStart = scheme + 3;
    int queryStart = s.indexOf('?');
    int at = queryStart < 0 ? s.lastIndexOf('@') : s.lastIndexOf('@', queryStart);
    if (at < authorityStart) {
      at = s.lastIndexOf('@');
    }
    if (at > authorityStart) {
      int colon = s.indexOf(':', authorityStart);
      if (colon >= 0 && colon < at) {
        s = s.substring(0, colon + 1) + MASK + s.substring(at);
      }
    }
    return s;
  }

  private static String maskQuery(String query) {
    String[] tokens = query.split("&", -1);
    for (int i = 0; i < tokens.length; i++) {
      int eq = tokens[i].indexOf('=');
      if (eq < 0) {
        continue;
      }
      String key = tokens[i].substring(0, eq);
      String decoded;
      try {
        decoded = URLDecoder.decode(key, StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        decoded = key;
      }
      if (Keywords.isSecret(decoded.strip())) {
        tokens[i] = key + "=" + MASK;
      }
    }
    return String.join("&", tokens);
  }

  /** One parse: the text, where it came from, and what has been found so far. */
  private static final class Parser {
    private final String text;
    private final String origin;
    private final Map<String, String> parameters = new LinkedHashMap<>();
    private final Map<String, String> driverProperties = new LinkedHashMap<>();
    private final List<String> warnings = new ArrayList<>();

    Parser(String text, String origin) {
      this.text = text;
      this.origin = origin;
    }

    PgsnapException fail(String detail) {
      return new PgsnapException(
          ErrorCode.USAGE, "invalid " + origin + " \"" + mask(text) + "\": " + detail);
    }

    private ConnectionString result() {
      return new ConnectionString(parameters, driverProperties, warnings);
    }

    // ---- postgresql:// URIs (libpq) ------------------------------------------------------------

    ConnectionString uri(int prefixLength) {
      String rest = text.substring(prefixLength);
      int q = rest.indexOf('?');
      String beforeQuery = q < 0 ? rest : rest.substring(0, q);
      int at = beforeQuery.lastIndexOf('@');
      if (at >= 0) {
        String userInfo = beforeQuery.substring(0, at);
        int colon = userInfo.indexOf(':');
        String user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon), "the user name");
        if (!user.isEmpty()) {
          parameters.put("user", user);
        }
        if (colon >= 0) {
          String password = decode(userInfo.substring(colon + 1), "the password");
          if (!password.isEmpty()) {
            parameters.put("password", password);
          }
        }
        beforeQuery = beforeQuery.substring(at + 1);
      }
      hostsAndPath(beforeQuery);
      if (q >= 0) {
        uriQuery(rest.substring(q + 1));
      }
      return result();
    }

    private void hostsAndPath(String s) {
      StringBuilder hosts = new StringBuilder();
      StringBuilder ports = new StringBuilder();
      int n = s.length();
      int i = 0;
      while (true) {
        String host;
        if (i < n && s.charAt(i) == '[') {
          int close = s.indexOf(']', i);
          if (close < 0) {
            throw fail("missing \"]\" after an IPv6 address");
          }
          if (close == i + 1) {
            throw fail("empty IPv6 address \"[]\"");
          }
          host = s.substring(i + 1, close);
          i = close + 1;
          if (i < n && ":/,".indexOf(s.charAt(i)) < 0) {
            throw fail(
                "unexpected character after an IPv6 address; expected \":\", \"/\" or \",\"");
          }
        } else {
          int start = i;
          while (i < n && ":/,".indexOf(s.charAt(i)) < 0) {
            i++;
          }
          host = s.substring(start, i);
        }
        hosts.append(decode(host, "a host name"));
        if (i < n && s.charAt(i) == ':') {
          int start = ++i;
          while (i < n && "/,".indexOf(s.charAt(i)) < 0) {
            i++;
          }
          ports.append(checkPort(decode(s.substring(start, i), "a port")));
        }
        if (i < n && s.charAt(i) == ',') {
          hosts.append(',');
          ports.append(',');
          i++;
          continue;
        }
        break;
      }
      if (hosts.length() > 0) {
        parameters.put("host", hosts.toString());
      }
      if (ports.length() > 0) {
        parameters.put("port", ports.toString());
      }
      if (i < n) { // s.charAt(i) == '/'
        String database = decode(s.substring(i + 1), "the database name");
        if (!database.isEmpty()) {
          parameters.put("dbname", database);
        }
      }
    }

    private void uriQuery(String query) {
      String previousKey = null;
      for (String token : query.split("&")) {
        if (token.isEmpty()) {
          continue;
        }
        int eq = token.indexOf('=');
        if (eq < 0) {
          throw fail(
              "missing \"=\" in query parameter "
                  + shown(decodeQuietly(token), previousKey)
                  + "; write key=value");
        }
        String key = decode(token.substring(0, eq), "a query parameter name");
        String value = decode(token.substring(eq + 1), "the value of " + quoted(key));
        if (key.equals("ssl")) {
          if (!value.equals("true")) {
            throw fail("query parameter \"ssl\" only takes the value true; use sslmode=...");
          }
          key = "sslmode";
          value = "require";
        }
        keyword(key, "query parameter " + shown(key, previousKey));
        parameters.put(key, value);
        previousKey = key;
      }
    }

    // ---- key=value strings (libpq conninfo) ----------------------------------------------------

    ConnectionString conninfo() {
      String s = text;
      int n = s.length();
      int i = 0;
      String previousKey = null;
      while (i < n) {
        if (Character.isWhitespace(s.charAt(i))) {
          i++;
          continue;
        }
        int start = i;
        while (i < n && s.charAt(i) != '=' && !Character.isWhitespace(s.charAt(i))) {
          i++;
        }
        String key = s.substring(start, i);
        while (i < n && Character.isWhitespace(s.charAt(i))) {
          i++;
        }
        if (i >= n || s.charAt(i) != '=') {
          if (previousKey != null && Keywords.isSecret(previousKey)) {
            throw new PgsnapException(
                ErrorCode.USAGE,
                "invalid "
                    + origin
                    + ": missing \"=\" after the value of "
                    + previousKey
                    + "; put values that contain spaces in single quotes, e.g. "
                    + previousKey
                    + "='...'");
          }
          throw fail("missing \"=\" after \"" + key + "\"");
        }
        i++;
        while (i < n && Character.isWhitespace(s.charAt(i))) {
          i++;
        }
        StringBuilder value = new StringBuilder();
        if (i < n && s.charAt(i) == '\'') {
          i++;
          while (true) {
            if (i >= n) {
              throw fail("unterminated quoted string (the value of " + key + ")");
            }
            char c = s.charAt(i);
            if (c == '\\') {
              i++;
              if (i < n) {
                value.append(s.charAt(i++));
              }
              continue;
            }
            i++;
            if (c == '\'') {
              break;
            }
            value.append(c);
          }
        } else {
          while (i < n && !Character.isWhitespace(s.charAt(i))) {
            char c = s.charAt(i++);
            if (c == '\\') {
              if (i < n) {
                value.append(s.charAt(i++));
              }
            } else {
              value.append(c);
            }
          }
        }
        keyword(key, "connection option \"" + key + "\"");
        parameters.put(key, value.toString());
        previousKey = key;
      }
      return result();
    }

    /** Checks a libpq keyword: known and honoured, known and ignored (a warning), or an error. */
    private void keyword(String key, String what) {
      if (Keywords.SUPPORTED.containsKey(key)) {
        return;
      }
      if (Keywords.IGNORED.contains(key)) {
        warnings.add(
            "connection parameter \""
                + key
                + "\" has no equivalent in the JDBC driver and is ignored");
        return;
      }
      if (Keywords.UNSUPPORTED.contains(key)) {
        throw fail("connection parameter \"" + key + "\" is not supported by pgsnap");
      }
      throw fail("unknown " + what);
    }

    // ---- jdbc:postgresql: URLs (pgjdbc) --------------------------------------------------------

    ConnectionString jdbc() {
      String rest = text.substring(JDBC_PREFIX.length());
      int q = rest.indexOf('?');
      String server = q < 0 ? rest : rest.substring(0, q);
      if (server.equals("//") || server.equals("///") || server.equals("/")) {
        server = "";
      } else if (server.startsWith("//")) {
        server = server.substring(2);
        int slash = server.indexOf('/');
        String netloc = slash < 0 ? server : server.substring(0, slash);
        if (slash >= 0) {
          String rawDatabase = server.substring(slash + 1);
          if (rawDatabase.indexOf('/') >= 0) {
            throw fail("too many \"/\"; the database name ends the URL before \"?\"");
          }
          String database = jdbcDecode(rawDatabase, "the database name");
          if (!database.isEmpty()) {
            parameters.put("dbname", database);
          }
        }
        jdbcHosts(netloc);
      } else if (!server.isEmpty()) {
        parameters.put("dbname", jdbcDecode(server, "the database name"));
      }
      if (q >= 0) {
        jdbcQuery(rest.substring(q + 1));
      }
      return result();
    }

    private void jdbcHosts(String netloc) {
      if (netloc.indexOf('@') >= 0) {
        throw fail(
            "a jdbc:postgresql URL cannot hold user:password@; pass ?user=...&password=... or use"
                + " a postgresql:// URI");
      }
      StringBuilder hosts = new StringBuilder();
      StringBuilder ports = new StringBuilder();
      boolean anyPort = false;
      String[] addresses = netloc.split(",", -1);
      for (int i = 0; i < addresses.length; i++) {
        String address = addresses[i];
        if (i > 0) {
          hosts.append(',');
          ports.append(',');
        }
        int colon = address.lastIndexOf(':');
        if (colon >= 0 && address.lastIndexOf(']') < colon) {
          ports.append(checkPort(address.substring(colon + 1)));
          anyPort = true;
          address = address.substring(0, colon);
        }
        if (address.startsWith("[")) {
          if (!address.endsWith("]") || address.length() == 2) {
            throw fail("malformed IPv6 address; write it as [::1]:5432");
          }
          address = address.substring(1, address.length() - 1);
        }
        hosts.append(address);
      }
      if (hosts.length() > 0) {
        parameters.put("host", hosts.toString());
      }
      if (anyPort) {
        parameters.put("port", ports.toString());
      }
    }

    private void jdbcQuery(String query) {
      boolean sslFlag = false;
      String previousKey = null;
      for (String token : query.split("&")) {
        if (token.isEmpty()) {
          continue;
        }
        int eq = token.indexOf('=');
        String key = eq < 0 ? token : token.substring(0, eq);
        String value = eq < 0 ? "" : jdbcDecode(token.substring(eq + 1), "the value of " + key);
        switch (key) {
          case "host", "PGHOST" -> parameters.put("host", value);
          case "port", "PGPORT" -> parameters.put("port", checkPort(value));
          case "dbname", "PGDBNAME" -> parameters.put("dbname", value);
          case "user", "password", "sslmode", "sslrootcert", "sslcert", "sslkey", "options" ->
              parameters.put(key, value);
          case "ApplicationName" -> parameters.put("application_name", value);
          case "connectTimeout" -> parameters.put("connect_timeout", value);
          case "ssl" -> {
            if (!value.isEmpty() && !value.equals("true") && !value.equals("false")) {
              throw fail("parameter \"ssl\" takes true or false; use sslmode=...");
            }
            sslFlag = !value.equals("false");
          }
          case "service", "sslpassword" ->
              throw fail("parameter \"" + key + "\" is not supported by pgsnap");
          default -> {
            if (PGProperty.forName(key) == null) {
              throw fail(
                  "unknown parameter " + shown(key, previousKey) + " (not a pgjdbc property)");
            }
            driverProperties.put(key, value);
          }
        }
        previousKey = key;
      }
      if (sslFlag && !parameters.containsKey("sslmode")) {
        parameters.put("sslmode", "verify-full"); // pgjdbc: ssl=true alone means verify-full
      }
    }

    // ---- helpers -------------------------------------------------------------------------------

    /** A port as written in a URI: empty (the default) or a number from 1 to 65535. */
    private String checkPort(String port) {
      if (port.isEmpty()) {
        return port;
      }
      if (ConnectionSettings.parsePort(port) < 0) {
        throw fail("a port must be a number from 1 to 65535");
      }
      return port;
    }

    /** libpq's percent-decoding: {@code %XX} only, never {@code %00}, {@code +} stays. */
    private String decode(String s, String what) {
      if (s.indexOf('%') < 0) {
        return s;
      }
      byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
      ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length);
      for (int i = 0; i < bytes.length; i++) {
        if (bytes[i] != '%') {
          out.write(bytes[i]);
          continue;
        }
        int hi = i + 1 < bytes.length ? Character.digit(bytes[i + 1], 16) : -1;
        int lo = i + 2 < bytes.length ? Character.digit(bytes[i + 2], 16) : -1;
        if (hi < 0 || lo < 0) {
          throw fail("invalid percent-encoding in " + what + "; write %XX with two hex digits");
        }
        int b = hi * 16 + lo;
        if (b == 0) {
          throw fail("%00 is not allowed in " + what);
        }
        out.write(b);
        i += 2;
      }
      return out.toString(StandardCharsets.UTF_8);
    }

    private String decodeQuietly(String s) {
      try {
        return decode(s, "");
      } catch (PgsnapException e) {
        return s;
      }
    }

    /** pgjdbc's decoding of URL parts: {@link URLDecoder}, so {@code +} is a space. */
    private String jdbcDecode(String s, String what) {
      try {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw fail("invalid percent-encoding in " + what + "; write %XX with two hex digits");
      }
    }

    /**
     * A parameter name for a message, unless it follows a password: then it may be a piece of a
     * password that held an unencoded {@code &}, and is not shown.
     */
    private static String shown(String key, String previousKey) {
      if (previousKey != null && Keywords.isSecret(previousKey)) {
        return "after the " + previousKey + " (encode \"&\" in it as %26)";
      }
      return quoted(key);
    }

    private static String quoted(String s) {
      return "\"" + s + "\"";
    }
  }
}
