package io.pgsnap.db;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The libpq connection keywords pgsnap knows, their environment variables and allowed values. */
final class Keywords {
  private Keywords() {}

  /**
   * The keywords pgsnap honours, each with the environment variable libpq falls back to (null when
   * libpq has none). Iteration order is the order of this table.
   */
  static final Map<String, String> SUPPORTED = supported();

  /** Keywords libpq knows that have no equivalent in the JDBC driver and only tune transport. */
  static final Set<String> IGNORED =
      Set.of(
          "keepalives_idle",
          "keepalives_interval",
          "keepalives_count",
          "tcp_user_timeout",
          "sslcompression",
          "sslsni",
          "client_encoding");

  /**
   * Keywords libpq knows that pgsnap cannot honour; silently dropping them could be unsafe. ({@code
   * sslpassword} is here because pgjdbc would carry it inside the JDBC URL it logs.)
   */
  static final Set<String> UNSUPPORTED =
      Set.of(
          "hostaddr",
          "sslpassword",
          "service",
          "replication",
          "requirepeer",
          "require_auth",
          "requiressl",
          "sslcrl",
          "sslcrldir",
          "sslcertmode",
          "ssl_min_protocol_version",
          "ssl_max_protocol_version",
          "min_protocol_version",
          "max_protocol_version",
          "gsslib",
          "gssdelegation",
          "sslkeylogfile");

  /**
   * Environment variables libpq reads for keywords pgsnap cannot honour; pgsnap warns when one is
   * set rather than ignoring it silently.
   */
  static final List<String> UNSUPPORTED_VARIABLES =
      List.of(
          "PGHOSTADDR",
          "PGSERVICE",
          "PGSERVICEFILE",
          "PGREQUIREAUTH",
          "PGREQUIRESSL",
          "PGREQUIREPEER",
          "PGSSLCRL",
          "PGSSLCRLDIR",
          "PGSSLCERTMODE",
          "PGSSLMINPROTOCOLVERSION",
          "PGSSLMAXPROTOCOLVERSION");

  /** libpq's sslmode values, weakest first. */
  static final List<String> SSL_MODES =
      List.of("disable", "allow", "prefer", "require", "verify-ca", "verify-full");

  /** The values a keyword accepts, for keywords with a fixed set. */
  static final Map<String, List<String>> CHOICES =
      Map.of(
          "sslmode", SSL_MODES,
          "target_session_attrs",
              List.of("any", "read-write", "read-only", "primary", "standby", "prefer-standby"),
          "channel_binding", List.of("disable", "prefer", "require"),
          "gssencmode", List.of("disable", "prefer", "require"),
          "sslnegotiation", List.of("postgres", "direct"),
          "load_balance_hosts", List.of("disable", "random"));

  /**
   * For keywords that a {@code jdbc:postgresql:} URL can only express as a driver property: that
   * property's name. When the URL sets the property, the keyword's environment variable is not
   * read.
   */
  static final Map<String, String> DRIVER_PROPERTY =
      Map.of(
          "target_session_attrs", "targetServerType",
          "channel_binding", "channelBinding",
          "gssencmode", "gssEncMode",
          "sslnegotiation", "sslNegotiation",
          "load_balance_hosts", "loadBalanceHosts",
          "keepalives", "tcpKeepAlive",
          "krbsrvname", "kerberosServerName");

  /** Whether a keyword's value is a secret that must never be shown. */
  static boolean isSecret(String keyword) {
    return keyword.equalsIgnoreCase("password") || keyword.equalsIgnoreCase("sslpassword");
  }

  private static Map<String, String> supported() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("host", "PGHOST");
    m.put("port", "PGPORT");
    m.put("dbname", "PGDATABASE");
    m.put("user", "PGUSER");
    m.put("password", "PGPASSWORD");
    m.put("passfile", "PGPASSFILE");
    m.put("sslmode", "PGSSLMODE");
    m.put("sslrootcert", "PGSSLROOTCERT");
    m.put("sslcert", "PGSSLCERT");
    m.put("sslkey", "PGSSLKEY");
    m.put("sslnegotiation", "PGSSLNEGOTIATION");
    m.put("application_name", "PGAPPNAME");
    m.put("fallback_application_name", null);
    m.put("connect_timeout", "PGCONNECT_TIMEOUT");
    m.put("options", "PGOPTIONS");
    m.put("target_session_attrs", "PGTARGETSESSIONATTRS");
    m.put("load_balance_hosts", "PGLOADBALANCEHOSTS");
    m.put("channel_binding", "PGCHANNELBINDING");
    m.put("gssencmode", "PGGSSENCMODE");
    m.put("krbsrvname", "PGKRBSRVNAME");
    m.put("keepalives", null);
    return java.util.Collections.unmodifiableMap(m);
  }
}
