package io.pgsnap.cli;

import com.zaxxer.hikari.HikariDataSource;
import io.pgsnap.db.ConnectionSettings;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A connection pool that connects on first use, so that a command can check its files before it
 * reaches for the database: a damaged snapshot is reported as such even when the server is down.
 * Login failures are translated as when the pool opens eagerly.
 */
final class LazyPool implements DataSource, AutoCloseable {
  private final ConnectionSettings settings;
  private final String name;
  private final int size;
  private HikariDataSource pool;

  LazyPool(ConnectionSettings settings, String name, int size) {
    this.settings = settings;
    this.name = name;
    this.size = size;
  }

  private synchronized HikariDataSource pool() {
    if (pool == null) {
      pool = settings.openPool(name, size);
    }
    return pool;
  }

  @Override
  public Connection getConnection() throws SQLException {
    return pool().getConnection();
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    throw new SQLFeatureNotSupportedException("the pool's user is fixed");
  }

  @Override
  public synchronized void close() {
    if (pool != null) {
      pool.close();
    }
  }

  @Override
  public PrintWriter getLogWriter() {
    return null;
  }

  @Override
  public void setLogWriter(PrintWriter out) {}

  @Override
  public void setLoginTimeout(int seconds) {}

  @Override
  public int getLoginTimeout() {
    return 0;
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw new SQLFeatureNotSupportedException();
  }

  @Override
  public <T> T unwrap(Class<T> type) throws SQLException {
    throw new SQLException("not a wrapper");
  }

  @Override
  public boolean isWrapperFor(Class<?> type) {
    return false;
  }
}
