package io.pgsnap.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pgsnap.catalog.Attached.ColumnSettings;
import io.pgsnap.catalog.Attached.ColumnSettings.Storage;
import io.pgsnap.catalog.Attached.NamedComment;
import io.pgsnap.catalog.Attached.Policy;
import io.pgsnap.catalog.Attached.Policy.Command;
import io.pgsnap.catalog.Attached.ReplicaIdentity;
import io.pgsnap.catalog.Attached.RowSecurity;
import io.pgsnap.catalog.Attached.Rule;
import io.pgsnap.catalog.Attached.Trigger;
import io.pgsnap.testsupport.AcrossServers;
import io.pgsnap.testsupport.PgServer;
import io.pgsnap.testsupport.TestDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;

/**
 * What {@link CatalogReader} records as attached to each table ({@link Table#attached()}), read
 * from {@code /catalog/attached.sql} on every server major of the suite.
 */
class AttachedObjectsReaderIT {
  private static final TableSelection ATTACHED_SCHEMA =
      new TableSelection(List.of("attached"), List.of(), List.of(), List.of());

  @AcrossServers
  void everyKindOfAttachedObjectIsRecordedAsTheServerPrintsIt(PgServer server) throws SQLException {
    try (TestDatabase db = server.createDatabase()) {
      String owner = uniqueRole("owner");
      String clerk = uniqueRole("clerk");
      db.execute("CREATE ROLE " + owner, "CREATE ROLE " + clerk);
      try {
        db.execute(fixture(owner, clerk));

        Attached orders = attached(read(db), "orders");

        // PostgreSQL 17 added the MAINTAIN privilege (m) to what an owner holds by default.
        String ownerPrivileges = server.major() >= 17 ? "arwdDxtm" : "arwdDxt";
        assertEquals(owner, orders.owner());
        assertEquals(
            List.of(owner + "=" + ownerPrivileges + "/" + owner, clerk + "=ar/" + owner),
            orders.acl());
        assertEquals("One row per order", orders.comment());
        assertEquals(List.of("fillfactor=70"), orders.options());
        assertEquals(new ReplicaIdentity("i", "orders_code_key"), orders.replicaIdentity());
        assertEquals(
            new RowSecurity(
                true,
                true,
                List.of(
                    new Policy(
                        "clerk_rows",
                        true,
                        Command.SELECT,
                        List.of(clerk),
                        "(note <> 'secret'::text)",
                        null),
                    new Policy(
                        "positive_ids",
                        false,
                        Command.UPDATE,
                        List.of("public"),
                        "(id > 0)",
                        "(id < 1000000)"))),
            orders.rowSecurity());
        assertEquals(
            List.of(
                new Trigger(
                    "audit_insert",
                    "CREATE TRIGGER audit_insert AFTER INSERT ON attached.orders FOR EACH ROW"
                        + " EXECUTE FUNCTION attached.touch()",
                    "D"),
                new Trigger(
                    "stamp_update",
                    "CREATE TRIGGER stamp_update BEFORE UPDATE ON attached.orders FOR EACH ROW"
                        + " EXECUTE FUNCTION attached.touch()",
                    "A")),
            orders.triggers());
        assertEquals(
            List.of(
                new Rule(
                    "no_delete",
                    "CREATE RULE no_delete AS\n    ON DELETE TO attached.orders DO INSTEAD NOTHING;")),
            orders.rules());
        assertEquals(
            List.of(
                new ColumnSettings("id", null, "Order number", 500, null),
                new ColumnSettings("code", null, null, 0, null),
                new ColumnSettings(
                    "note", List.of(clerk + "=w/" + owner), null, null, Storage.EXTERNAL)),
            orders.columns());
        assertEquals(
            List.of(new NamedComment("orders_pkey", "Orders are numbered")),
            orders.constraintComments());
        assertEquals(
            List.of(new NamedComment("orders_code_key", "Replica identity")),
            orders.indexComments());
      } finally {
        db.execute(
            "DROP OWNED BY " + owner + ", " + clerk, "DROP ROLE " + owner, "DROP ROLE " + clerk);
      }
    }
  }

  @AcrossServers
  void tableWithNothingAttachedHasItsOwnerAndDefaultsOnly(PgServer server) throws SQLException {
    try (TestDatabase db = server.createDatabase()) {
      db.execute(
          "CREATE SCHEMA attached",
          "CREATE TABLE attached.customers (id integer PRIMARY KEY, name text)",
          "CREATE TABLE attached.orders (id integer REFERENCES attached.customers)");

      Catalog catalog = read(db);

      // The foreign key's internal triggers are not user triggers.
      Attached expected =
          new Attached(
              server.superuser(),
              null,
              null,
              List.of(),
              ReplicaIdentity.DEFAULT,
              RowSecurity.OFF,
              List.of(),
              List.of(),
              List.of(),
              List.of(),
              List.of());
      assertEquals(expected, attached(catalog, "customers"));
      assertEquals(expected, attached(catalog, "orders"));
    }
  }

  @AcrossServers
  void revokingEveryPrivilegeIsAnEmptyAclNotTheDefault(PgServer server) throws SQLException {
    try (TestDatabase db = server.createDatabase()) {
      db.execute(
          "CREATE SCHEMA attached",
          "CREATE TABLE attached.locked (id integer)",
          "REVOKE ALL ON attached.locked FROM " + server.superuser());

      assertEquals(List.of(), attached(read(db), "locked").acl());
    }
  }

  @AcrossServers
  void replicaIdentityFullAndNothingNameNoIndex(PgServer server) throws SQLException {
    try (TestDatabase db = server.createDatabase()) {
      db.execute(
          "CREATE SCHEMA attached",
          "CREATE TABLE attached.full_t (id integer)",
          "ALTER TABLE attached.full_t REPLICA IDENTITY FULL",
          "CREATE TABLE attached.nothing_t (id integer)",
          "ALTER TABLE attached.nothing_t REPLICA IDENTITY NOTHING");

      Catalog catalog = read(db);

      assertEquals(new ReplicaIdentity("f", null), attached(catalog, "full_t").replicaIdentity());
      assertEquals(
          new ReplicaIdentity("n", null), attached(catalog, "nothing_t").replicaIdentity());
    }
  }

  @AcrossServers
  void aPartitionKeepsWhatIsAttachedToItAloneNotItsClonedTriggers(PgServer server)
      throws SQLException {
    try (TestDatabase db = server.createDatabase()) {
      db.execute(
          "CREATE SCHEMA attached",
          "CREATE FUNCTION attached.touch() RETURNS trigger LANGUAGE plpgsql"
              + " AS $$BEGIN RETURN NEW; END$$",
          "CREATE TABLE attached.events (at date, v integer) PARTITION BY RANGE (at)",
          "CREATE TABLE attached.events_2026 PARTITION OF attached.events"
              + " FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')",
          "CREATE TRIGGER on_root BEFORE INSERT ON attached.events"
              + " FOR EACH ROW EXECUTE FUNCTION attached.touch()",
          "CREATE TRIGGER on_partition BEFORE UPDATE ON attached.events_2026"
              + " FOR EACH ROW EXECUTE FUNCTION attached.touch()",
          "COMMENT ON TABLE attached.events_2026 IS 'this year'",
          "ALTER TABLE attached.events_2026 SET (fillfactor = 80)");

      Table events =
          read(db).tables().stream()
              .filter(t -> t.id().equals(new TableId("attached", "events")))
              .findFirst()
              .orElseThrow();
      Attached partition = events.partitions().get(0).attached();

      assertEquals("this year", partition.comment());
      assertEquals(List.of("fillfactor=80"), partition.options());
      assertEquals(
          List.of("on_partition"), partition.triggers().stream().map(Trigger::name).toList());
      assertEquals(
          List.of("on_root"), events.attached().triggers().stream().map(Trigger::name).toList());
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Helpers

  private static String uniqueRole(String purpose) {
    return "pgsnap_"
        + purpose
        + "_"
        + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
  }

  private static String fixture(String owner, String clerk) {
    try (InputStream in =
        AttachedObjectsReaderIT.class.getResourceAsStream("/catalog/attached.sql")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .replace("${owner}", owner)
          .replace("${clerk}", clerk);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Attached attached(Catalog catalog, String table) {
    TableId id = new TableId("attached", table);
    return catalog.tables().stream()
        .filter(t -> t.id().equals(id))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no table " + id))
        .attached();
  }

  /** Reads schema {@code attached} as the export does: REPEATABLE READ, empty search path. */
  private static Catalog read(TestDatabase db) throws SQLException {
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
