package io.pgsnap.testsupport;

/**
 * A running PostgreSQL server the integration suite started (or a container where Docker runs). It
 * accepts password authentication over TCP on {@link #host()}:{@link #port()}.
 */
public interface PgServer {
  /** The major version, e.g. {@code 15}. */
  int major();

  String host();

  int port();

  /** A superuser role that logs in with {@link #superuserPassword()}. */
  String superuser();

  String superuserPassword();

  /** Creates an empty database with a unique name; closing the result drops it. */
  default TestDatabase createDatabase() {
    return TestDatabase.create(this);
  }

  /** Creates an empty database and runs the SQL scripts of the test class path in it, in order. */
  default TestDatabase createDatabase(String... scripts) {
    TestDatabase db = createDatabase();
    try {
      for (String script : scripts) {
        db.runScript(script);
      }
      return db;
    } catch (RuntimeException e) {
      db.close();
      throw e;
    }
  }
}
