package io.pgsnap.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pgsnap.ExportOptions;
import io.pgsnap.Pgsnap;
import io.pgsnap.RestoreOptions;
import io.pgsnap.RestoreResult;
import io.pgsnap.catalog.Attached;
import io.pgsnap.catalog.Catalog;
import io.pgsnap.catalog.CatalogReader;
import io.pgsnap.catalog.TableId;
import io.pgsnap.catalog.TableSelection;
import io.pgsnap.testsupport.AcrossServers;
import io.pgsnap.testsupport.PgServer;
import io.pgsnap.testsupport.TestDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code restore --create} recreates everything attached to the tables it creates, read back from
 * the target's catalog exactly as from the source's. Runs on every major: the catalogs differ (17
 * added the MAINTAIN privilege, 18 keeps not-null constraints in pg_constraint).
 */
class AttachedRestoreIT {
  private static final TableSelection ATTACHED_SCHEMA =
      new TableSelection(List.of("attached"), List.of(), List.of(), List.of());

  /**
   * The trigger function, which the target needs before the triggers (types and functions are
   * restored by another part of --create).
   */
  private static final String TOUCH =
      "CREATE FUNCTION attached.touch() RETURNS trigger LANGUAGE plpgsql AS"
          + " $$ BEGIN RETURN NEW; END $$";

  @TempDir Path out;

  @AcrossServers
  void everyAttachedObjectComesBackAsTheSourceHadIt(PgServer server) throws SQLException {
    String owner = uniqueRole("owner");
    String clerk = uniqueRole("clerk");
    try (TestDatabase source = server.createDatabase();
        TestDatabase target = server.createDatabase()) {
      source.execute("CREATE ROLE " + owner, "CREATE ROLE " + clerk);
      try {
        source.execute(fixture(owner, clerk));
        source.execute(
            "CREATE TRIGGER replica_only AFTER DELETE ON attached.orders"
                + " FOR EACH ROW EXECUTE FUNCTION attached.touch()",
            "ALTER TABLE attached.orders ENABLE REPLICA TRIGGER replica_only",
            "INSERT INTO attached.customers VALUES (1)",
            "INSERT INTO attached.orders VALUES (1, 'a', 'n', 'c', 1)");
        Path snapshot = export(source);
        target.execute("CREATE SCHEMA attached", TOUCH);

        restore(target, snapshot, RestoreOptions.defaults().withCreate(true));

        Catalog before = read(source);
        Catalog after = read(target);
        assertEquals(attached(before, "orders"), attached(after, "orders"));
        assertEquals(attached(before, "customers"), attached(after, "customers"));
        assertEquals(3, attached(after, "orders").triggers().size());
      } finally {
        dropRoles(List.of(source, target), owner, clerk);
      }
    }
  }

  // ---------------------------------------------------------------------------------------------

  private Path export(TestDatabase source) {
    return Pgsnap.using(source.dataSource())
        .export(ExportOptions.defaults(out).withSelection(ATTACHED_SCHEMA))
        .snapshot();
  }

  private static RestoreResult restore(TestDatabase target, Path snapshot, RestoreOptions o) {
    return Pgsnap.using(target.dataSource()).restore(snapshot, o);
  }

  static String uniqueRole(String purpose) {
    return "pgsnap_"
        + purpose
        + "_"
        + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
  }

  /** Drops what the roles own in each database, then the roles (which are cluster-wide). */
  static void dropRoles(List<TestDatabase> dbs, String... roles) {
    for (String role : roles) {
      String exists = "EXISTS (SELECT FROM pg_roles WHERE rolname = '" + role + "')";
      for (TestDatabase db : dbs) {
        db.execute(
            "DO $$ BEGIN IF "
                + exists
                + " THEN EXECUTE 'DROP OWNED BY "
                + role
                + "'; END IF; END $$");
      }
      dbs.get(0).execute("DROP ROLE IF EXISTS " + role);
    }
  }

  static String fixture(String owner, String clerk) {
    try (InputStream in = AttachedRestoreIT.class.getResourceAsStream("/catalog/attached.sql")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .replace("${owner}", owner)
          .replace("${clerk}", clerk);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Attached attached(Catalog catalog, String table) {
    TableId id = new TableId("attached", table);
    return catalog.tables().stream()
        .filter(t -> t.id().equals(id))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no table " + id))
        .attached();
  }

  /** Reads schema {@code attached} as the export does: REPEATABLE READ, empty search path. */
  static Catalog read(TestDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      c.setAutoCommit(false);
      c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      try (Statement s = c.createStatement()) {
        s.execute(
            "SELECT pg_catalog.set_config('search_path', '', true),"
                + " pg_catalog.set_config('row_security', 'off', true)");
      }
      try {
        return new CatalogReader(c).read(ATTACHED_SCHEMA);
      } finally {
        c.rollback();
      }
    }
  }
}
