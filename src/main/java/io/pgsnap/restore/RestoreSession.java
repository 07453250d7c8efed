package io.pgsnap.restore;

import io.pgsnap.ErrorCode;
import io.pgsnap.PgsnapException;
import io.pgsnap.db.SessionSettings;
import io.pgsnap.snapshot.Manifest;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.postgresql.PGConnection;
import org.postgresql.jdbc.PreferQueryMode;

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

  /**
   * Refuses a connection whose driver would send a statement over the simple query protocol, where
   * the server runs every statement of a string: {@code preferQueryMode=simple}, and {@code
   * extendedForPrepared}, which uses it for plain {@link java.sql.Statement}s.
   *
   * <p>This is a second line of defence, not the first: over the extended protocol the server
   * refuses two statements in one Parse message, but pgjdbc splits a string at each {@code ;}
   * itself and sends every part, for a plain and for a prepared statement alike. Only {@link
   * DdlStatementDdlStatement#check} keeps a second statement from running.
   *
   * @throws PgsnapException {@link ErrorCode#USAGE} for such a connection
   */
  static void requireExtendedProtocol(Connection c) {
    PreferQueryMode mode;
    try {
      mode = c.unwrap(PGConnection.class).getPreferQueryMode();
    } catch (SQLException e) {
      throw new PgsnapException(
          ErrorCode.FAILURE, "cannot tell which query protocol the connection uses: " + e, e);
    }
    if (mode == PreferQueryMode.SIMPLE || mode == PreferQueryMode.EXTENDED_FOR_PREPARED) {
      throw new PgsnapException(
          ErrorCode.USAGE,
          "the connection is set to preferQueryMode="
              + mode.value()
              + ", which sends statements over the simple query protocol, where one string can"
              + " carry several statements; restore runs a snapshot's DDL only over the extended"
              + " protocol: remove preferQueryMode from the connection string");
    }
  }

  /**
   * Refuses a session with {@code standard_conforming_strings} off, where a backslash escapes a
   * quote in every string and the check's reading of where a string ends would no longer be the
   * server's. pgsnap's sessions set it on; this makes sure nothing turned it off since.
   *
   * @throws PgsnapException {@link ErrorCode#USAGE} when the setting is off
   */
  static void requireStandardConformingStrings(Connection c) {
    String value;
    try {
      value = c.unwrap(PGConnection.class).getParameterStatus("standard_conforming_strings");
    } catch (SQLException e) {
      throw new PgsnapException(
          ErrorCode.FAILURE, "cannot tell how the session reads string literals: " + e, e);
    }
    if (!"on".equalsIgnoreCase(value)) {
      throw new PgsnapException(
          ErrorCode.USAGE,
          "the session has standard_conforming_strings="
              + value
              + ", where a backslash escapes a quote in every string; restore runs a snapshot's"
              + " DDL only with it on: remove the setting from the role, database or connection");
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
    // Planning reads the catalog; JIT compiling would cost more than those queries do.
    s.put("jit", "off");
    // money values were printed under the source's lc_monetary and are read back under it.
    String monetary = manifest.source().settings().get("lc_monetary");
    if (monetary != null && !monetary.isEmpty()) {
      s.put("lc_monetary", monetary);
    }
    return Collections.unmodifiableMap(s);
  }
}
