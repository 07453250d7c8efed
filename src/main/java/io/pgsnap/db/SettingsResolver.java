package io.pgsnap.db;

import io.pgsnap.ErrorCode;
import io.pgsnap.PgsnapException;
import io.pgsnap.db.ConnectionSettings.Host;
import io.pgsnap.db.ConnectionSettings.PasswordSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Works out every value of a {@link ConnectionSettings} from a parsed connection string, the
 * environment and libpq's defaults, as libpq would.
 */
final class SettingsResolver {
  private static final String DEFAULT_HOST = "localhost";

  /** PostgreSQL's longest name in bytes (NAMEDATALEN - 1). */
  private static final int MAX_NAME_BYTES = 63;

  private static final int DEFAULT_PORT = 5432;

  private static final String DEFAULT_SSL_MODE = "prefer";

  private final ConnectionString string;
  private final String origin;
  private final PasswordSource stringSource;
  private final Environment env;

  final List<Host> hosts = new ArrayList<>();
  String database;
  String user;
  String password;
  PasswordSource passwordSource = PasswordSource.NONE;
  Path passwordFile;
  String sslMode;
  final Map<String, String> parameters = new TreeMap<>();
  final Map<String, String> driverProperties;
  final List<String> warnings;

  SettingsResolver(
      ConnectionString string, String origin, PasswordSource stringSource, Environment env) {
    this.string = string;
    this.origin = origin;
    this.stringSource = stringSource;
    this.env = env;
    this.driverProperties = new TreeMap<>(string.driverProperties());
    this.warnings = new ArrayList<>(string.warnings());
  }

  /** A value and where it came from ({@code --url}, {@code DATABASE_URL} or a variable). */
  private record Value(String text, String origin) {}

  /**
   * Refuses a name no role or database can have. The server would otherwise drop the connection
   * without a word on a name that overflows its start-up packet, which reads as a server that went
   * away.
   */
  private static void requireName(String what, String name) {
    int bytes = name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    if (bytes > MAX_NAME_BYTES) {
      throw new PgsnapException(
          ErrorCode.USAGE,
          "the "
              + what
              + " name is "
              + bytes
              + " bytes long, but PostgreSQL names hold at most "
              + MAX_NAME_BYTES
              + " (a name created longer was cut to its first "
              + MAX_NAME_BYTES
              + " bytes): check --url");
    }
  }

  /** The keyword's value from the string, else from its environment variable. */
  private Optional<Value> lookup(String keyword) {
    String fromString = string.parameters().get(keyword);
    if (fromString != null) {
      return Optional.of(new Value(fromString, origin));
    }
    String variable = Keywords.SUPPORTED.get(keyword);
    String property = Keywords.DRIVER_PROPERTY.get(keyword);
    if (variable == null || (property != null && driverProperties.containsKey(property))) {
      return Optional.empty();
    }
    return env.get(variable).map(v -> new Value(v, variable));
  }

  SettingsResolver resolve() {
    resolveHosts();
    user =
        lookup("user")
            .map(Value::text)
            .filter(u -> !u.isEmpty())
            .or(() -> Optional.ofNullable(env.osUser()).filter(u -> !u.isBlank()))
            .orElseThrow(
                () ->
                    new PgsnapException(
                        ErrorCode.USAGE,
                        "could not determine the user name: give one in --url or set PGUSER"));
    database = lookup("dbname").map(Value::text).filter(d -> !d.isEmpty()).orElse(user);
    requireName("user", user);
    requireName("database", database);
    sslMode = lookup("sslmode").map(v -> choice("sslmode", v)).orElse(DEFAULT_SSL_MODE);
    for (String keyword : Keywords.SUPPORTED.keySet()) {
      switch (keyword) {
        case "host", "port", "dbname", "user", "password", "passfile", "sslmode" -> {
          // resolved on their own
        }
        default -> lookup(keyword).ifPresent(v -> parameters.put(keyword, check(keyword, v)));
      }
    }
    for (String variable : Keywords.UNSUPPORTED_VARIABLES) {
      if (env.get(variable).isPresent()) {
        warnings.add(variable + " is set but pgsnap does not support it; ignoring it");
      }
    }
    resolvePassword();
    return this;
  }

  private void resolveHosts() {
    String hostSpec = lookup("host").map(Value::text).orElse("");
    Optional<Value> portValue = lookup("port");
    String[] names = hostSpec.split(",", -1);
    String[] ports = portValue.map(Value::text).orElse("").split(",", -1);
    if (ports.length != 1 && ports.length != names.length) {
      throw new PgsnapException(
          ErrorCode.USAGE,
          "could not match "
              + ports.length
              + " port numbers to "
              + names.length
              + " hosts"
              + portValue.map(v -> " (ports from " + v.origin() + ")").orElse("")
              + "; give one port for all hosts or one per host");
    }
    for (int i = 0; i < names.length; i++) {
      String name = names[i].isEmpty() ? DEFAULT_HOST : names[i];
      if (name.startsWith("/")) {
        throw new PgsnapException(
            ErrorCode.USAGE,
            "host \""
                + name
                + "\" is a Unix-domain socket directory, which the JDBC driver cannot use;"
                + " give a TCP host name or address instead, e.g. localhost");
      }
      String portText = ports.length == 1 ? ports[0] : ports[i];
      int port = portText.isEmpty() ? DEFAULT_PORT : ConnectionSettings.parsePort(portText.strip());
      if (port < 0) {
        throw new PgsnapException(
            ErrorCode.USAGE,
            "invalid port \""
                + portText
                + "\""
                + portValue.map(v -> " in " + v.origin()).orElse("")
                + ": use a number from 1 to 65535");
      }
      hosts.add(new Host(name, port));
    }
  }

  private void resolvePassword() {
    String fromString = string.parameters().get("password");
    if (fromString != null && !fromString.isEmpty()) {
      password = fromString;
      passwordSource = stringSource;
      return;
    }
    Optional<String> fromEnv = env.get("PGPASSWORD");
    if (fromEnv.isPresent()) {
      password = fromEnv.get();
      passwordSource = PasswordSource.PGPASSWORD;
      return;
    }
    Optional<Path> file =
        lookup("passfile")
            .map(v -> Path.of(v.text()))
            .or(() -> Optional.ofNullable(env.home()).map(h -> h.resolve(".pgpass")));
    if (file.isEmpty()) {
      return;
    }
    Optional<String> fromFile = PasswordFile.lookup(file.get(), hosts, database, user, warnings);
    if (fromFile.isPresent()) {
      password = fromFile.get();
      passwordSource = PasswordSource.PASSWORD_FILE;
      passwordFile = file.get();
    }
  }

  /** Checks one parameter's value; returns it as it will be used. */
  private String check(String keyword, Value value) {
    if (Keywords.CHOICES.containsKey(keyword)) {
      return choice(keyword, value);
    }
    switch (keyword) {
      case "connect_timeout", "keepalives" -> {
        String text = value.text().strip();
        if (!text.matches("[+-]?[0-9]{1,9}")) {
          throw invalid(
              keyword,
              value,
              "a whole number" + (keyword.equals("connect_timeout") ? " of seconds" : " (0 or 1)"));
        }
        return text.startsWith("+") ? text.substring(1) : text;
      }
      default -> {
        return value.text();
      }
    }
  }

  /** A value that must be one of a fixed set, compared as libpq does but ignoring case. */
  private String choice(String keyword, Value value) {
    List<String> allowed = Keywords.CHOICES.get(keyword);
    String normalized = value.text().strip().toLowerCase(java.util.Locale.ROOT);
    if (!allowed.contains(normalized)) {
      throw invalid(keyword, value, "one of " + String.join(", ", allowed));
    }
    return normalized;
  }

  private static PgsnapException invalid(String keyword, Value value, String use) {
    return new PgsnapException(
        ErrorCode.USAGE,
        "invalid " + keyword + " \"" + value.text() + "\" in " + value.origin() + ": use " + use);
  }
}
