package io.pgsnap.db;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The session settings pgsnap pins while it reads data, so that every value prints the same way on
 * every run and every server: two exports of unchanged data are byte-identical. They are set with
 * {@code set_config(..., true)}, local to the transaction, so a pooled connection goes back to the
 * pool as it came.
 */
public final class SessionSettings {
  /** Settings pinned for reading, in the order they are applied. */
  public static final Map<String, String> EXPORT = pinned();

  /** Settings not changed but recorded, because they decide how some values print. */
  public static final List<String> RECORDED = List.of("client_encoding", "lc_monetary");

  private SessionSettings() {}

  private static Map<String, String> pinned() {
    Map<String, String> s = new LinkedHashMap<>();
    s.put("DateStyle", "ISO, YMD");
    s.put("IntervalStyle", "postgres");
    s.put("TimeZone", "UTC");
    // 3 (or any value > 0) prints floats in the shortest form that reads back exactly.
    s.put("extra_float_digits", "3");
    s.put("bytea_output", "hex");
    // Rows hidden by row security must fail the export, never vanish from it silently.
    s.put("row_security", "off");
    // An empty search path makes regclass values, types and expressions print schema-qualified.
    s.put("search_path", "");
    s.put("standard_conforming_strings", "on");
    // A synchronized scan may start mid-table; off keeps row order stable between runs.
    s.put("synchronize_seqscans", "off");
    s.put("statement_timeout", "0");
    // The coordinating connection idles in its transaction while workers copy.
    s.put("idle_in_transaction_session_timeout", "0");
    // JIT compiling pays off on long analytic queries, not on catalog reads and COPY scans: the
    // recursive dependency walk's cost estimate alone set off 0.7 s of compilation per export.
    s.put("jit", "off");
    return java.util.Collections.unmodifiableMap(s);
  }

  /**
   * Applies {@code settings} for the rest of the current transaction; the connection must not be in
   * auto-commit mode.
   */
  public static void applyLocally(Connection connection, Map<String, String> settings)
      throws SQLException {
    String[] names = settings.keySet().toArray(String[]::new);
    String[] values = settings.values().toArray(String[]::new);
    Array nameArray = connection.createArrayOf("text", names);
    Array valueArray = connection.createArrayOf("text", values);
    try (PreparedStatement ps =
        connection.prepareStatement(
            "SELECT pg_catalog.set_config(n, v, true)"
                + " FROM ROWS FROM (pg_catalog.unnest(?::text[]), pg_catalog.unnest(?::text[])) AS s(n, v)")) {
      ps.setArray(1, nameArray);
      ps.setArray(2, valueArray);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          // set_config returns the new value; nothing to check
        }
      }
    }
  }

  /** The current values of the named settings, in the given order. */
  public static Map<String, String> read(Connection connection, Iterable<String> names)
      throws SQLException {
    Map<String, String> values = new LinkedHashMap<>();
    try (PreparedStatement ps =
        connection.prepareStatement("SELECT pg_catalog.current_setting(?)")) {
      for (String name : names) {
        ps.setString(1, name);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          values.put(name, rs.getString(1));
        }
      }
    }
    return values;
  }
}
