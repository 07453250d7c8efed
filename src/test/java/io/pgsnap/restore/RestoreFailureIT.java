package io.pgsnap.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pgsnap.ErrorCode;
import io.pgsnap.ExportOptions;
import io.pgsnap.Pgsnap;
import io.pgsnap.PgsnapException;
import io.pgsnap.RestoreMode;
import io.pgsnap.RestoreOptions;
import io.pgsnap.SnapshotFiles;
import io.pgsnap.VerifyOptions;
import io.pgsnap.VerifyResult;
import io.pgsnap.snapshot.Manifest;
import io.pgsnap.snapshot.ManifestTable;
import io.pgsnap.snapshot.OperationLog;
import io.pgsnap.snapshot.SnapshotWriter;
import io.pgsnap.testsupport.AcrossServers;
import io.pgsnap.testsupport.Cli;
import io.pgsnap.testsupport.DatabaseContents;
import io.pgsnap.testsupport.OnOneServer;
import io.pgsnap.testsupport.PgServer;
import io.pgsnap.testsupport.Snapshots;
import io.pgsnap.testsupport.Tampering;
import io.pgsnap.testsupport.TestDatabase;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every way a restore can fail, or be refused, gives one clear message naming what failed and what
 * to do, its documented exit status, and leaves the target database exactly as it was: same tables,
 * rows, sequences, constraints and triggers.
 *
 * <p>Most refusals are pgsnap's own checks, or its handling of an error the server reports by
 * SQLSTATE, and run on one server. The privileges needed to lock, disable triggers and set
 * sequences, which the majors define differently, and the references found in the target's catalog
 * run on every major.
 */
class RestoreFailureIT {
  private static final String SECRET = "Sup3r-Secret-Pw";

  /** The schema of source and target: orders reference customers; both have serial keys. */
  private static final String SCHEMA =
      "CREATE TABLE customers (id serial PRIMARY KEY, name text NOT NULL);"
          + " CREATE TABLE orders (id serial PRIMARY KEY,"
          + " customer_id integer NOT NULL REFERENCES customers, total numeric(10,2))";

  /** The snapshot's rows. */
  private static final String SNAPSHOT_ROWS =
      "INSERT INTO customers (name) VALUES ('ann'), ('bob'), ('cy');"
          + " INSERT INTO orders (customer_id, total) VALUES (1, 10), (1, 20), (2, 30), (3, 40)";

  /** Rows a target holds before a restore, which a failed restore must leave there. */
  private static final String OLD_ROWS =
      "INSERT INTO customers (name) VALUES ('old-dora'), ('old-ed');"
          + " INSERT INTO orders (customer_id, total) VALUES (2, 99)";

  @TempDir Path backups;

  // ---------------------------------------------------------------------------------------------
  // A damaged snapshot: refused before the database is touched when its files have the wrong size
  // or type, and by the hash of what was loaded when they have the right size.

  @OnOneServer
  void aCorruptedTableFileIsAnIntegrityFailureNamingTheFileAndTheTargetIsUntouched(PgServer server)
      throws IOException {
    try (TestDatabase target = target(server)) {
      Path snapshot = snapshot(server);
      ManifestTable customers = table(snapshot, "customers");
      String orders = table(snapshot, "orders").file();
      Path file = snapshot.resolve(customers.file());
      byte[] bytes = Files.readAllBytes(file);
      bytes[bytes.length / 2] ^= 0x01;
      Files.write(file, bytes);
      String before = DatabaseContents.of(target);

      Cli.Result r = restore(target, snapshot, "--mode", "truncate", "--yes");

      assertEquals(ErrorCode.INTEGRITY.exitStatus(), r.exitCode(), r.err());
      assertTrue(r.err().contains(customers.file()), r.err());
      assertTrue(r.err().contains("damaged"), r.err());
      assertTrue(r.err().contains("pgsnap verify"), r.err());
      assertFalse(r.err().contains(orders), "only the bad file: " + r);
      assertEquals(before, DatabaseContents.of(target));
      // Same-size damage shows only while loading, after the safety snapshot was taken: the
      // message says where it is.
      assertTrue(r.err().contains("The safety snapshot taken before it is kept at "), r.err());
    }
  }

  @OnOneServer
  void aSnapshotWithAFileOfTheWrongSizeIsRefusedWithoutEvenConnectingToTheDatabase(PgServer server)
      throws IOException {
    Path snapshot = snapshot(server);
    String orders = table(snapshot, "orders").file();
    Path file = snapshot.resolve(orders);
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, Arrays.copyOf(bytes, bytes.length - 1));
    AtomicInteger asked = new AtomicInteger();
    DataSource neverUsed =
        (DataSource)
            Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                  asked.incrementAndGet();
                  throw new AssertionError("the restore asked the data source for " + method);
                });

    PgsnapException e =
        assertThrows(
            PgsnapException.class,
            () ->
                Pgsnap.using(neverUsed)
                    .restore(
                        snapshot,
                        RestoreOptions.defaults()
                            .withMode(RestoreMode.TRUNCATE)
                            .withAssumeYes(true)));

    assertEquals(ErrorCode.INTEGRITY, e.code(), e.getMessage());
    assertTrue(e.getMessage().contains(orders + " has "), e.getMessage());
    assertEquals(0, asked.get(), "no connection may be asked for before the files are checked");
  }

  @OnOneServer
  void aTruncatedTableFileIsAnIntegrityFailureNamingTheFile(PgServer server) throws IOException {
    try (TestDatabase target = target(server)) {
      Path snapshot = snapshot(server);
      ManifestTable orders = table(snapshot, "orders");
      Path file = snapshot.resolve(orders.file());
      byte[] bytes = Files.readAllBytes(file);
      Files.write(file, Arrays.copyOf(bytes, bytes.length / 2));
      String before = DatabaseContents.of(target);

      Cli.Result r = restore(target, snapshot, "--mode", "truncate", "--yes");

      assertEquals(ErrorCode.INTEGRITY.exitStatus(), r.exitCode(), r.err());
      assertTrue(r.err().contains(orders.file()), r.err());
      assertTrue(r.err().contains("truncated"), r.err());
      assertTrue(r.err().contains("pgsnap verify"), r.err());
      assertEquals(before, DatabaseContents.of(target));
      assertNoSafetySnapshot(snapshot);
    }
  }

  @OnOneServer
  void aMissingTableFileIsAnIntegrityFailureNamingTheFile(PgServer server) throws IOException {
    try (TestDatabase target = target(server)) {
      Path snapshot = snapshot(server);
      ManifestTable customers = table(snapshot, "customers");
      Files.delete(snapshot.resolve(customers.file()));
      String before = DatabaseContents.of(target);

      Cli.Result r = restore(target, snapshot, "--mode", "truncate", "--yes");

      assertEquals(ErrorCode.INTEGRITY.exitStatus(), r.exitCode(), r.err());
      assertTrue(r.err().contains(customers.file() + " is missing"), r.err());
      assertEquals(before, DatabaseContents.of(target));
      assertNoSafetySnapshot(snapshot);
    }
  }

  @OnOneServer
  void anEditedChecksumsFileIsAnIntegrityFailureNamingIt(PgServer server) throws IOException {
    try (TestDatabase target = target(server)) {
      Path snapshot = snapshot(server);
      ManifestTable orders = table(snapshot, "orders");
      Path sums = snapshot.resolve(SnapshotWriter.CHECKSUMS);
      String text = Files.readString(sums);
      assertTrue(text.contains(orders.sha256()));
      Files.writeString(sums, text.replace(orders.sha256(), "0".repeat(64)));
      String before = DatabaseContents.of(target);

      Cli.Result r = restore(target, snapshot, "--mode", "truncate", "--yes");

      assertEquals(ErrorCode.INTEGRITY.exitStatus(), r.exitCode(), r.err());
      assertTrue(
          r.err().contains(SnapshotWriter.CHECKSUMS + ": its SHA-256 differs from the manifest's"),
          r.err());
      assertEquals(before, DatabaseContents.of(target));
      assertNoSafetySnapshot(snapshot);
    }
  }

  @OnOneServer
  void aTableChecksumChangedInTheManifestIsRefusedByTheManifestsOwnChecksum(PgServer server)
      throws IOException {
    try (TestDatabase target = target(server)) {
      Path snapshot = snapshot(server);
      ManifestTable customers = table(snapshot, "customers");
      editManifest(snapshot, "customers", t -> t.put("sha256", "ab".repeat(32)));
      String before = DatabaseContents.of(target);

      Cli.Result r = restore(target, snapshot, "--mode", "truncate", "--yes");

      assertEquals(ErrorCode.INTEGRITY.exitStatus(), r.exitCode(), r.err());
      // The file matches SHA256SUMS; what changed is the manifest, and the message says so.
      assertTrue(r.err().contains("manifest.json was changed"), r.err());
      assertFalse(r.err().contains(customers.file()), r.err());
      assertEquals(before, DatabaseContents.of(target));
      assertNoSafetySnapshot(snapshot);
    }
  }

  @OnOneServer
  void aRowCountChangedInTheManifestFailsAfterLoadingAndRollsEverythingBack(PgServer server)
      throws IOException {
    try (TestDatabase target = target(server)) {
      Path snapshot = snapshot(server);
      ManifestTable orders = table(snapshot, "orders");
      // orders load last, after customers were truncated and loaded: all of it must be undone.
      // The forger keeps the manifest consistent and recomputes its checksum.
      Tampering.editManifest(
          snapshot,
          m -> {
            for (JsonNode t : m.get("tables")) {
              if (t.get("name").asText().equals("orders")) {
                ((ObjectNode) t).put("rows", orders.rows() + 1);
                ((ObjectNode) t.get("fingerprint")).put("rows", orders.rows() + 1);
              }
            }
            ObjectNode totals = (ObjectNode) m.get("totals");
            totals.put("rows", totals.get("rows").asLong() + 1);
          },
          true);
      String before = DatabaseContents.of(target);

      Cli.Result r =
          restore(target, snapshot, "--mode", "truncate", "--yes", "--no-safety-snapshot");

      assertEquals(ErrorCode.INTEGRITY.exitStatus(), r.exitCode(), r.err());
      assertTrue(r.err().contains(orders.file()), r.err());
      assertTrue(
          r.err().contains("held " + orders.rows() + " rows but the manifest says "), r.err());
      assertTrue(r.err().contains("nothing was changed"), r.err());
      assertTrue(r.err().contains("pgsnap verify"), r.err());
      assertEquals(
          before,
          DatabaseContents.of(target),
          "the truncated, reloaded tables must be rolled back");
    }
  }

  // ---------------------------------------------------------------------------------------------
  // The target does not fit the snapshot.

  @AcrossServers
  void aTargetColumnThatWouldChangeValuesIsRefusedUnlessAllowed(PgServer server)
      throws IOException {
    try (TestDatabase target = server.createDatabase()) {
      target.execute(SCHEMA.replace("total numeric(10,2)", "total numeric(3,1)"));
      Path snapshot = snapshot(server);
      String before = DatabaseContents.of(target);

      Cli.Result refused = restore(target, snapshot);

      assertEquals(ErrorCode.USAGE.exitStatus(), refused.exitCode(), refused.err());
      assertTrue(
          refused
              .err()
              .contains(
                  "column public.orders.total is numeric(3,1) in the target, numeric(10,2) in the"
                      + " snapshot"),
          refused.err());
      assertTrue(refused.err().contains("--allow-type-changes"), refused.err());
      assertEquals(before, DatabaseContents.of(target));

      Cli.Result allowed = restore(target, snapshot, "--allow-type-changes");

      assertEquals(0, allowed.exitCode(), allowed.err());
      assertEquals(
          List.of("(1,1,10.0)", "(2,1,20.0)", "(3,2,30.0)", "(4,3,40.0)"), rows(target, "orders"));
    }
  }

  @AcrossServers
  void aTargetWithoutTheSnapshotsPrimaryKeyIsRefusedUnlessAllowed(PgServer server)
      throws IOException {
    try (TestDatabase target = server.createDatabase()) {
      // As a killed --jobs restore leaves a table it created: no primary key yet.
      target.execute(
          "CREATE TABLE customers (id serial, name text NOT NULL);"
              + " CREATE TABLE orders (id serial PRIMARY KEY, customer_id integer NOT NULL,"
              + " total numeric(10,2))");
      Path snapshot = snapshot(server);
      String before = DatabaseContents.of(target);

      Cli.Result refused = restore(target, snapshot);

      assertEquals(ErrorCode.USAGE.exitStatus(), refused.exitCode(), refused.err());
      assertTrue(
          refused
              .err()
              .contains("public.customers has no PRIMARY KEY (id) (the snapshot's customers_pkey)"),
          refused.err());
      assertTrue(refused.err().contains("--allow-missing-keys"), refused.err());
      assertEquals(before, DatabaseContents.of(target));

      Cli.Result allowed = restore(target, snapshot, "--allow-missing-keys");

      assertEquals(0, allowed.exitCode(), allowed.err());
      assertEquals(List.of("(1,ann)", "(2,bob)", "(3,cy)"), rows(target, "customers"));
    }
  }

  @AcrossServers
  void aWiderTargetColumnIsANoteOfThePlanAndLoadsTheValuesUnchanged(PgServer server)
      throws IOException {
    try (TestDatabase target = server.createDatabase()) {
      target.execute(SCHEMA.replace("customer_id integer", "customer_id bigint"));
      Path snapshot = snapshot(server);

      Cli.Result plan = restore(target, snapshot, "--dry-run");
      Cli.Result run = restore(target, snapshot);

      assertEquals(0, plan.exitCode(), plan.err());
      assertTrue(
          plan.out()
              .contains(
                  "Note: column public.orders.customer_id is bigint in the target, integer in the"
                      + " snapshot, which holds every value unchanged"),
          plan.out());
      assertEquals(0, run.exitCode(), run.err());
      assertEquals(4, rows(target, "orders").size());
    }
  }

  @OnOneServer
  void aMissingTargetTableWithoutCreateIsRefusedNamingIt(PgServer server) throws IOException {
    try (TestDatabase target = server.createDatabase()) {
      target.execute("CREATE TABLE customers (id serial PRIMARY KEY, name text NOT NULL)");
      Path snapshot = snapshot(server);
      String before = DatabaseContents.of(target);

      Cli.Result r = restore(target, snapshot);

      assertEquals(ErrorCode.USAGE.exitStatus(), r.exitCode(), r.err());
      assertTrue(r.err().contains("target tables missing: public.orders"), r.err());
      assertFalse(r.err().contains("missing: public.customers"), r.err());
      assertTrue(r.err().contains("--create"), r.err());
      assertEquals(before, DatabaseContents.of(target));
    }
  }

  @OnOneServer
  void aSnapshotColumnMissingInTheTargetIsRefusedNamingTheColumn(PgServer server)
      throws IOException {
    try (TestDatabase target = server.createDatabase()) {
      target.execute(
          "CREATE TABLE customers (id serial PRIMARY KEY, name text NOT NULL);"
              + " CREATE TABLE orders (id serial PRIMARY KEY,"
              + " customer_id integer NOT NULL REFERENCES customers)");
      Path snapshot = snapshot(server);
      String before = DatabaseContents.of(target);

      Cli.Result r = restore(target, snapshot);

      assertEquals(ErrorCode.USAGE.exitStatus(), r.exitCode(), r.err());
      assertTrue(r.err().contains("column total is missing in public.orders"), r.err());
      assertEquals(before, DatabaseContents.of(target));
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Modes that would lose rows are refused.

  @OnOneServer
  void modeEmptyIntoTablesWithRowsIsRefusedListingThem(PgServer server) throws IOException {
    try (TestDatabase target = target(server)) {
      Path snapshot = snapshot(server);
      String before = DatabaseContents.of(target);

      Cli.Result r = restore(target, snapshot, "--mode", "empty");

      assertEquals(ErrorCode.USAGE.exitStatus(), r.exitCode(), r.err());
      assertTrue(r.err().contains("public.customers, public.orders"), r.err());
      assertTrue(r.err().contains("--mode truncate"), r.err());
      assertTrue(r.err().contains("--mode append"), r.err());
      assertEquals(before, DatabaseContents.of(target));
    }
  }

  @AcrossServers
  void truncatingATableReferencedFromOutsideTheRestoreNeedsCascade(PgServer server)
      throws IOException {
    try (TestDatabase target = target(server)) {
      target.execute(
          "CREATE TABLE invoices (id integer PRIMARY KEY, order_id integer REFERENCES orders)",
          "INSERT INTO invoices VALUES (7, 1)");
      Path snapshot = snapshot(server);
      String before = DatabaseContents.of(target);

      Cli.Result refused = restore(target, snapshot, "--mode", "truncate", "--yes");

      assertEquals(ErrorCode.USAGE.exitStatus(), refused.exitCode(), refused.err());
      assertTrue(
          refused.err().contains("public.invoices (references public.orders)"), refused.err());
      assertTrue(refused.err().contains("--cascade"), refused.err());
      assertEquals(before, DatabaseContents.of(target));
      assertNoSafetySnapshot(snapshot);

      Cli.Result dryRun = restore(target, snapshot, "--mode", "truncate", "--cascade", "--dry-run");
      assertEquals(0, dryRun.exitCode(), dryRun.err());
      assertTrue(dryRun.out().contains("Emptied too by --cascade"), dryRun.out());
      assertTrue(dryRun.out().contains("  public.invoices"), dryRun.out());
      assertEquals(before, DatabaseContents.of(target));

      Cli.Result cascaded =
          restore(target, snapshot, "--mode", "truncate", "--cascade", "--yes", "--json");
      assertEquals(0, cascaded.exitCode(), cascaded.err());
      JsonNode plan = new ObjectMapper().readTree(cascaded.out()).get("plan");
      assertEquals("[\"public.invoices\"]", plan.get("cascaded").toString());
      assertTrue(plan.get("destructive").asBoolean());
      assertEquals(List.of(), rows(target, "invoices"));
      assertEquals(List.of("(1,ann)", "(2,bob)", "(3,cy)"), rows(target, "customers"));
      assertEquals(4, rows(target, "orders").size());
      // The safety snapshot holds the cascaded table's rows too.
      Path safety =
          Path.of(new ObjectMapper().readTree(cascaded.out()).get("safetySnapshot").asText());
      Manifest kept = SnapshotFiles.inspect(safety);
      assertEquals(
          1,
          kept.tables().stream()
              .filter(t -> t.name().equals("invoices"))
              .findFirst()
              .orElseThrow()
              .rows());
    }
  }

  // ---------------------------------------------------------------------------------------------
  // The server refuses the rows.

  @OnOneServer
  void rowsClashingOnThePrimaryKeyInAppendModeFailAndChangeNothing(PgServer server)
      throws IOException {
    try (TestDatabase target = target(server)) {
      Path snapshot = snapshot(server);
      String before = DatabaseContents.of(target);

      Cli.Result r = restore(target, snapshot, "--mode", "append");

      assertEquals(ErrorCode.FAILURE.exitStatus(), r.exitCode(), r.err());
      assertTrue(r.err().contains("public.customers"), r.err());
      assertTrue(r.err().contains("customers_pkey"), r.err());
      assertTrue(r.err().contains("Key (id)=(1) already exists"), r.err());
      assertTrue(r.err().contains("nothing was changed"), r.err());
      assertTrue(r.err().contains("--mode truncate"), r.err());
      assertEquals(before, DatabaseContents.of(target));
    }
  }

  @OnOneServer
  void theLogLineOfARowFailureNamesTheConditionButNoRowValue(PgServer server) throws IOException {
    try (TestDatabase target = target(server)) {
      Path snapshot = snapshot(server);

      Cli.Result r = restore(target, snapshot, "--mode", "append");

      assertTrue(r.err().contains("Key (id)=(1) already exists"), r.err());
      String log = Files.readString(backups.resolve(OperationLog.FILE_NAME));
      String restoreLine =
          log.lines().filter(l -> l.contains("\"command\":\"restore\"")).findFirst().orElseThrow();
      assertTrue(
          restoreLine.contains(
              "\"error\":\"rows clash with rows the target already holds while loading"
                  + " public.customers from tables/public.customers.csv.zst: SQLSTATE 23505 (row"
                  + " values are not logged); nothing was changed"),
          restoreLine);
      assertFalse(restoreLine.contains("Key (id)"), restoreLine);
      assertFalse(restoreLine.contains("old-dora"), restoreLine);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // The connection is lost while loading.

  @OnOneServer
  void aConnectionLostMidCopyIsAConnectionFailureAndChangesNothing(PgServer server)
      throws Exception {
    try (TestDatabase source = server.createDatabase();
        TestDatabase target = server.createDatabase()) {
      String big = "CREATE TABLE big (id integer PRIMARY KEY, v text NOT NULL)";
      source.execute(
          big,
          "INSERT INTO big SELECT g, repeat(md5(g::text), 4) FROM generate_series(1, 400000) g");
      Path snapshot =
          Pgsnap.using(source.dataSource()).export(ExportOptions.defaults(backups)).snapshot();
      target.execute(big, "INSERT INTO big VALUES (1, 'old-one'), (2, 'old-two')");
      String before = DatabaseContents.of(target);

      CompletableFuture<Integer> killer = CompletableFuture.supplyAsync(() -> killCopy(target));
      Cli.Result r =
          restore(target, snapshot, "--mode", "truncate", "--yes", "--no-safety-snapshot");

      assertEquals(1, killer.get(60, TimeUnit.SECONDS), "one COPY backend was terminated");
      assertEquals(ErrorCode.CONNECTION.exitStatus(), r.exitCode(), r.err());
      assertTrue(r.err().contains("connection to the server was lost"), r.err());
      assertTrue(r.err().contains("loading public.big"), r.err());
      assertTrue(r.err().contains("run the restore again"), r.err());
      assertEquals(before, DatabaseContents.of(target));
    }
  }

  /** Terminates the backend running {@code COPY ... FROM STDIN} once it shows up. */
  private static int killCopy(TestDatabase target) {
    try (Connection c = target.connect();
        Statement s = c.createStatement()) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (System.nanoTime() < deadline) {
        try (ResultSet rs =
            s.executeQuery(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                    + " WHERE datname = current_database() AND pid <> pg_backend_pid()"
                    + " AND state = 'active' AND query LIKE 'COPY%FROM STDIN%'")) {
          rs.next();
          int killed = rs.getInt(1);
          if (killed > 0) {
            return killed;
          }
        }
        Thread.sleep(5);
      }
      return 0;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 0;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Missing privileges.

  @OnOneServer
  void aRoleWithoutInsertIsAPermissionFailureNamingThePrivilege(PgServer server)
      throws IOException {
    try (TestDatabase target = server.createDatabase()) {
      target.execute(SCHEMA);
      String role = createRole(target, "loader");
      // Everything but INSERT on orders: customers load first, and must be rolled back.
      target.execute(
          "GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON customers TO " + role,
          "GRANT SELECT, UPDATE, DELETE, TRUNCATE ON orders TO " + role,
          "GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO " + role);
      Path snapshot = snapshot(server);
      String before = DatabaseContents.of(target);

      Cli.Result r = restoreAs(server, role, target, snapshot);

      assertEquals(ErrorCode.PERMISSION.exitStatus(), r.exitCode(), r.err());
      assertTrue(r.err().contains("loading public.orders"), r.err());
      assertTrue(r.err().contains("INSERT on public.orders"), r.err());
      assertTrue(r.err().contains("nothing was changed"), r.err());
      assertEquals(before, DatabaseContents.of(target));
    }
  }

  @AcrossServers
  void aTableWithForcedRowSecurityIsAPermissionFailureBeforeAnyChange(PgServer server)
      throws IOException {
    try (TestDatabase target = server.createDatabase()) {
      String role = createRole(target, "owner");
      target.execute("GRANT CREATE ON SCHEMA public TO " + role);
      target.execute(
          "SET ROLE "
              + role
              + "; "
              + SCHEMA
              + "; "
              + OLD_ROWS
              + ";"
              + " ALTER TABLE orders ENABLE ROW LEVEL SECURITY;"
              + " ALTER TABLE orders FORCE ROW LEVEL SECURITY;"
              + " CREATE POLICY everything ON orders USING (true)");
      Path snapshot = snapshot(server);
      String before = DatabaseContents.of(target);

      Cli.Result r = restoreAs(server, role, target, snapshot, "--mode", "truncate", "--yes");

      assertEquals(ErrorCode.PERMISSION.exitStatus(), r.exitCode(), r.err());
      assertTrue(
          r.err().contains("row-level security applies to public.orders for the restoring role"),
          r.err());
      assertTrue(r.err().contains("BYPASSRLS"), r.err());
      assertEquals(before, DatabaseContents.of(target));
      assertNoSafetySnapshot(snapshot);
    }
  }

  @AcrossServers
  void aRoleThatCannotLockTheTargetTablesIsAPermissionFailureNamingThePrivilegesItNeeds(
      PgServer server) throws IOException {
    try (TestDatabase target = server.createDatabase()) {
      target.execute(SCHEMA);
      String role = createRole(target, "inserter");
      target.execute(
          "GRANT SELECT, INSERT ON customers, orders TO " + role,
          "GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO " + role);
      Path snapshot = snapshot(server);
      String before = DatabaseContents.of(target);

      Cli.Result r = restoreAs(server, role, target, snapshot);

      assertEquals(ErrorCode.PERMISSION.exitStatus(), r.exitCode(), r.err());
      assertTrue(r.err().contains("locking the target tables"), r.err());
      assertTrue(r.err().contains("UPDATE, DELETE or TRUNCATE"), r.err());
      assertEquals(before, DatabaseContents.of(target));
    }
  }

  @AcrossServers
  void aRoleThatDoesNotOwnATableWithATriggerIsAPermissionFailureThatSaysOwnershipIsNeeded(
      PgServer server) throws IOException {
    try (TestDatabase target = server.createDatabase()) {
      target.execute(
          SCHEMA,
          "CREATE FUNCTION stamp() RETURNS trigger LANGUAGE plpgsql AS"
              + " $$BEGIN NEW.name := NEW.name || '!'; RETURN NEW; END$$",
          "CREATE TRIGGER stamp_name BEFORE INSERT ON customers FOR EACH ROW EXECUTE FUNCTION"
              + " stamp()");
      String role = createRole(target, "writer");
      target.execute(
          "GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON customers, orders TO " + role,
          "GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO " + role);
      Path snapshot = snapshot(server);
      String before = DatabaseContents.of(target);

      Cli.Result r = restoreAs(server, role, target, snapshot);

      assertEquals(ErrorCode.PERMISSION.exitStatus(), r.exitCode(), r.err());
      assertTrue(r.err().contains("disabling trigger stamp_name of public.customers"), r.err());
      assertTrue(r.err().contains("owner"), r.err());
      assertTrue(r.err().contains("triggers"), r.err());
      assertEquals(before, DatabaseContents.of(target));
    }
  }

  @AcrossServers
  void aRoleThatCannotSetASequenceIsRefusedBeforeAnySequenceIsSet(PgServer server)
      throws IOException {
    try (TestDatabase target = server.createDatabase()) {
      target.execute(SCHEMA);
      String role = createRole(target, "nosetval");
      target.execute(
          "GRANT SELECT, INSERT, UPDATE ON customers, orders TO " + role,
          "GRANT USAGE, SELECT, UPDATE ON SEQUENCE customers_id_seq TO " + role,
          "GRANT USAGE, SELECT ON SEQUENCE orders_id_seq TO " + role);
      Path snapshot = snapshot(server);
      String before = DatabaseContents.of(target);

      Cli.Result r = restoreAs(server, role, target, snapshot);

      // setval cannot be rolled back: had customers_id_seq been set first, it would stay set.
      assertEquals(ErrorCode.PERMISSION.exitStatus(), r.exitCode(), r.err());
      assertTrue(r.err().contains("public.orders_id_seq"), r.err());
      assertFalse(r.err().contains("public.customers_id_seq"), r.err());
      assertTrue(r.err().contains("UPDATE"), r.err());
      assertTrue(r.err().contains("--no-sequences"), r.err());
      assertEquals(before, DatabaseContents.of(target));
    }
  }

  // ---------------------------------------------------------------------------------------------
  // A destructive plan needs confirmation, and keeps what it overwrites.

  @OnOneServer
  void aDestructivePlanWithoutYesOffATerminalIsRefusedAndTakesNoSafetySnapshot(PgServer server)
      throws IOException {
    try (TestDatabase target = target(server)) {
      Path snapshot = snapshot(server);
      String before = DatabaseContents.of(target);

      Cli.Result r = restore(target, snapshot, "--mode", "truncate");

      assertEquals(ErrorCode.USAGE.exitStatus(), r.exitCode(), r.err());
      assertTrue(r.err().contains("truncates public.customers, truncates public.orders"), r.err());
      assertTrue(r.err().contains("--yes"), r.err());
      assertTrue(r.err().contains("--dry-run"), r.err());
      assertEquals(before, DatabaseContents.of(target));
      assertNoSafetySnapshot(snapshot);
    }
  }

  @OnOneServer
  void withYesATruncatingRestoreFirstTakesACompleteSafetySnapshotOfTheOldRows(PgServer server)
      throws IOException {
    try (TestDatabase target = target(server)) {
      Path snapshot = snapshot(server);
      List<String> oldCustomers = rows(target, "customers");
      List<String> oldOrders = rows(target, "orders");

      Cli.Result r = restore(target, snapshot, "--mode", "truncate", "--yes");

      assertEquals(0, r.exitCode(), r.err());
      Matcher m =
          Pattern.compile("safety snapshot of the truncated tables: (\\S+)").matcher(r.err());
      assertTrue(m.find(), r.err());
      Path safety = Path.of(m.group(1));
      assertEquals(backups, safety.getParent());
      VerifyResult verified = SnapshotFiles.verify(safety, VerifyOptions.deepCheck());
      assertTrue(verified.ok(), () -> "safety snapshot: " + verified);
      Manifest kept = SnapshotFiles.inspect(safety);
      assertEquals(
          List.of("customers", "orders"), kept.tables().stream().map(ManifestTable::name).toList());
      assertEquals(2, table(safety, "customers").rows());
      assertEquals(1, table(safety, "orders").rows());
      String keptCustomers =
          new String(Snapshots.content(safety, table(safety, "customers")), StandardCharsets.UTF_8);
      assertTrue(keptCustomers.contains("old-dora") && keptCustomers.contains("old-ed"));

      assertEquals(List.of("(1,ann)", "(2,bob)", "(3,cy)"), rows(target, "customers"));
      assertEquals(4, rows(target, "orders").size());

      // The safety snapshot brings the old rows back.
      Cli.Result back =
          restore(target, safety, "--mode", "truncate", "--yes", "--no-safety-snapshot");
      assertEquals(0, back.exitCode(), back.err());
      assertEquals(oldCustomers, rows(target, "customers"));
      assertEquals(oldOrders, rows(target, "orders"));
    }
  }

  @OnOneServer
  void noSafetySnapshotSkipsIt(PgServer server) throws IOException {
    try (TestDatabase target = target(server)) {
      Path snapshot = snapshot(server);
      List<String> entries = Snapshots.entries(backups);

      Cli.Result r =
          restore(target, snapshot, "--mode", "truncate", "--yes", "--no-safety-snapshot");

      assertEquals(0, r.exitCode(), r.err());
      assertFalse(r.err().contains("safety snapshot"), r.err());
      assertEquals(entries, Snapshots.entries(backups));
      assertEquals(List.of("(1,ann)", "(2,bob)", "(3,cy)"), rows(target, "customers"));
    }
  }

  @OnOneServer
  void aSafetySnapshotThatCannotBeWrittenStopsTheRestoreBeforeAnyChange(PgServer server)
      throws IOException {
    try (TestDatabase target = target(server)) {
      Path snapshot = snapshot(server);
      Path notAFolder = Files.writeString(backups.resolve("not-a-folder"), "x");
      String before = DatabaseContents.of(target);

      Cli.Result r =
          restore(
              target,
              snapshot,
              "--mode",
              "truncate",
              "--yes",
              "--safety-snapshot-dir",
              notAFolder.resolve("safety").toString());

      assertEquals(ErrorCode.STORAGE.exitStatus(), r.exitCode(), r.err());
      assertTrue(r.err().contains("the safety snapshot"), r.err());
      assertTrue(r.err().contains("nothing was restored"), r.err());
      assertTrue(r.err().contains("--no-safety-snapshot"), r.err());
      assertEquals(before, DatabaseContents.of(target));
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Foreign keys to tables outside the restore.

  @OnOneServer
  void creatingATableWhoseReferencedTableIsAbsentIsRefusedNamingTheParent(PgServer server)
      throws IOException {
    try (TestDatabase target = server.createDatabase()) {
      Path snapshot = snapshot(server);
      String before = DatabaseContents.of(target);

      Cli.Result r = restore(target, snapshot, "--table", "orders", "--create");

      assertEquals(ErrorCode.USAGE.exitStatus(), r.exitCode(), r.err());
      assertTrue(r.err().contains("public.customers"), r.err());
      assertTrue(r.err().contains("--table"), r.err());
      assertEquals(before, DatabaseContents.of(target));
    }
  }

  @OnOneServer
  void rowsWhoseReferencedRowsAreMissingFailNamingTheConstraint(PgServer server)
      throws IOException {
    try (TestDatabase target = server.createDatabase()) {
      target.execute("CREATE TABLE customers (id serial PRIMARY KEY, name text NOT NULL)");
      Path snapshot = snapshot(server);
      String before = DatabaseContents.of(target);

      Cli.Result r = restore(target, snapshot, "--table", "orders", "--create");

      assertEquals(ErrorCode.FAILURE.exitStatus(), r.exitCode(), r.err());
      assertTrue(r.err().contains("orders_customer_id_fkey"), r.err());
      assertTrue(r.err().contains("\"customers\""), r.err());
      assertTrue(r.err().contains("public.orders"), r.err());
      assertTrue(r.err().contains("nothing was changed"), r.err());
      assertEquals(before, DatabaseContents.of(target), "public.orders must not be left created");
    }
  }

  @OnOneServer
  void rowsWhoseReferencedRowsAreMissingInAnExistingTableFailNamingTheConstraint(PgServer server)
      throws IOException {
    try (TestDatabase target = server.createDatabase()) {
      target.execute(SCHEMA);
      Path snapshot = snapshot(server);
      String before = DatabaseContents.of(target);

      Cli.Result r = restore(target, snapshot, "--table", "orders");

      assertEquals(ErrorCode.FAILURE.exitStatus(), r.exitCode(), r.err());
      assertTrue(r.err().contains("orders_customer_id_fkey"), r.err());
      assertTrue(r.err().contains("loading public.orders"), r.err());
      assertEquals(before, DatabaseContents.of(target));
    }
  }

  @OnOneServer
  void aDeferredForeignKeyThatDoesNotHoldFailsBeforeAnySequenceIsSet(PgServer server)
      throws IOException {
    try (TestDatabase target = server.createDatabase()) {
      target.execute(
          "CREATE TABLE customers (id serial PRIMARY KEY, name text NOT NULL);"
              + " CREATE TABLE orders (id serial PRIMARY KEY, customer_id integer NOT NULL"
              + " REFERENCES customers DEFERRABLE INITIALLY DEFERRED, total numeric(10,2))");
      Path snapshot = snapshot(server);
      String before = DatabaseContents.of(target);

      Cli.Result r = restore(target, snapshot, "--table", "orders");

      // Checked at commit, the key would fail after setval, which no rollback undoes.
      assertEquals(ErrorCode.FAILURE.exitStatus(), r.exitCode(), r.err());
      assertTrue(r.err().contains("orders_customer_id_fkey"), r.err());
      assertTrue(r.err().contains("nothing was changed"), r.err());
      assertEquals(before, DatabaseContents.of(target), "orders_id_seq must not have been set");
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Locks and paths.

  @OnOneServer
  void aTargetTableLockedByAnotherSessionFailsAfterLockWaitTimeoutAndChangesNothing(PgServer server)
      throws Exception {
    try (TestDatabase target = target(server)) {
      Path snapshot = snapshot(server);
      String before = DatabaseContents.of(target);
      try (Connection writer = target.connect();
          Statement s = writer.createStatement()) {
        writer.setAutoCommit(false);
        s.execute("INSERT INTO customers (id, name) VALUES (100, 'in-flight')");

        Cli.Result r =
            restore(target, snapshot, "--mode", "truncate", "--yes", "--lock-wait-timeout", "1s");

        assertEquals(ErrorCode.FAILURE.exitStatus(), r.exitCode(), r.err());
        assertTrue(r.err().contains("could not lock the target tables"), r.err());
        assertTrue(r.err().contains("--lock-wait-timeout"), r.err());
        assertTrue(r.err().contains("Another session holds a conflicting lock"), r.err());
        writer.rollback();
      }
      assertEquals(before, DatabaseContents.of(target));
      assertNoSafetySnapshot(snapshot);
    }
  }

  @OnOneServer
  void aSnapshotFolderThatIsMissingOrNotASnapshotIsRefusedNamingIt(PgServer server) {
    try (TestDatabase target = target(server)) {
      Path snapshot = snapshot(server);
      String before = DatabaseContents.of(target);

      Cli.Result missing = restore(target, backups.resolve("nope"));
      assertEquals(ErrorCode.STORAGE.exitStatus(), missing.exitCode(), missing.err());
      assertTrue(missing.err().contains("no snapshot folder " + backups.resolve("nope")));
      assertTrue(missing.err().contains("pgsnap list"), missing.err());

      Cli.Result parent = restore(target, backups);
      assertEquals(ErrorCode.USAGE.exitStatus(), parent.exitCode(), parent.err());
      assertTrue(parent.err().contains("holds snapshots but is not one itself"), parent.err());
      assertTrue(parent.err().contains(snapshot.toString()), parent.err());

      assertEquals(before, DatabaseContents.of(target));
    }
  }

  @OnOneServer
  void everyRestoreLogsOneLineWithItsContextFiguresOrError(PgServer server) throws IOException {
    try (TestDatabase target = target(server)) {
      Path snapshot = snapshot(server);

      restore(target, snapshot, "--mode", "truncate", "--yes", "--no-safety-snapshot");
      restore(target, snapshot);

      List<JsonNode> lines = new ArrayList<>();
      for (String line : Files.readAllLines(backups.resolve(OperationLog.FILE_NAME))) {
        JsonNode json = new ObjectMapper().readTree(line);
        if (json.get("command").asText().equals("restore")) {
          lines.add(json);
        }
      }
      assertEquals(2, lines.size(), lines::toString);
      JsonNode success = lines.get(0);
      assertEquals(
          List.of(
              "time",
              "command",
              "dryRun",
              "mode",
              "jobs",
              "create",
              "outcome",
              "durationMs",
              "snapshot",
              "tables",
              "rows",
              "targets"),
          fieldNames(success));
      assertEquals("success", success.get("outcome").asText());
      assertEquals(snapshot.getFileName().toString(), success.get("snapshot").asText());
      assertEquals("truncate", success.get("mode").asText());
      assertEquals(2, success.get("tables").asInt());
      assertEquals(7, success.get("rows").asInt());
      assertEquals("[\"public.customers\",\"public.orders\"]", success.get("targets").toString());
      JsonNode failure = lines.get(1);
      assertEquals(
          List.of(
              "time",
              "command",
              "dryRun",
              "mode",
              "jobs",
              "create",
              "outcome",
              "durationMs",
              "snapshot",
              "errorCode",
              "error"),
          fieldNames(failure));
      assertEquals("failure", failure.get("outcome").asText());
      assertEquals("usage", failure.get("errorCode").asText());
      assertTrue(
          failure.get("error").asText().startsWith("target tables hold rows"), failure::toString);
    }
  }

  private static List<String> fieldNames(JsonNode json) {
    List<String> names = new ArrayList<>();
    json.fieldNames().forEachRemaining(names::add);
    return names;
  }

  // ---------------------------------------------------------------------------------------------
  // The password goes nowhere.

  @OnOneServer
  void thePasswordReachesNoOutputLogOrSafetySnapshot(PgServer server) throws IOException {
    try (TestDatabase target = server.createDatabase()) {
      String role = createRole(target, "owner");
      target.execute("GRANT CREATE ON SCHEMA public TO " + role);
      target.execute("SET ROLE " + role + "; " + SCHEMA + "; " + OLD_ROWS);
      Path snapshot = snapshot(server);
      String url = url(server, role, target);

      List<Cli.Result> runs = new ArrayList<>();
      runs.add(
          Cli.run(
              "restore",
              snapshot.toString(),
              "--url",
              url,
              "--mode",
              "truncate",
              "--dry-run",
              "--json"));
      runs.add(Cli.run("restore", snapshot.toString(), "--url", url));
      runs.add(
          Cli.run(
              "restore",
              snapshot.toString(),
              "--url",
              url.replace("/" + target.name(), "/no_such_database")));
      runs.add(
          Cli.run("restore", snapshot.toString(), "--url", url, "--mode", "truncate", "--yes"));

      assertEquals(0, runs.get(0).exitCode(), runs.get(0).err());
      assertEquals(ErrorCode.USAGE.exitStatus(), runs.get(1).exitCode(), runs.get(1).err());
      assertEquals(ErrorCode.CONNECTION.exitStatus(), runs.get(2).exitCode(), runs.get(2).err());
      assertEquals(0, runs.get(3).exitCode(), runs.get(3).err());
      assertTrue(runs.get(3).err().contains("safety snapshot of the truncated tables"));
      for (Cli.Result r : runs) {
        assertFalse(r.all().contains(SECRET), () -> "password printed: " + r);
      }
      Path log = backups.resolve(OperationLog.FILE_NAME);
      assertTrue(Files.readString(log).contains("\"command\":\"restore\""));
      try (Stream<Path> files = Files.walk(backups)) {
        List<Path> all = files.filter(Files::isRegularFile).toList();
        assertTrue(
            all.stream()
                .anyMatch(f -> f.endsWith(SnapshotWriter.MANIFEST) && !f.startsWith(snapshot)),
            "a safety snapshot was written: " + all);
        for (Path f : all) {
          String content = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
          assertFalse(content.contains(SECRET), () -> "password found in " + f);
        }
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // A dry run changes nothing.

  @OnOneServer
  void aDryRunPrintsThePlanAndChangesNothing(PgServer server) throws IOException {
    try (TestDatabase target = server.createDatabase()) {
      target.execute(
          "CREATE TABLE customers (id serial PRIMARY KEY, name text NOT NULL);"
              + " INSERT INTO customers (name) VALUES ('old-dora')");
      Path snapshot = snapshot(server);
      String before = DatabaseContents.of(target);
      List<String> entries = Snapshots.entries(backups);

      Cli.Result r = restore(target, snapshot, "--mode", "truncate", "--create", "--dry-run");

      assertEquals(0, r.exitCode(), r.err());
      assertTrue(r.out().contains("Restore plan: 2 tables, 7 rows"), r.out());
      assertTrue(r.out().matches("(?s).*public\\.customers +truncate, load +3 .*"), r.out());
      assertTrue(r.out().matches("(?s).*public\\.orders +create +4 .*"), r.out());
      assertTrue(r.out().contains("Sequences set to their snapshot values:"), r.out());
      assertTrue(r.out().contains("public.customers_id_seq = 3"), r.out());
      assertTrue(r.out().contains("public.orders_id_seq = 4 (created)"), r.out());
      assertTrue(r.out().contains("Dry run: nothing was changed."), r.out());
      assertEquals(before, DatabaseContents.of(target));
      assertEquals(entries, Snapshots.entries(backups), "no safety snapshot");
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Helpers.

  /** A snapshot of a fresh source database with {@link #SCHEMA} and {@link #SNAPSHOT_ROWS}. */
  private Path snapshot(PgServer server) {
    try (TestDatabase source = server.createDatabase()) {
      source.execute(SCHEMA, SNAPSHOT_ROWS);
      return Pgsnap.using(source.dataSource()).export(ExportOptions.defaults(backups)).snapshot();
    }
  }

  /** A target database with {@link #SCHEMA} and {@link #OLD_ROWS}. */
  private static TestDatabase target(PgServer server) {
    TestDatabase target = server.createDatabase();
    target.execute(SCHEMA, OLD_ROWS);
    return target;
  }

  private static Cli.Result restore(TestDatabase target, Path snapshot, String... more) {
    List<String> args =
        Stream.concat(
                Stream.of("restore", snapshot.toString(), "--url", target.uri()), Stream.of(more))
            .toList();
    return Cli.run(args.toArray(String[]::new));
  }

  private static Cli.Result restoreAs(
      PgServer server, String role, TestDatabase target, Path snapshot, String... more) {
    List<String> args =
        Stream.concat(
                Stream.of("restore", snapshot.toString(), "--url", url(server, role, target)),
                Stream.of(more))
            .toList();
    Cli.Result r = Cli.run(args.toArray(String[]::new));
    assertFalse(r.all().contains(SECRET), "the password must never be printed");
    return r;
  }

  private static String url(PgServer server, String role, TestDatabase db) {
    return "postgresql://"
        + role
        + ":"
        + SECRET
        + "@"
        + server.host()
        + ":"
        + server.port()
        + "/"
        + db.name();
  }

  /** A login role that may connect to {@code db} and use schema public, and nothing more. */
  private static String createRole(TestDatabase db, String suffix) {
    String role = db.name() + "_" + suffix;
    db.execute(
        "CREATE ROLE " + role + " LOGIN PASSWORD '" + SECRET + "'",
        "GRANT CONNECT ON DATABASE " + db.name() + " TO " + role,
        "GRANT USAGE ON SCHEMA public TO " + role);
    return role;
  }

  private static ManifestTable table(Path snapshot, String name) {
    return SnapshotFiles.inspect(snapshot).tables().stream()
        .filter(t -> t.name().equals(name))
        .findFirst()
        .orElseThrow();
  }

  /** Changes one table's entry in the manifest, as someone editing it by hand would. */
  private static void editManifest(Path snapshot, String table, Consumer<ObjectNode> edit)
      throws IOException {
    ObjectMapper mapper = new ObjectMapper();
    Path file = snapshot.resolve(SnapshotWriter.MANIFEST);
    JsonNode manifest = mapper.readTree(file.toFile());
    boolean found = false;
    for (JsonNode t : manifest.get("tables")) {
      if (t.get("name").asText().equals(table)) {
        edit.accept((ObjectNode) t);
        found = true;
      }
    }
    assertTrue(found, table);
    mapper.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), manifest);
  }

  /** The folder holding the snapshot has nothing but it, other snapshots and the log. */
  private void assertNoSafetySnapshot(Path snapshot) {
    for (String entry : Snapshots.entries(backups)) {
      Path p = backups.resolve(entry);
      if (entry.equals(OperationLog.FILE_NAME) || p.equals(snapshot)) {
        continue;
      }
      Manifest m = SnapshotFiles.inspect(p);
      assertFalse(
          String.valueOf(m.label()).startsWith("safety snapshot"), "safety snapshot taken: " + p);
    }
  }

  /** The rows of {@code public.table}, as row literals in key order. */
  private static List<String> rows(TestDatabase db, String table) {
    List<String> rows = new ArrayList<>();
    try (Connection c = db.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT t::text FROM public." + table + " t ORDER BY 1")) {
      while (rs.next()) {
        rows.add(rs.getString(1));
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return rows;
  }
}
