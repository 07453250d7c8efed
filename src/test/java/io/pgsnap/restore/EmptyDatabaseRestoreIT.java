package io.pgsnap.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pgsnap.testsupport.AcrossServers;
import io.pgsnap.testsupport.CatalogDescription;
import io.pgsnap.testsupport.Cli;
import io.pgsnap.testsupport.DatabaseContents;
import io.pgsnap.testsupport.PgServer;
import io.pgsnap.testsupport.TestDatabase;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9's acceptance: a snapshot is enough on its own to rebuild its tables. Two databases, an
 * edge case of everything a table can need or carry ({@code restore/empty-database/edge-cases.sql})
 * and one in the shape of the Sakila/Pagila DVD rental sample ({@code
 * restore/empty-database/sakila.sql}), are each exported with the command line and restored with
 * {@code restore --create} into an empty database on the same server, on every major. Afterwards
 * the target holds every row of the source ({@link DatabaseContents#rows}) and is described exactly
 * as the source is ({@link CatalogDescription}: tables with everything attached to them, and the
 * types, collations, functions, sequences, schemas and extensions they use).
 *
 * <p>The roles the edge cases name exist on the server, so nothing is left out for a missing role.
 * {@code testsupport.CatalogDescriptionIT} shows that the description is deterministic and sees
 * each kind of difference.
 */
class EmptyDatabaseRestoreIT {
  private static final String EDGE_CASES = "/restore/empty-database/edge-cases.sql";
  private static final String SAKILA = "/restore/empty-database/sakila.sql";
  private static final List<String> EDGE_CASE_SCHEMAS = List.of("app", "Sales Area");
  private static final List<String> SAKILA_SCHEMAS = List.of("public");

  @TempDir Path out;

  @AcrossServers
  void theEdgeCaseDatabaseRestoredIntoAnEmptyDatabaseHasEveryRow(PgServer server) {
    try (TestDatabase source = server.createDatabase(EDGE_CASES);
        TestDatabase target = server.createDatabase()) {
      exportAndRestoreWithCreate(source, EDGE_CASE_SCHEMAS, target);
      assertEquals(DatabaseContents.rows(source), DatabaseContents.rows(target));
    }
  }

  @AcrossServers
  void theEdgeCaseDatabaseRestoredIntoAnEmptyDatabaseIsDescribedAsTheSource(PgServer server) {
    try (TestDatabase source = server.createDatabase(EDGE_CASES);
        TestDatabase target = server.createDatabase()) {
      exportAndRestoreWithCreate(source, EDGE_CASE_SCHEMAS, target);
      assertEquals(CatalogDescription.of(source), CatalogDescription.of(target));
    }
  }

  @AcrossServers
  void theSampleDatabaseRestoredIntoAnEmptyDatabaseHasEveryRow(PgServer server) {
    try (TestDatabase source = server.createDatabase(SAKILA);
        TestDatabase target = server.createDatabase()) {
      exportAndRestoreWithCreate(source, SAKILA_SCHEMAS, target);
      assertEquals(DatabaseContents.rows(source), DatabaseContents.rows(target));
    }
  }

  @AcrossServers
  void theSampleDatabaseRestoredIntoAnEmptyDatabaseIsDescribedAsTheSource(PgServer server) {
    try (TestDatabase source = server.createDatabase(SAKILA);
        TestDatabase target = server.createDatabase()) {
      exportAndRestoreWithCreate(source, SAKILA_SCHEMAS, target);
      assertEquals(CatalogDescription.of(source), CatalogDescription.of(target));
    }
  }

  @AcrossServers
  void theEdgeCaseSnapshotsScriptBuildsTheSourcesCatalogInAnEmptyDatabase(PgServer server) {
    try (TestDatabase source = server.createDatabase(EDGE_CASES);
        TestDatabase target = server.createDatabase()) {
      Cli.Result script = Cli.run("inspect", export(source, EDGE_CASE_SCHEMAS), "--ddl-all");
      assertEquals(0, script.exitCode(), script::all);

      target.execute(script.out());

      assertEquals(CatalogDescription.of(source), CatalogDescription.of(target));
    }
  }

  /** {@code pgsnap export -n ...} of {@code source}, then {@code pgsnap restore --create}. */
  private void exportAndRestoreWithCreate(
      TestDatabase source, List<String> schemas, TestDatabase target) {
    Cli.Result restored =
        Cli.run("restore", export(source, schemas), "--url", target.uri(), "--create", "--quiet");
    assertEquals(0, restored.exitCode(), restored::all);
  }

  /** {@code pgsnap export -n ...} of {@code source}: the snapshot's folder. */
  private String export(TestDatabase source, List<String> schemas) {
    List<String> export = new ArrayList<>(List.of("export", "--url", source.uri()));
    for (String schema : schemas) {
      export.add("--schema");
      export.add('"' + schema + '"');
    }
    export.addAll(List.of("--out", out.toString(), "--quiet"));
    Cli.Result exported = Cli.run(export.toArray(String[]::new));
    assertEquals(0, exported.exitCode(), exported::all);
    return exported.out().strip();
  }
}
