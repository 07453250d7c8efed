package io.pgsnap.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import io.pgsnap.ErrorCode;
import io.pgsnap.PgsnapException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * How pgsnap reaches a server, resolved the way libpq resolves it, so that what works for {@code
 * psql} works for pgsnap: hosts and ports, database, user, password, {@code sslmode} and the other
 * connection parameters.
 *
 * <p>Where each value comes from, first match wins:
 *
 * <ol>
 *   <li>the connection string given to {@link #resolve}, or when there is none, {@code
 *       DATABASE_URL};
 *   <li>the libpq environment variables: {@code PGHOST}, {@code PGPORT}, {@code PGDATABASE}, {@code
 *       PGUSER}, {@code PGPASSWORD}, {@code PGSSLMODE}, {@code PGSSLROOTCERT}, {@code PGSSLCERT},
 *       {@code PGSSLKEY}, {@code PGAPPNAME}, {@code PGCONNECT_TIMEOUT}, {@code PGOPTIONS}, {@code
 *       PGTARGETSESSIONATTRS}, {@code PGPASSFILE}, ...;
 *   <li>for the password only: the password file ({@code passfile}, {@code PGPASSFILE} or {@code
 *       ~/.pgpass});
 *   <li>libpq's defaults: host {@code localhost}, port 5432, the operating-system user name as
 *       user, the user name as database, {@code sslmode=prefer}.
 * </ol>
 *
 * <p>The JDBC driver connects over TCP only: Unix-domain sockets are not supported, so a host that
 * starts with {@code /} (a socket directory, as in {@code PGHOST=/var/run/postgresql}) is a usage
 * error. Where libpq would connect to its default socket, pgsnap connects to {@code localhost}.
 *
 * <p>The password is kept private: {@link #toString()}, {@link #describe()} and every message leave
 * it out, and it reaches the driver only through the data source's password property, never inside
 * a JDBC URL (which the driver and pool may log).
 *
 * <p>Instances are immutable and safe to share.
 */
public final class ConnectionSettings {
  /** The application name the server shows in {@code pg_stat_activity} unless one is given. */
  public static final String DEFAULT_APPLICATION_NAME = "pgsnap";

  /** The JDBC driver's connect timeout in seconds when {@code connect_timeout} is not given. */
  public static final int DEFAULT_CONNECT_TIMEOUT_SECONDS = 10;

  /**
   * One server address.
   *
   * @param name host name or IP address, IPv6 without brackets
   * @param port TCP port
   */
  public record Host(String name, int port) {
    /**
     * Checks the values.
     *
     * @param name host name or IP address, IPv6 without brackets
     * @param port TCP port, from 1 to 65535
     */
    public Host {
      Objects.requireNonNull(name, "name");
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("port must be from 1 to 65535, was " + port);
      }
    }

    /**
     * The host as a URL writes it: IPv6 addresses in brackets.
     *
     * @return e.g. {@code db.example.com} or {@code [::1]}
     */
    public String urlName() {
      return name.indexOf(':') >= 0 ? "[" + name + "]" : name;
    }

    /** {@code host:port}, IPv6 addresses in brackets: {@code [::1]:5432}. */
    @Override
    public String toString() {
      return urlName() + ":" + port;
    }
  }

  /** Where the password came from, so that an authentication failure can say what to check. */
  public enum PasswordSource {
    /** The connection string passed to {@link #resolve} (on the command line: {@code --url}). */
    URL,
    /** The connection string in {@code DATABASE_URL}. */
    DATABASE_URL,
    /** The {@code PGPASSWORD} environment variable. */
    PGPASSWORD,
    /** A line of the password file ({@code ~/.pgpass} or {@code PGPASSFILE}). */
    PASSWORD_FILE,
    /** No password was found; the server may not need one. */
    NONE
  }

  private final List<Host> hosts;
  private final String database;
  private final String user;
  private final String password;
  private final PasswordSource passwordSource;
  private final Path passwordFile;
  private final String sslMode;
  private final Map<String, String> parameters;
  private final Map<String, String> driverProperties;
  private final List<String> warnings;

  private ConnectionSettings(SettingsResolver r) {
    this.hosts = List.copyOf(r.hosts);
    this.database = r.database;
    this.user = r.user;
    this.password = r.password;
    this.passwordSource = r.passwordSource;
    this.passwordFile = r.passwordFile;
    this.sslMode = r.sslMode;
    this.parameters = Collections.unmodifiableMap(new TreeMap<>(r.parameters));
    this.driverProperties = Collections.unmodifiableMap(new TreeMap<>(r.driverProperties));
    this.warnings = List.copyOf(r.warnings);
  }

  private ConnectionSettings(ConnectionSettings same, String database) {
    this.hosts = same.hosts;
    this.database = database;
    this.user = same.user;
    this.password = same.password;
    this.passwordSource = same.passwordSource;
    this.passwordFile = same.passwordFile;
    this.sslMode = same.sslMode;
    this.parameters = same.parameters;
    this.driverProperties = same.driverProperties;
    this.warnings = same.warnings;
  }

  /**
   * The same server, user and parameters, for another database of that server (a scratch database
   * made on it).
   *
   * @param database the other database's name
   * @return the changed settings
   */
  public ConnectionSettings withDatabase(String database) {
    return new ConnectionSettings(this, Objects.requireNonNull(database, "database"));
  }

  /**
   * Resolves how to reach the server, as libpq would.
   *
   * <p>{@code url} may be:
   *
   * <ul>
   *   <li>a libpq URI: {@code postgresql://bob:secret@db.example.com:5432/app?sslmode=require}
   *       (also {@code postgres://}; every part optional; percent-encoding; several hosts as {@code
   *       h1:5432,h2:5433}; IPv6 as {@code [::1]});
   *   <li>a JDBC URL: {@code jdbc:postgresql://db.example.com:5432/app?user=bob&sslmode=require},
   *       with pgjdbc's other properties passed on to the driver;
   *   <li>a libpq {@code key=value} string: {@code host=db.example.com dbname=app user=bob
   *       password='it\'s'} (values in single quotes may hold spaces; {@code \'} and {@code \\}
   *       escape).
   * </ul>
   *
   * <p>What {@code url} leaves out comes from the environment and libpq's defaults (see the class
   * description). Messages refer to {@code url} as {@code --url}, the option that supplies it.
   *
   * @param url the connection string, or null or blank to use {@code DATABASE_URL}, then the {@code
   *     PG*} variables and defaults
   * @param env the environment variables, home directory and operating-system user to use
   * @return the settings; {@link #warnings()} lists what the caller should tell the user
   * @throws PgsnapException with {@link ErrorCode#USAGE} for a malformed connection string (shown
   *     with its password masked), an unknown or unsupported parameter, an invalid value (such as
   *     an unknown {@code sslmode}), or a Unix-domain socket host
   */
  public static ConnectionSettings resolve(String url, Environment env) {
    Objects.requireNonNull(env, "env");
    ConnectionString string;
    PasswordSource stringSource;
    String origin;
    if (url != null && !url.isBlank()) {
      origin = "--url";
      stringSource = PasswordSource.URL;
      string = ConnectionString.parse(url.strip(), origin);
    } else if (env.get("DATABASE_URL").filter(v -> !v.isBlank()).isPresent()) {
      origin = "DATABASE_URL";
      stringSource = PasswordSource.DATABASE_URL;
      string = ConnectionString.parse(env.get("DATABASE_URL").orElseThrow().strip(), origin);
    } else {
      origin = "--url";
      stringSource = PasswordSource.NONE;
      string = ConnectionString.EMPTY;
    }
    return new ConnectionSettings(
        new SettingsResolver(string, origin, stringSource, env).resolve());
  }

  /**
   * Whether the password came from the {@code url} argument of {@link #resolve} (the command line
   * warns about that: other users can see a process's arguments). A password from {@code
   * DATABASE_URL}, {@code PGPASSWORD} or a password file does not count.
   *
   * @return true when the password was given in {@code url}
   */
  public boolean passwordOnCommandLine() {
    return passwordSource == PasswordSource.URL;
  }

  /**
   * Where the password came from.
   *
   * @return the source, {@link PasswordSource#NONE} when there is no password
   */
  public PasswordSource passwordSource() {
    return passwordSource;
  }

  /**
   * The password file that supplied the password.
   *
   * @return the file when {@link #passwordSource()} is {@link PasswordSource#PASSWORD_FILE}
   */
  public Optional<Path> passwordFile() {
    return Optional.ofNullable(passwordFile);
  }

  /**
   * Whether a password was found anywhere.
   *
   * @return true when the driver will be given a password
   */
  public boolean hasPassword() {
    return password != null;
  }

  /**
   * The servers to try, in order (libpq's multi-host connection strings).
   *
   * @return one host at least
   */
  public List<Host> hosts() {
    return hosts;
  }

  /**
   * The first host's name.
   *
   * @return host name or IP address (IPv6 without brackets)
   */
  public String host() {
    return hosts.get(0).name();
  }

  /**
   * The first host's port.
   *
   * @return TCP port
   */
  public int port() {
    return hosts.get(0).port();
  }

  /**
   * The database name.
   *
   * @return never null
   */
  public String database() {
    return database;
  }

  /**
   * The user name to log in as.
   *
   * @return never null
   */
  public String user() {
    return user;
  }

  /**
   * The {@code sslmode}, one of libpq's: {@code disable}, {@code allow}, {@code prefer}, {@code
   * require}, {@code verify-ca}, {@code verify-full}.
   *
   * @return the mode, {@code prefer} unless given
   */
  public String sslMode() {
    return sslMode;
  }

  /**
   * The application name the server shows for pgsnap's sessions: {@code application_name}, else
   * {@code PGAPPNAME}, else {@code fallback_application_name}, else {@value
   * #DEFAULT_APPLICATION_NAME}.
   *
   * @return never null
   */
  public String applicationName() {
    String name = parameters.get("application_name");
    if (name == null) {
      name = parameters.get("fallback_application_name");
    }
    return name == null ? DEFAULT_APPLICATION_NAME : name;
  }

  /**
   * How long the driver waits for each TCP connection, from {@code connect_timeout} as libpq reads
   * it: 0 or less means no limit, 1 counts as 2.
   *
   * @return seconds; 0 for no limit; {@value #DEFAULT_CONNECT_TIMEOUT_SECONDS} unless given
   */
  public int connectTimeoutSeconds() {
    String value = parameters.get("connect_timeout");
    if (value == null) {
      return DEFAULT_CONNECT_TIMEOUT_SECONDS;
    }
    int seconds = Integer.parseInt(value.strip());
    return seconds <= 0 ? 0 : Math.max(seconds, 2);
  }

  /**
   * The other libpq parameters in effect, by libpq keyword (such as {@code sslrootcert}, {@code
   * application_name}, {@code connect_timeout}, {@code options}, {@code target_session_attrs}).
   * Host, port, database, user and sslmode have their own accessors; passwords never appear here.
   *
   * @return keyword to value, sorted by keyword
   */
  public Map<String, String> parameters() {
    return parameters;
  }

  /**
   * pgjdbc properties from a {@code jdbc:postgresql:} URL that have no libpq keyword (such as
   * {@code socketTimeout} or {@code targetServerType}); passed to the driver as they are.
   *
   * @return property name to value, sorted by name
   */
  public Map<String, String> driverProperties() {
    return driverProperties;
  }

  /**
   * Things the user should know that do not stop pgsnap, one sentence each: a password file ignored
   * for its permissions, a parameter or variable that has no effect.
   *
   * @return possibly empty, never null
   */
  public List<String> warnings() {
    return warnings;
  }

  /**
   * The connection for messages and logs, without the password: {@code
   * bob@db.example.com:5432/app}; several hosts as {@code bob@h1:5432,h2:5433/app}.
   *
   * @return a one-line description
   */
  public String describe() {
    return user + "@" + hostList() + "/" + database;
  }

  /**
   * These settings as a {@code postgresql://} URI a person can type, without the password: user,
   * hosts, database, and {@code sslmode} when it is not libpq's default; other parameters are left
   * out.
   *
   * @return e.g. {@code postgresql://bob@db.example.com:5432/app?sslmode=require}
   */
  public String uriWithoutPassword() {
    String uri = "postgresql://" + uriPart(user) + "@" + hostList() + "/" + uriPart(database);
    return sslMode.equals("prefer") ? uri : uri + "?sslmode=" + sslMode;
  }

  private static String uriPart(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /**
   * {@code base} with this connection's password, if it has one, in {@code PGPASSWORD}: the
   * environment in which {@link #uriWithoutPassword()} resolves to these settings. For commands
   * that run inside this process; the password is never printed.
   *
   * @param base the environment to extend
   * @return the environment to resolve the URI in
   */
  public Environment lendingPassword(Environment base) {
    return password == null ? base : base.with("PGPASSWORD", password);
  }

  /**
   * The hosts as {@code host:port}, comma-separated.
   *
   * @return e.g. {@code db.example.com:5432}
   */
  public String hostList() {
    return hosts.stream().map(Host::toString).collect(Collectors.joining(","));
  }

  /** The password for {@link ConnectionErrors} to scrub from driver messages; may be null. */
  String password() {
    return password;
  }

  /**
   * A description for debugging, without passwords.
   *
   * @return e.g. {@code ConnectionSettings[bob@db:5432/app, sslmode=require, password from
   *     PGPASSWORD]}
   */
  @Override
  public String toString() {
    return "ConnectionSettings["
        + describe()
        + ", sslmode="
        + sslMode
        + ", "
        + (password == null ? "no password" : "password from " + passwordSource)
        + (parameters.isEmpty() ? "" : ", " + parameters)
        + (driverProperties.isEmpty() ? "" : ", driver " + driverProperties)
        + "]";
  }

  /**
   * An unpooled pgjdbc data source for these settings, configured through its properties; the
   * password goes into the password property only. When no password was found it is the empty
   * string, which keeps the driver from reading a password file on its own (the driver reports it
   * as "no password" if the server asks for one). Each call returns a new one.
   *
   * @return a data source that opens a new connection on every {@code getConnection()}
   */
  public PGSimpleDataSource dataSource() {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    try {
      for (Map.Entry<String, String> e : driverProperties.entrySet()) {
        ds.setProperty(e.getKey(), e.getValue());
      }
    } catch (SQLException e) {
      throw new IllegalStateException("driver property rejected: " + e.getMessage(), e);
    }
    ds.setServerNames(hosts.stream().map(Host::urlName).toArray(String[]::new));
    ds.setPortNumbers(hosts.stream().mapToInt(Host::port).toArray());
    ds.setDatabaseName(database);
    ds.setUser(user);
    // With no password, an empty one: pgjdbc would otherwise read ~/.pgpass by itself, skipping
    // libpq's permission check that resolve() applies, and ignoring the Environment.
    ds.setPassword(password == null ? "" : password);
    ds.setSslMode(sslMode);
    optional("sslrootcert").ifPresent(ds::setSslRootCert);
    optional("sslcert").ifPresent(ds::setSslCert);
    optional("sslkey").ifPresent(ds::setSslKey);
    optional("sslnegotiation").ifPresent(ds::setSslNegotiation);
    optional("options").ifPresent(ds::setOptions);
    optional("krbsrvname").ifPresent(ds::setKerberosServerName);
    optional("channel_binding").ifPresent(ds::setChannelBinding);
    optional("gssencmode").ifPresent(ds::setGssEncMode);
    optional("target_session_attrs").ifPresent(v -> ds.setTargetServerType(targetServerType(v)));
    optional("load_balance_hosts").ifPresent(v -> ds.setLoadBalanceHosts(v.equals("random")));
    if (!driverProperties.containsKey("tcpKeepAlive")) {
      // libpq keeps TCP keepalives on unless keepalives=0; pgjdbc's default is off.
      ds.setTcpKeepAlive(optional("keepalives").map(v -> Integer.parseInt(v) != 0).orElse(true));
    }
    ds.setApplicationName(applicationName());
    ds.setConnectTimeout(connectTimeoutSeconds());
    return ds;
  }

  /**
   * Opens a HikariCP pool over {@link #dataSource()}. It fails fast: the first connection is made
   * before this returns, so a wrong password, a missing database or an unreachable server surfaces
   * here. Connections are in auto-commit mode.
   *
   * @param poolName the pool's name in logs and thread names
   * @param maxSize the most connections the pool holds, at least 1
   * @return the open pool; the caller closes it
   * @throws PgsnapException when the first connection fails, translated by {@link
   *     ConnectionErrors#translate(Throwable, ConnectionSettings)}
   */
  public HikariDataSource openPool(String poolName, int maxSize) {
    Objects.requireNonNull(poolName, "poolName");
    if (maxSize < 1) {
      throw new IllegalArgumentException("maxSize must be at least 1, was " + maxSize);
    }
    HikariConfig config = new HikariConfig();
    config.setPoolName(poolName);
    config.setDataSource(dataSource());
    config.setMaximumPoolSize(maxSize);
    config.setMinimumIdle(1);
    config.setAutoCommit(true);
    config.setInitializationFailTimeout(1);
    config.setConnectionTimeout(poolTimeoutMillis());
    try {
      return new HikariDataSource(config);
    } catch (HikariPool.PoolInitializationException e) {
      throw ConnectionErrors.translate(e, this);
    }
  }

  /**
   * How long a caller waits for a pooled connection: long enough for the driver to try every host
   * with its connect timeout and log in; no limit when {@code connect_timeout} sets none.
   */
  long poolTimeoutMillis() {
    int connect = connectTimeoutSeconds();
    if (connect == 0) {
      return 0; // HikariCP: no limit
    }
    return Math.max(30_000L, (connect * (long) hosts.size() + 5) * 1000L);
  }

  private Optional<String> optional(String keyword) {
    return Optional.ofNullable(parameters.get(keyword));
  }

  /** libpq's target_session_attrs as pgjdbc's nearest targetServerType. */
  static String targetServerType(String targetSessionAttrs) {
    return switch (targetSessionAttrs) {
      case "read-write", "primary" -> "primary";
      case "read-only", "standby" -> "secondary";
      case "prefer-standby" -> "preferSecondary";
      default -> "any";
    };
  }

  /**
   * A port number as libpq reads it.
   *
   * @return the port, or -1 when the text is not a number from 1 to 65535
   */
  static int parsePort(String text) {
    if (text.isEmpty() || text.length() > 5 || !text.chars().allMatch(Character::isDigit)) {
      return -1;
    }
    int port = Integer.parseInt(text);
    return port >= 1 && port <= 65535 ? port : -1;
  }
}
