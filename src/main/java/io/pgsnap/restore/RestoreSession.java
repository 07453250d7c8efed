package io.pgsnap.restore;

import io.pgsnap.db.SessionSettings;
import io.pgsnap.snapshot.Manifest;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** The session settings a restore runs under, so that every value reads back as it was exported. */
final class RestoreSession {
  private RestoreSession() {}

  /**
   * Applies the settings to the transaction under way on {@code connection}, with {@code
   * lockTimeout} bounding every lock wait when it is not null.
   */
  static void apply(Connection connection, Manifest manifest, Duration lockTimeout)
      throws SQLException {
    SessionSettings.applyLocally(connection, settings(manifest));
    if (lockTimeout != null) {
      SessionSettings.applyLocally(
          connection, Map.of("lock_timeout", lockTimeout.toMillis() + "ms"));
    }
  }

  /** The settings for restoring {@code manifest}'s snapshot, in the order they are applied. */
  static Map<String, String> settings(Manifest manifest) {
    Map<String, String> s = new LinkedHashMap<>();
    // The DDL and the server's deparsed expressions are schema-qualified; an empty search path
    // makes sure nothing resolves to a same-named object elsewhere.
    s.put("search_path", "");
    s.put("DateStyle", "ISO, YMD");
    // Intervals were printed in the postgres style; sql_standard would read their signs otherwise.
    s.put("IntervalStyle", "postgres");
    s.put("TimeZone", "UTC");
    s.put("standard_conforming_strings", "on");
    // xml values may be fragments (content), which DOCUMENT mode would refuse.
    s.put("xmloption", "content");
    s.put("statement_timeout", "0");
    // A restore may wait for the user to confirm while it holds its locks.
    s.put("idle_in_transaction_session_timeout", "0");
    // money values were printed under the source's lc_monetary and are read back under it.
    String monetary = manifest.source().settings().get("lc_monetary");
    if (monetary != null && !monetary.isEmpty()) {
      s.put("lc_monetary", monetary);
    }
    return Collections.unmodifiableMap(s);
  }
}
