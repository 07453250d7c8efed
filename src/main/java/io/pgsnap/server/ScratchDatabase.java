package io.pgsnap.server;

import io.pgsnap.ErrorCode;
import io.pgsnap.PgsnapException;
import io.pgsnap.catalog.Identifiers;
import io.pgsnap.db.ConnectionErrors;
import io.pgsnap.db.ConnectionSettings;
import io.pgsnap.db.SqlStates;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A database that exists only for one operation (a drill, the demo): {@code <prefix><random>}, made
 * from {@code template0} (so nothing of the server's {@code template1} gets in a restore's way) and
 * dropped when closed, or when the process is stopped before that.
 */
public final class ScratchDatabase implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ScratchDatabase.class);

  private final ConnectionSettings server;
  private final String name;
  private final ExitCleanup drop;

  private ScratchDatabase(ConnectionSettings server, String name) {
    this.server = server;
    this.name = name;
    this.drop = ExitCleanup.register("drop the scratch database " + name, this::dropNow);
  }

  /**
   * Creates a scratch database named {@code prefix} and random hex digits on the server that {@code
   * server} reaches (its own database serves only to connect).
   *
   * @throws PgsnapException {@link ErrorCode#PERMISSION} when the user may not create databases,
   *     {@link ErrorCode#CONNECTION} when the server cannot be reached
   */
  public static ScratchDatabase create(ConnectionSettings server, String prefix) {
    byte[] random = new byte[6];
    new SecureRandom().nextBytes(random);
    String name = prefix + HexFormat.of().formatHex(random);
    execute(server, "CREATE DATABASE " + Identifiers.quote(name) + " TEMPLATE template0", name);
    return new ScratchDatabase(server, name);
  }

  public String name() {
    return name;
  }

  /** How to reach the scratch database. */
  public ConnectionSettings settings() {
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
                      + " CREATEDB, or leave out --url to use a throwaway server"
                  : ""),
          e);
    }
  }
}
