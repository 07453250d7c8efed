package io.pgsnap.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/** A scratch database on a test server, dropped on {@link #close()}. */
public final class TestDatabase implements AutoCloseable {
  private final PgServer server;
  private final String name;

  private TestDatabase(PgServer server, String name) {
    this.server = server;
    this.name = name;
  }

  static TestDatabase create(PgServer server) {
    String name = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection c = dataSource(server, "postgres", false).getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name + " TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C'");
    } catch (SQLException e) {
      throw new IllegalStateException("could not create test database on " + describe(server), e);
    }
    return new TestDatabase(server, name);
  }

  public PgServer server() {
    return server;
  }

  public String name() {
    return name;
  }

  /** A {@code jdbc:postgresql://} URL without credentials. */
  public String jdbcUrl() {
    return "jdbc:postgresql://" + server.host() + ":" + server.port() + "/" + name;
  }

  /** A libpq URI with the superuser's credentials, as a user would pass to {@code --url}. */
  public String uri() {
    return "postgresql://"
        + server.superuser()
        + ":"
        + server.superuserPassword()
        + "@"
        + server.host()
        + ":"
        + server.port()
        + "/"
        + name;
  }

  /**
   * A libpq URI naming the superuser without a password, for a child process that gets the password
   * from {@code PGPASSWORD}.
   */
  public String uriWithoutPassword() {
    return "postgresql://"
        + server.superuser()
        + "@"
        + server.host()
        + ":"
        + server.port()
        + "/"
        + name;
  }

  /** A data source logging in as the superuser, with the driver's default settings. */
  public DataSource dataSource() {
    return dataSource(server, name, false);
  }

  /**
   * A connection for the test's own SQL, over the simple query protocol so that a script of several
   * statements runs as one batch. pgsnap refuses to restore over such a connection.
   */
  public Connection connect() throws SQLException {
    return dataSource(server, name, true).getConnection();
  }

  /** Runs each statement in its own implicit transaction. */
  public void execute(String... statements) {
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      for (String sql : statements) {
        s.execute(sql);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("test SQL failed on " + describe(server) + ": " + e, e);
    }
  }

  /** Runs a SQL script from the test class path (one simple-protocol batch). */
  public void runScript(String resource) {
    try (InputStream in = TestDatabase.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource " + resource);
      }
      execute(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    try (Connection c = dataSource(server, "postgres", false).getConnection();
        Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    } catch (SQLException e) {
      throw new IllegalStateException("could not drop test database " + name, e);
    }
  }

  private static DataSource dataSource(PgServer server, String database, boolean simple) {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setServerNames(new String[] {server.host()});
    ds.setPortNumbers(new int[] {server.port()});
    ds.setDatabaseName(database);
    ds.setUser(server.superuser());
    ds.setPassword(server.superuserPassword());
    if (simple) {
      ds.setPreferQueryMode(org.postgresql.jdbc.PreferQueryMode.SIMPLE);
    }
    return ds;
  }

  private static String describe(PgServer server) {
    return "PostgreSQL " + server.major() + " at " + server.host() + ":" + server.port();
  }
}
