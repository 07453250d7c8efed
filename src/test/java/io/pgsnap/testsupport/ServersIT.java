package io.pgsnap.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/** The suite's PostgreSQL servers are real, of the promised major, and demand a password. */
class ServersIT {
  /** PostgreSQL's SQLSTATE for a failed password check. */
  private static final String INVALID_PASSWORD = "28P01";

  @AcrossServers
  void eachServerRunsTheMajorVersionItIsListedFor(PgServer server) throws SQLException {
    try (TestDatabase db = server.createDatabase()) {
      String versionNum = queryOne(db, "SHOW server_version_num");
      assertTrue(
          versionNum.startsWith(Integer.toString(server.major())),
          () -> "server_version_num " + versionNum + " is not PostgreSQL " + server.major());
      assertEquals(server.major(), Integer.parseInt(versionNum) / 10_000);
    }
  }

  @AcrossServers
  void scratchDatabasesAreUtf8WithTheCCollationAndMoneyFormat(PgServer server) throws SQLException {
    try (TestDatabase db = server.createDatabase()) {
      assertEquals("UTF8", queryOne(db, "SHOW server_encoding"));
      assertEquals(
          "C",
          queryOne(db, "SELECT datcollate FROM pg_database WHERE datname = current_database()"));
      assertEquals("C", queryOne(db, "SHOW lc_monetary"));
    }
  }

  @AcrossServers
  void theRightPasswordLogsInAsASuperuserOverTcp(PgServer server) throws SQLException {
    try (TestDatabase db = server.createDatabase()) {
      assertEquals("on", queryOne(db, "SHOW is_superuser"));
      assertEquals(
          "scram-sha-256",
          queryOne(db, "SHOW password_encryption"),
          "stored passwords are SCRAM secrets");
    }
  }

  @AcrossServers
  void aWrongPasswordIsRejectedOverTcp(PgServer server) {
    Properties credentials = new Properties();
    credentials.setProperty("user", server.superuser());
    credentials.setProperty("password", server.superuserPassword() + "-wrong");
    String url = "jdbc:postgresql://" + server.host() + ":" + server.port() + "/postgres";

    SQLException refused =
        assertThrows(SQLException.class, () -> DriverManager.getConnection(url, credentials));

    assertEquals(INVALID_PASSWORD, refused.getSQLState(), refused::getMessage);
  }

  private static String queryOne(TestDatabase db, String sql) throws SQLException {
    try (Connection c = db.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      assertTrue(rs.next(), () -> sql + " returned no row");
      return rs.getString(1);
    }
  }
}
