package io.pgsnap.drill;

import io.pgsnap.ErrorCode;
import io.pgsnap.PgsnapException;
import io.pgsnap.catalog.Identifiers;
import io.pgsnap.db.ConnectionErrors;
import io.pgsnap.db.ConnectionSettings;
import io.pgsnap.db.SqlStates;
import io.pgsnap.server.ExitCleanup;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A database that exists only for one drill: {@code pgsnap_drill_<random>}, made from {@code
 * template0} (so nothing of the server's {@code template1} gets in the restore's way) and dropped
 * when closed, or when the process is stopped before that.
 */
final class ScratchDatabase implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ScratchDatabase.class);

  static final String PREFIX = "pgsnap_drill_";

  private final ConnectionSettings server;
  private final String name;
  private final ExitCleanup drop;

  private ScratchDatabase(ConnectionSettings server, String name) {
    this.server = server;
    this.name = name;
    this.drop = ExitCleanup.register("drop the scratch database " + name, this::dropNow);
  }

  /**
   * Creates a scratch database on the server that {@code server} reaches (its own database serves
   * only to connect).
   *
   * @throws PgsnapException {@link ErrorCode#PERMISSION} when the user may not create databases,
   *     {@link ErrorCode#CONNECTION} when the server cannot be reached
   */
  static ScratchDatabase create(ConnectionSettings server) {
    byte[] random = new byte[6];
    new SecureRandom().nextBytes(random);
    String name = PREFIX + HexFormat.of().formatHex(random);
    execute(server, "CREATE DATABASE " + Identifiers.quote(name) + " TEMPLATE template0", name);
    return new ScratchDatabase(server, name);
  }

  String name() {
    return name;
  }

  /** How to reach the scratch database. */
  ConnectionSettings settings() {
    return server.withDatabase(name);
  }

  /** Drops the database, ending any session still in it. */
  @Override
  public void close() {
    drop.close();
  }

  private void dropNow() {
    try {
      execute(server, "DROP DATABASE IF EXISTS " + Identifiers.quote(name) + " WITH (FORCE)", name);
    } catch (PgsnapException e) {
      log.warn(
          "could not drop the scratch database {} on {}: {}; drop it by hand",
          name,
          server.describe(),
          e.getMessage());
    }
  }

  private static void execute(ConnectionSettings server, String sql, String name) {
    Connection c;
    try {
      c = server.dataSource().getConnection();
    } catch (SQLException e) {
      throw ConnectionErrors.translate(e, server);
    }
    try (c;
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      boolean denied = "42501".equals(e.getSQLState());
      throw new PgsnapException(
          denied ? ErrorCode.PERMISSION : ErrorCode.FAILURE,
          "could not run `"
              + sql
              + "` on "
              + server.describe()
              + ": "
              + SqlStates.firstLine(e)
              + (denied
                  ? "; grant user "
                      + server.user()
                      + " CREATEDB, or leave out --url to drill on a throwaway server"
                  : ""),
          e);
    }
  }
}
