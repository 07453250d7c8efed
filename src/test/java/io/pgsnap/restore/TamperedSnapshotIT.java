package io.pgsnap.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgsnap.ErrorCode;
import io.pgsnap.ExportOptions;
import io.pgsnap.Pgsnap;
import io.pgsnap.PgsnapException;
import io.pgsnap.ProgressListener;
import io.pgsnap.RestoreOptions;
import io.pgsnap.catalog.TableId;
import io.pgsnap.snapshot.Compression;
import io.pgsnap.testsupport.Cli;
import io.pgsnap.testsupport.DatabaseContents;
import io.pgsnap.testsupport.OnOneServer;
import io.pgsnap.testsupport.PgServer;
import io.pgsnap.testsupport.Tampering;
import io.pgsnap.testsupport.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;

/**
 * A snapshot is untrusted input. Whatever someone who can write one does to it, restore (with
 * {@code --create} or without) refuses it before changing anything, naming the problem, and {@code
 * verify}, {@code inspect} and {@code compare} refuse the same snapshot the same way. The forger
 * here recomputes every checksum that does not need a key. The refusals are pgsnap's own checks of
 * the files it reads, so they run on one server.
 */
class TamperedSnapshotIT {
  private static final String SCHEMA =
      "CREATE TABLE customers (id serial PRIMARY KEY, name text NOT NULL);"
          + " CREATE TABLE orders (id serial PRIMARY KEY,"
          + " customer_id integer NOT NULL REFERENCES customers, total numeric(10,2))";
  private static final String ROWS =
      "INSERT INTO customers (name) VALUES ('ann'), ('bob'), ('cy');"
          + " INSERT INTO orders (customer_id, total) VALUES (1, 10), (1, 20), (2, 30)";
  private static final String CUSTOMERS = "tables/public.customers.csv";
  private static final String EVIL_ROLE = "pgsnap_tamper_evil";

  @TempDir Path backups;
  @TempDir Path elsewhere;

  @OnOneServer
  void aFilePathThatLeavesTheFolderIsRefused(PgServer server) throws IOException {
    Snapshot s = snapshot(server);
    Files.copy(s.path.resolve(CUSTOMERS), backups.resolve("outside.csv"));
    Tampering.editTable(s.path, "customers", t -> t.put("file", "tables/../../outside.csv"));

    assertRefusedEverywhere(server, s, "tables/../../outside.csv");
  }

  @OnOneServer
  void anAbsoluteFilePathIsRefused(PgServer server) throws IOException {
    Snapshot s = snapshot(server);
    Path outside = elsewhere.resolve("outside.csv");
    Files.copy(s.path.resolve(CUSTOMERS), outside);
    Tampering.editTable(s.path, "customers", t -> t.put("file", outside.toString()));

    assertRefusedEverywhere(server, s, outside.toString());
  }

  @OnOneServer
  void aTableFileThatIsALinkIsRefusedEvenToIdenticalBytes(PgServer server) throws IOException {
    Snapshot s = snapshot(server);
    Path outside = elsewhere.resolve("copy.csv");
    Files.copy(s.path.resolve(CUSTOMERS), outside);
    Tampering.replaceWithLink(s.path.resolve(CUSTOMERS), outside);

    assertRefusedEverywhere(server, s, "symbolic link");
  }

  @OnOneServer
  void aTablesFolderThatIsALinkIsRefused(PgServer server) throws IOException {
    Snapshot s = snapshot(server);
    Path moved = elsewhere.resolve("tables");
    Files.move(s.path.resolve("tables"), moved);
    Files.createSymbolicLink(s.path.resolve("tables"), moved);

    assertRefusedEverywhere(server, s, "symbolic link");
  }

  @OnOneServer
  void aNamedPipeInPlaceOfATableFileIsRefusedWithoutHanging(PgServer server) {
    Snapshot s = snapshot(server);
    Tampering.replaceWithFifo(s.path.resolve(CUSTOMERS));

    assertTimeoutPreemptively(
        Duration.ofSeconds(120), () -> assertRefusedEverywhere(server, s, "is a special file"));
  }

  @OnOneServer
  void anEditedManifestThatStaysConsistentIsRefused(PgServer server) {
    Snapshot s = snapshot(server);
    Tampering.editManifest(s.path, m -> m.put("label", "edited by hand"), false);

    assertRefusedEverywhere(server, s, "manifest.json was changed");
  }

  @OnOneServer
  void ddlCarryingASecondStatementIsRefused(PgServer server) {
    Snapshot s = snapshot(server);
    Tampering.editTable(
        s.path,
        "customers",
        t -> {
          com.fasterxml.jackson.databind.node.ObjectNode ddl =
              (com.fasterxml.jackson.databind.node.ObjectNode) t.get("ddl");
          ddl.put(
              "createTable",
              ddl.get("createTable").asText() + "; CREATE ROLE " + EVIL_ROLE + " SUPERUSER");
        });

    assertRefusedEverywhere(server, s, "more than one statement");
  }

  @OnOneServer
  void ddlCreatingAnotherKindOfObjectIsRefused(PgServer server) {
    Snapshot s = snapshot(server);
    Tampering.editTable(
        s.path,
        "customers",
        t ->
            ((com.fasterxml.jackson.databind.node.ObjectNode) t.get("ddl"))
                .put("createTable", "CREATE ROLE " + EVIL_ROLE + " SUPERUSER"));

    assertRefusedEverywhere(server, s, "CREATE TABLE");
  }

  @OnOneServer
  void aTriggerDefinitionCarryingASecondStatementIsRefused(PgServer server) {
    Snapshot s = snapshot(server);
    Tampering.editTable(
        s.path,
        "customers",
        t -> {
          com.fasterxml.jackson.databind.node.ObjectNode trigger =
              ((com.fasterxml.jackson.databind.node.ObjectNode) t.get("attached"))
                  .putArray("triggers")
                  .addObject();
          trigger.put("name", "audit");
          trigger.put(
              "definition",
              "CREATE TRIGGER audit AFTER INSERT ON public.customers FOR EACH ROW EXECUTE"
                  + " FUNCTION public.f(); CREATE ROLE "
                  + EVIL_ROLE
                  + " SUPERUSER");
          trigger.put("enabled", "O");
        });

    assertRefusedEverywhere(server, s, "trigger audit holds more than one statement");
  }

  @OnOneServer
  void aPolicyExpressionThatLeavesItsParenthesesIsRefused(PgServer server) {
    Snapshot s = snapshot(server);
    Tampering.editTable(
        s.path,
        "customers",
        t -> {
          com.fasterxml.jackson.databind.node.ObjectNode policy =
              ((com.fasterxml.jackson.databind.node.ObjectNode)
                      t.get("attached").get("rowSecurity"))
                  .putArray("policies")
                  .addObject();
          policy.put("name", "mine");
          policy.put("permissive", true);
          policy.put("command", "select");
          policy.putArray("roles").add("public");
          policy.put("using", "true) WITH CHECK (true");
          policy.putNull("withCheck");
        });

    assertRefusedEverywhere(server, s, "policy mine has an expression that");
  }

  @OnOneServer
  void aMalformedGrantIsRefused(PgServer server) {
    Snapshot s = snapshot(server);
    Tampering.editTable(
        s.path,
        "customers",
        t ->
            ((com.fasterxml.jackson.databind.node.ObjectNode) t.get("attached"))
                .putArray("acl")
                .add("clerk=r/owner TO " + EVIL_ROLE));

    assertRefusedEverywhere(server, s, "the table's privilege clerk=r/owner TO");
  }

  @OnOneServer
  void aFileChangedAfterTheChecksIsCaughtByTheHashOfWhatWasLoadedAndRolledBack(PgServer server)
      throws IOException {
    Snapshot s = snapshot(server);
    Path file = s.path.resolve(CUSTOMERS);
    byte[] forged =
        Files.readString(file, StandardCharsets.UTF_8)
            .replace("ann", "eve")
            .getBytes(StandardCharsets.UTF_8);
    try (TestDatabase target = server.createDatabase()) {
      target.execute(SCHEMA);
      String before = DatabaseContents.of(target);
      ProgressListener swapOnStart =
          new ProgressListener() {
            @Override
            public void tableStarted(TableId table) {
              if (table.name().equals("customers")) {
                try {
                  Files.write(file, forged);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              }
            }
          };

      PgsnapException e =
          assertThrows(
              PgsnapException.class,
              () ->
                  Pgsnap.using(target.dataSource())
                      .withProgress(swapOnStart)
                      .restore(s.path, RestoreOptions.defaults()));

      assertEquals(ErrorCode.INTEGRITY, e.code(), e.getMessage());
      assertTrue(e.getMessage().contains(CUSTOMERS), e.getMessage());
      assertTrue(e.getMessage().contains("SHA-256"), e.getMessage());
      assertEquals(before, DatabaseContents.of(target));
    }
  }

  // ---------------------------------------------------------------------------------------------

  /** A snapshot of {@link #SCHEMA} with {@link #ROWS}, uncompressed CSV, and an intact one. */
  private record Snapshot(Path path, Path intact) {}

  private Snapshot snapshot(PgServer server) {
    try (TestDatabase source = server.createDatabase()) {
      source.execute(SCHEMA, ROWS);
      ExportOptions options = ExportOptions.defaults(backups).withCompression(Compression.NONE);
      Path first = Pgsnap.using(source.dataSource()).export(options).snapshot();
      Path second = Pgsnap.using(source.dataSource()).export(options).snapshot();
      return new Snapshot(first, second);
    }
  }

  /**
   * Restore with {@code --create} into an empty database and without it into empty tables, verify,
   * inspect and compare: each exits 3 naming {@code problem}, and neither database changed.
   */
  private void assertRefusedEverywhere(PgServer server, Snapshot s, String problem) {
    try (TestDatabase empty = server.createDatabase();
        TestDatabase tables = server.createDatabase()) {
      tables.execute(SCHEMA);
      String emptyBefore = DatabaseContents.of(empty);
      String tablesBefore = DatabaseContents.of(tables);
      List<Cli.Result> runs = new ArrayList<>();
      runs.add(Cli.run("restore", s.path.toString(), "--url", empty.uri(), "--create"));
      runs.add(
          Cli.run("restore", s.path.toString(), "--url", empty.uri(), "--create", "--dry-run"));
      runs.add(Cli.run("restore", s.path.toString(), "--url", tables.uri()));
      runs.add(Cli.run("verify", s.path.toString()));
      runs.add(Cli.run("inspect", s.path.toString()));
      runs.add(Cli.run("compare", s.path.toString(), s.intact.toString()));

      for (Cli.Result r : runs) {
        assertEquals(ErrorCode.INTEGRITY.exitStatus(), r.exitCode(), r::all);
        assertTrue(r.all().contains(problem), r::all);
      }
      assertEquals(emptyBefore, DatabaseContents.of(empty));
      assertEquals(tablesBefore, DatabaseContents.of(tables));
      assertEquals(List.of(), roles(empty, EVIL_ROLE));
    }
  }

  private static List<String> roles(TestDatabase db, String name) {
    List<String> found = new ArrayList<>();
    try (Connection c = db.connect();
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery("SELECT rolname FROM pg_roles WHERE rolname = '" + name + "'")) {
      while (rs.next()) {
        found.add(rs.getString(1));
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return found;
  }
}
