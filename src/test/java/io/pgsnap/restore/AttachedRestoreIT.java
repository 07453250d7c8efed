package io.pgsnap.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgsnap.ErrorCode;
import io.pgsnap.ExportOptions;
import io.pgsnap.Pgsnap;
import io.pgsnap.RestoreOptions;
import io.pgsnap.RestoreResult;
import io.pgsnap.catalog.Attached;
import io.pgsnap.catalog.Attached.NamedComment;
import io.pgsnap.catalog.Attached.ReplicaIdentity;
import io.pgsnap.catalog.Attached.RowSecurity;
import io.pgsnap.catalog.Attached.Rule;
import io.pgsnap.catalog.Attached.Trigger;
import io.pgsnap.catalog.Catalog;
import io.pgsnap.catalog.CatalogReader;
import io.pgsnap.catalog.Table;
import io.pgsnap.catalog.TableId;
import io.pgsnap.catalog.TableSelection;
import io.pgsnap.testsupport.AcrossServers;
import io.pgsnap.testsupport.Cli;
import io.pgsnap.testsupport.DatabaseContents;
import io.pgsnap.testsupport.OnOneServer;
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
import java.util.Map;
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

  /** The trigger function of the tables, which --create's define phase brings along. */
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
            "CREATE CONSTRAINT TRIGGER checked_late AFTER UPDATE OF note, code"
                + " ON attached.orders DEFERRABLE INITIALLY DEFERRED FOR EACH ROW"
                + " WHEN (old.note IS DISTINCT FROM new.note) EXECUTE FUNCTION attached.touch()",
            "CREATE RULE tell_twice AS ON UPDATE TO attached.orders"
                + " DO ALSO (NOTIFY orders_changed; NOTIFY \"orders; again\")",
            "INSERT INTO attached.customers VALUES (1)",
            "INSERT INTO attached.orders VALUES (1, 'a', 'n', 'c', 1)");
        Path snapshot = export(source);
        // The empty target gets the schema and the trigger function from --create's define phase.

        restore(target, snapshot, RestoreOptions.defaults().withCreate(true));

        Catalog before = read(source);
        Catalog after = read(target);
        assertEquals(attached(before, "orders"), attached(after, "orders"));
        assertEquals(attached(before, "customers"), attached(after, "customers"));
        assertEquals(4, attached(after, "orders").triggers().size());
        assertEquals(2, attached(after, "orders").rules().size());
      } finally {
        dropRoles(List.of(source, target), owner, clerk);
      }
    }
  }

  @OnOneServer
  void aGrantAndAPermissivePolicyOfAMissingRoleAreLeftOutWithAWarning(PgServer server)
      throws SQLException {
    String gone = uniqueRole("gone");
    try (TestDatabase source = server.createDatabase();
        TestDatabase target = server.createDatabase()) {
      try {
        source.execute(
            "CREATE ROLE " + gone,
            "CREATE SCHEMA attached",
            "CREATE TABLE attached.notes (id integer PRIMARY KEY, body text)",
            "GRANT SELECT ON attached.notes TO " + gone,
            "ALTER TABLE attached.notes ENABLE ROW LEVEL SECURITY",
            "CREATE POLICY readers ON attached.notes FOR SELECT TO " + gone + " USING (true)");
        Path snapshot = export(source);
        source.execute("DROP OWNED BY " + gone, "DROP ROLE " + gone);

        Cli.Result r = Cli.run("restore", snapshot.toString(), "--url", target.uri(), "--create");

        assertEquals(0, r.exitCode(), r::all);
        assertTrue(
            r.err()
                .contains(
                    "warning: the privileges of "
                        + gone
                        + " on attached.notes are left out: the target database lacks the role"),
            r::all);
        assertTrue(
            r.err()
                .contains(
                    "warning: policy readers of attached.notes is left out: it applies only to"
                        + " role "
                        + gone
                        + ", which the target database lacks"),
            r::all);
        Attached notes = attached(read(target), "notes");
        assertEquals(
            List.of(server.superuser() + "=" + ownerPrivileges(server) + "/" + server.superuser()),
            notes.acl());
        assertEquals(new RowSecurity(true, false, List.of()), notes.rowSecurity());
      } finally {
        dropRoles(List.of(source, target), gone);
      }
    }
  }

  @OnOneServer
  void aRestrictivePolicyOfAMissingRoleIsRefusedBeforeAnythingChanges(PgServer server) {
    String gone = uniqueRole("gone");
    try (TestDatabase source = server.createDatabase();
        TestDatabase target = server.createDatabase()) {
      try {
        source.execute(
            "CREATE ROLE " + gone,
            "CREATE SCHEMA attached",
            "CREATE TABLE attached.notes (id integer PRIMARY KEY, body text)",
            "ALTER TABLE attached.notes ENABLE ROW LEVEL SECURITY",
            "CREATE POLICY everyone ON attached.notes USING (true)",
            "CREATE POLICY not_secret ON attached.notes AS RESTRICTIVE TO "
                + gone
                + " USING (body <> 'secret')");
        Path snapshot = export(source);
        source.execute("DROP OWNED BY " + gone, "DROP ROLE " + gone);
        String before = DatabaseContents.of(target);

        Cli.Result r = Cli.run("restore", snapshot.toString(), "--url", target.uri(), "--create");

        assertEquals(ErrorCode.USAGE.exitStatus(), r.exitCode(), r::all);
        assertTrue(
            r.err()
                .contains(
                    "restrictive policy not_secret of attached.notes applies to role "
                        + gone
                        + ", which the target database lacks. Leaving a restrictive policy out"
                        + " would widen access: create the roles first (CREATE ROLE name), then"
                        + " restore again"),
            r::all);
        assertEquals(before, DatabaseContents.of(target));
      } finally {
        dropRoles(List.of(source, target), gone);
      }
    }
  }

  @OnOneServer
  void noOwnerKeepsTheRestoringRoleAsOwnerAndNoPrivilegesKeepsTheDefaults(PgServer server)
      throws SQLException {
    String owner = uniqueRole("owner");
    String clerk = uniqueRole("clerk");
    try (TestDatabase source = server.createDatabase();
        TestDatabase noOwner = server.createDatabase();
        TestDatabase noPrivileges = server.createDatabase()) {
      try {
        source.execute(
            "CREATE ROLE " + owner,
            "CREATE ROLE " + clerk,
            "CREATE SCHEMA attached",
            "CREATE TABLE attached.notes (id integer PRIMARY KEY, body text)",
            "ALTER TABLE attached.notes OWNER TO " + owner,
            "GRANT SELECT ON attached.notes TO " + clerk,
            "GRANT UPDATE (body) ON attached.notes TO " + clerk);
        Path snapshot = export(source);
        String su = server.superuser();

        Cli.Result a =
            Cli.run(
                "restore", snapshot.toString(), "--url", noOwner.uri(), "--create", "--no-owner");
        Cli.Result b =
            Cli.run(
                "restore",
                snapshot.toString(),
                "--url",
                noPrivileges.uri(),
                "--create",
                "--no-privileges");

        assertEquals(0, a.exitCode(), a::all);
        assertEquals(0, b.exitCode(), b::all);
        Attached withoutOwner = attached(read(noOwner), "notes");
        assertEquals(su, withoutOwner.owner());
        assertEquals(
            List.of(su + "=" + ownerPrivileges(server) + "/" + su, clerk + "=r/" + su),
            withoutOwner.acl());
        Attached withoutPrivileges = attached(read(noPrivileges), "notes");
        assertEquals(owner, withoutPrivileges.owner());
        assertNull(withoutPrivileges.acl());
        assertEquals(List.of(), withoutPrivileges.columns());
      } finally {
        dropRoles(List.of(source, noOwner, noPrivileges), owner, clerk);
      }
    }
  }

  @AcrossServers
  void aRenamedCopyGetsTheAttachedObjectsUnderItsOwnName(PgServer server) throws SQLException {
    String owner = uniqueRole("owner");
    String clerk = uniqueRole("clerk");
    try (TestDatabase db = server.createDatabase()) {
      db.execute("CREATE ROLE " + owner, "CREATE ROLE " + clerk);
      try {
        db.execute(fixture(owner, clerk));
        Path snapshot = export(db);

        RestoreResult result =
            restore(
                db,
                snapshot,
                RestoreOptions.defaults()
                    .withTables(List.of("attached.orders"))
                    .withRenames(Map.of("attached.orders", "orders_copy"))
                    .withCreate(true));

        Attached original = attached(read(db), "orders");
        Attached copy = attached(read(db), "orders_copy");
        String t = "attached.orders_copy";
        assertEquals(original.owner(), copy.owner());
        assertEquals(original.acl(), copy.acl());
        assertEquals(original.comment(), copy.comment());
        assertEquals(original.options(), copy.options());
        assertEquals(original.rowSecurity(), copy.rowSecurity());
        assertEquals(original.columns(), copy.columns());
        assertEquals(new ReplicaIdentity("i", "orders_copy_code_key"), copy.replicaIdentity());
        assertEquals(
            original.triggers().stream()
                .map(tr -> tr.definition().replace("ON attached.orders ", "ON " + t + " "))
                .toList(),
            copy.triggers().stream().map(Trigger::definition).toList());
        assertEquals(
            original.triggers().stream().map(Trigger::enabled).toList(),
            copy.triggers().stream().map(Trigger::enabled).toList());
        assertEquals(
            List.of(
                new Rule(
                    "no_delete",
                    "CREATE RULE no_delete AS\n    ON DELETE TO " + t + " DO INSTEAD NOTHING;")),
            copy.rules());
        assertEquals(
            List.of(new NamedComment("orders_copy_pkey", "Orders are numbered")),
            copy.constraintComments());
        assertEquals(
            List.of(new NamedComment("orders_copy_code_key", "Replica identity")),
            copy.indexComments());
        assertTrue(
            result.plan().notes().stream().noneMatch(n -> n.contains("still names")),
            result.plan().notes()::toString);
      } finally {
        dropRoles(List.of(db), owner, clerk);
      }
    }
  }

  @OnOneServer
  void withJobsTheAttachedObjectsComeAfterTheLinksAndDryRunShowsThem(PgServer server)
      throws SQLException {
    String owner = uniqueRole("owner");
    String clerk = uniqueRole("clerk");
    try (TestDatabase source = server.createDatabase();
        TestDatabase target = server.createDatabase()) {
      source.execute("CREATE ROLE " + owner, "CREATE ROLE " + clerk);
      try {
        source.execute(fixture(owner, clerk));
        Path snapshot = export(source);

        Cli.Result dryRun =
            Cli.run("restore", snapshot.toString(), "--url", target.uri(), "--create", "--dry-run");
        Cli.Result run =
            Cli.run(
                "restore", snapshot.toString(), "--url", target.uri(), "--create", "--jobs", "2");

        assertEquals(0, dryRun.exitCode(), dryRun::all);
        String out = dryRun.out();
        int link = out.indexOf("FOREIGN KEY");
        int policy =
            out.indexOf(
                "CREATE POLICY \"clerk_rows\" ON \"attached\".\"orders\" AS PERMISSIVE FOR SELECT"
                    + " TO \""
                    + clerk
                    + "\" USING ((note <> 'secret'::text));");
        int ownerTo =
            out.indexOf("ALTER TABLE \"attached\".\"orders\" OWNER TO \"" + owner + "\";");
        assertTrue(link > 0 && policy > link && ownerTo > policy, out);
        assertEquals(0, run.exitCode(), run::all);
        assertEquals(attached(read(source), "orders"), attached(read(target), "orders"));
      } finally {
        dropRoles(List.of(source, target), owner, clerk);
      }
    }
  }

  @AcrossServers
  void aPartitionGetsBackWhatIsAttachedToItAlone(PgServer server) throws SQLException {
    String clerk = uniqueRole("clerk");
    try (TestDatabase source = server.createDatabase();
        TestDatabase target = server.createDatabase()) {
      source.execute("CREATE ROLE " + clerk);
      try {
        source.execute(
            "CREATE SCHEMA attached",
            TOUCH,
            "CREATE TABLE attached.events (at date, v integer) PARTITION BY RANGE (at)",
            "CREATE TABLE attached.events_2026 PARTITION OF attached.events"
                + " FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')",
            "CREATE TRIGGER on_root BEFORE INSERT ON attached.events"
                + " FOR EACH ROW EXECUTE FUNCTION attached.touch()",
            "CREATE TRIGGER on_partition BEFORE UPDATE ON attached.events_2026"
                + " FOR EACH ROW EXECUTE FUNCTION attached.touch()",
            "ALTER TABLE attached.events_2026 DISABLE TRIGGER on_partition",
            "COMMENT ON TABLE attached.events_2026 IS 'this year'",
            "ALTER TABLE attached.events_2026 SET (fillfactor = 80)",
            "ALTER TABLE attached.events_2026 ENABLE ROW LEVEL SECURITY",
            "GRANT SELECT ON attached.events_2026 TO " + clerk);
        Path snapshot = export(source);

        restore(target, snapshot, RestoreOptions.defaults().withCreate(true));

        Table before = table(read(source), "events");
        Table after = table(read(target), "events");
        assertEquals(before.attached(), after.attached());
        assertEquals(before.partitions(), after.partitions());
      } finally {
        dropRoles(List.of(source, target), clerk);
      }
    }
  }

  private static Table table(Catalog catalog, String name) {
    TableId id = new TableId("attached", name);
    return catalog.tables().stream()
        .filter(t -> t.id().equals(id))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no table " + id));
  }

  /** What an owner holds by default: PostgreSQL 17 added MAINTAIN (m). */
  private static String ownerPrivileges(PgServer server) {
    return server.major() >= 17 ? "arwdDxtm" : "arwdDxt";
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
