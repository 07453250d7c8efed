package io.pgsnap.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/** Stand-in until the full connection settings land: accepts only jdbc:postgresql URLs. */
public final class ConnectionSettings {
  private final String url;

  private ConnectionSettings(String url) {
    this.url = url;
  }

  public static ConnectionSettings resolve(String url, Environment env) {
    return new ConnectionSettings(url);
  }

  public boolean passwordOnCommandLine() {
    return false;
  }

  public HikariDataSource openPool(String name, int size) {
    HikariConfig c = new HikariConfig();
    c.setJdbcUrl(url);
    c.setMaximumPoolSize(size);
    c.setPoolName(name);
    return new HikariDataSource(c);
  }
}
