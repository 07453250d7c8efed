package io.pgsnap.restore;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgsnap.ErrorCode;
import io.pgsnap.ExportOptions;
import io.pgsnap.Pgsnap;
import io.pgsnap.PgsnapException;
import io.pgsnap.catalog.Sequence;
import io.pgsnap.catalog.TableId;
import io.pgsnap.snapshot.DdlStatement;
import io.pgsnap.snapshot.Manifest;
import io.pgsnap.snapshot.ManifestTable;
import io.pgsnap.testsupport.AcrossServers;
import io.pgsnap.testsupport.PgServer;
import io.pgsnap.testsupport.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;
import org.postgresql.jdbc.PreferQueryMode;

/**
 * What the JDBC driver does with a DDL string that carries a second statement, against real
 * servers: the reason restore checks each statement itself rather than trusting the protocol.
 */
class DdlStatementIT {
  @TempDir Path out;

  /**
   * A connection to {@code db} with the driver's query mode set to {@code mode}, or its default.
   */
  private static Connection connect(TestDatabase db, PreferQueryMode mode) throws SQLException {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setServerNames(new String[] {db.server().host()});
    ds.setPortNumbers(new int[] {db.server().port()});
    ds.setDatabaseName(db.name());
    ds.setUser(db.server().superuser());
    ds.setPassword(db.server().superuserPassword());
    if (mode != null) {
      ds.setPreferQueryMode(mode);
    }
    return ds.getConnection();
  }

  private static boolean roleExists(Connection c, String role) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM pg_roles WHERE rolname = ?")) {
      s.setString(1, role);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next();
      }
    }
  }

  private static void dropRole(Connection c, String role) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("DROP ROLE IF EXISTS \"" + role + "\"");
    }
  }

  private static String smuggled(String role) {
    return "CREATE TABLE public.a (); CREATE ROLE \"" + role + "\" NOLOGIN";
  }

  @AcrossServers
  void theExtendedProtocolDoesNotStopASecondStatementInAPlainStatement(PgServer server)
      throws SQLException {
    String role = "smuggled_" + UUID.randomUUID().toString().replace("-", "");
    try (TestDatabase db = server.createDatabase();
        Connection c = connect(db, PreferQueryMode.EXTENDED)) {
      try (Statement s = c.createStatement()) {
        s.execute(smuggled(role));
      }
      // pgjdbc splits the string at the semicolon and sends both statements, each over the
      // extended protocol: the protocol refuses a second statement in one Parse, but the driver
      // never puts it there.
      assertTrue(roleExists(c, role));
      dropRole(c, role);
    }
  }

  @AcrossServers
  void theExtendedProtocolDoesNotStopASecondStatementInAPreparedStatement(PgServer server)
      throws SQLException {
    String role = "smuggled_" + UUID.randomUUID().toString().replace("-", "");
    try (TestDatabase db = server.createDatabase();
        Connection c = connect(db, PreferQueryMode.EXTENDED)) {
      try (PreparedStatement s = c.prepareStatement(smuggled(role))) {
        s.execute();
      }
      assertTrue(roleExists(c, role));
      dropRole(c, role);
    }
  }

  @AcrossServers
  void theCheckRefusesTheSameStringBeforeItReachesTheServer(PgServer server) throws SQLException {
    String role = "smuggled_" + UUID.randomUUID().toString().replace("-", "");
    try (TestDatabase db = server.createDatabase();
        Connection c = connect(db, PreferQueryMode.EXTENDED)) {
      String sql = smuggled(role);
      PgsnapException e =
          assertThrows(
              PgsnapException.class,
              () -> {
                DdlStatement.check(
                    sql, DdlStatement.Expected.createTable(new TableId("public", "a")));
                try (Statement s = c.createStatement()) {
                  s.execute(sql);
                }
              });
      assertEquals(ErrorCode.INTEGRITY, e.code());
      assertFalse(roleExists(c, role));
    }
  }

  @AcrossServers
  void aConnectionInSimpleQueryModeIsRefused(PgServer server) throws SQLException {
    try (TestDatabase db = server.createDatabase();
        Connection c = connect(db, PreferQueryMode.SIMPLE)) {
      PgsnapException e =
          assertThrows(PgsnapException.class, () -> RestoreSession.requireExtendedProtocol(c));
      assertEquals(ErrorCode.USAGE, e.code());
      assertTrue(
          e.getMessage().startsWith("the connection is set to preferQueryMode=simple"),
          e.getMessage());
    }
  }

  @AcrossServers
  void aConnectionThatUsesSimpleQueriesForPlainStatementsIsRefused(PgServer server)
      throws SQLException {
    try (TestDatabase db = server.createDatabase();
        Connection c = connect(db, PreferQueryMode.EXTENDED_FOR_PREPARED)) {
      PgsnapException e =
          assertThrows(PgsnapException.class, () -> RestoreSession.requireExtendedProtocol(c));
      assertTrue(
          e.getMessage().startsWith("the connection is set to preferQueryMode=extendedForPrepared"),
          e.getMessage());
    }
  }

  @AcrossServers
  void aConnectionInTheDefaultModeIsAccepted(PgServer server) throws SQLException {
    try (TestDatabase db = server.createDatabase();
        Connection c = connect(db, null)) {
      assertDoesNotThrow(() -> RestoreSession.requireExtendedProtocol(c));
    }
  }

  @AcrossServers
  void aSessionWithStandardConformingStringsOffIsRefused(PgServer server) throws SQLException {
    try (TestDatabase db = server.createDatabase();
        Connection c = connect(db, null)) {
      assertDoesNotThrow(() -> RestoreSession.requireStandardConformingStrings(c));
      try (Statement s = c.createStatement()) {
        s.execute("SET standard_conforming_strings = off");
      }
      PgsnapException e =
          assertThrows(
              PgsnapException.class, () -> RestoreSession.requireStandardConformingStrings(c));
      assertEquals(ErrorCode.USAGE, e.code());
      assertTrue(
          e.getMessage().startsWith("the session has standard_conforming_strings=off"),
          e.getMessage());
    }
  }

  @AcrossServers
  void everyStatementOfARealExportPassesTheCheckVerbatimAndRenamed(PgServer server) {
    List<List<String>> fixtures =
        List.of(
            List.of(
                "/export/edge-case-types.sql",
                "/restore/round-trip-extra-types.sql",
                "/export/edge-cases.sql",
                "/restore/round-trip-extra.sql"),
            List.of("/catalog/types.sql", "/catalog/fixture.sql"));
    for (List<String> scripts : fixtures) {
      try (TestDatabase db = server.createDatabase()) {
        scripts.forEach(db::runScript);
        Manifest manifest =
            Pgsnap.using(db.dataSource())
                .export(ExportOptions.defaults(out.resolve(db.name())))
                .manifest();
        assertTrue(manifest.tables().size() > 10, () -> "tables: " + manifest.tables().size());
        assertEveryStatementPasses(manifest);
      }
    }
  }

  /**
   * Runs every statement a restore of {@code manifest} could run through the check: the manifest's
   * DDL and sequences, and the scripts of a restore in place, into another schema and under another
   * name.
   */
  private static void assertEveryStatementPasses(Manifest manifest) {
    Map<TableId, TableId> intoSchema = new HashMap<>();
    Map<TableId, TableId> renamed = new HashMap<>();
    for (ManifestTable t : manifest.tables()) {
      intoSchema.put(t.id(), new TableId("restored", t.name()));
      renamed.put(t.id(), new TableId(t.schema(), t.name() + "_copy"));
    }
    for (Sequence s : manifest.sequences()) {
      DdlStatement.checkSequence(s);
    }
    for (ManifestTable t : manifest.tables()) {
      List<Sequence> owned =
          manifest.sequences().stream()
              .filter(s -> s.ownedBy() != null && s.ownedBy().table().equals(t.id()))
              .toList();
      DdlStatement.checkManifest(t);
      ScriptCheck.check(CreateScripts.verbatim(t, owned, Set.of()), t.id(), t.id());
      for (Map<TableId, TableId> targets : List.of(intoSchema, renamed)) {
        TableId target = targets.get(t.id());
        ScriptCheck.check(RenamedDdl.write(t, target, targets, owned), t.id(), target);
      }
    }
  }
}
