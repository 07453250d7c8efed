package io.pgsnap.restore;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgsnap.testsupport.CatalogDescription;
import io.pgsnap.testsupport.Cli;
import io.pgsnap.testsupport.DatabaseContents;
import io.pgsnap.testsupport.OnOneServer;
import io.pgsnap.testsupport.PgServer;
import io.pgsnap.testsupport.TestDatabase;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9's second condition: what {@code restore --create} does with a target that already has
 * some of the objects the tables use, and with roles the target lacks. A conflict or a missing role
 * is a clear message, and nothing is silently dropped or weakened.
 *
 * <p>These run once: the plan's decisions are pgsnap's own, and {@link EmptyDatabaseRestoreIT}
 * creates every kind of object on every major. A missing extension is not tested here: the server
 * that exports a table using an extension has that extension, and every test server is one.
 */
class ExistingAndMissingObjectsIT {
  private static final String SAKILA = "/restore/empty-database/sakila.sql";

  @TempDir Path out;

  @OnOneServer
  void aTypeThatDiffersInTheTargetIsRefusedNamingItAndTheOptionThatAcceptsIt(PgServer server) {
    try (TestDatabase source = server.createDatabase(SAKILA);
        TestDatabase target = server.createDatabase()) {
      target.execute("CREATE TYPE public.mpaa_rating AS ENUM ('G', 'PG', 'R')");
      String before = DatabaseContents.of(target);

      Cli.Result restored = restoreWithCreate(export(source), target);

      assertAll(
          () -> assertEquals(2, restored.exitCode(), restored::all),
          () -> assertTrue(restored.err().contains("mpaa_rating"), restored::all),
          () -> assertTrue(restored.err().contains("--keep-target-objects"), restored::all),
          () -> assertEquals(before, DatabaseContents.of(target), "the target is unchanged"));
    }
  }

  @OnOneServer
  void typesIdenticalInTheTargetAreReused(PgServer server) {
    try (TestDatabase source = server.createDatabase(SAKILA);
        TestDatabase target = server.createDatabase()) {
      target.execute(
          "CREATE TYPE public.mpaa_rating AS ENUM ('G', 'PG', 'PG-13', 'R', 'NC-17')",
          "CREATE DOMAIN public.year AS integer"
              + " CONSTRAINT year_check CHECK (VALUE >= 1901 AND VALUE <= 2155)");

      Cli.Result restored = restoreWithCreate(export(source), target);

      assertEquals(0, restored.exitCode(), restored::all);
      assertEquals(CatalogDescription.of(source), CatalogDescription.of(target));
    }
  }

  @OnOneServer
  void keepTargetObjectsRestoresAgainstTheTargetsVersionOfAType(PgServer server) {
    try (TestDatabase source = server.createDatabase(SAKILA);
        TestDatabase target = server.createDatabase()) {
      target.execute(
          "CREATE TYPE public.mpaa_rating AS ENUM ('G', 'PG', 'PG-13', 'R', 'NC-17', 'X')");

      Cli.Result restored =
          Cli.run(
              "restore",
              export(source).toString(),
              "--url",
              target.uri(),
              "--create",
              "--keep-target-objects");

      assertEquals(0, restored.exitCode(), restored::all);
      assertAll(
          () -> assertEquals(DatabaseContents.rows(source), DatabaseContents.rows(target)),
          () ->
              assertTrue(
                  CatalogDescription.of(target)
                      .contains(
                          "type public.mpaa_rating\n  enum ('G', 'PG', 'PG-13', 'R', 'NC-17', 'X')\n"),
                  "the target's type is kept"));
    }
  }

  @OnOneServer
  void theDryRunListsEveryObjectItWouldCreateAndChangesNothing(PgServer server) {
    try (TestDatabase source = server.createDatabase(SAKILA);
        TestDatabase target = server.createDatabase()) {
      String before = DatabaseContents.of(target);

      Cli.Result planned =
          Cli.run(
              "restore", export(source).toString(), "--url", target.uri(), "--create", "--dry-run");

      assertEquals(0, planned.exitCode(), planned::all);
      List<Executable> checks = new ArrayList<>();
      for (String object :
          List.of(
              "public.mpaa_rating",
              "public.year",
              "public.last_updated",
              "film_fulltext_trigger",
              "film_keep_stocked",
              "film_fulltext_idx")) {
        checks.add(
            () -> assertTrue(planned.out().contains(object), object + " in\n" + planned.out()));
      }
      checks.add(() -> assertEquals(before, DatabaseContents.of(target), "nothing was changed"));
      assertAll(checks);
    }
  }

  @OnOneServer
  void theDryRunSaysWhichObjectsOfTheTargetAreReused(PgServer server) {
    try (TestDatabase source = server.createDatabase(SAKILA);
        TestDatabase target = server.createDatabase()) {
      target.execute("CREATE TYPE public.mpaa_rating AS ENUM ('G', 'PG', 'PG-13', 'R', 'NC-17')");

      Cli.Result planned =
          Cli.run(
              "restore", export(source).toString(), "--url", target.uri(), "--create", "--dry-run");

      assertEquals(0, planned.exitCode(), planned::all);
      List<String> lines =
          planned.out().lines().filter(line -> line.contains("mpaa_rating")).toList();
      assertTrue(
          lines.stream().anyMatch(line -> line.toLowerCase(Locale.ROOT).contains("reuse")),
          planned::out);
    }
  }

  /**
   * Restored beside the original with {@code --into-schema}, each table carries what the original
   * carries (indexes, constraints, triggers, rules, comments), named after its new schema, while
   * the types and functions they share stay where they are, reused, and the original is untouched.
   */
  @OnOneServer
  void tablesRestoredBesideTheOriginalCarryTheirObjectsAndShareTheTypes(PgServer server) {
    try (TestDatabase db = server.createDatabase(SAKILA)) {
      Map<String, String> original = objects(CatalogDescription.of(db));

      Cli.Result restored =
          Cli.run(
              "restore",
              export(db).toString(),
              "--url",
              db.uri(),
              "--create",
              "--into-schema",
              "restored");

      assertEquals(0, restored.exitCode(), restored::all);
      Map<String, String> after = objects(CatalogDescription.of(db));
      Map<String, String> untouched = new TreeMap<>(after);
      untouched.keySet().removeIf(key -> key.contains("restored"));
      Map<String, String> moved = new TreeMap<>();
      after.forEach(
          (key, lines) -> {
            if (key.startsWith("table restored.") || key.startsWith("sequence restored.")) {
              moved.put(key.replace("restored.", "public."), lines.replace("restored.", "public."));
            }
          });
      Map<String, String> originalTables = new TreeMap<>(original);
      originalTables
          .keySet()
          .removeIf(key -> !key.startsWith("table ") && !key.startsWith("sequence "));
      assertAll(
          () -> assertEquals(original, untouched, "the original and the shared objects"),
          () -> assertEquals(originalTables, moved, "the restored tables, schema aside"));
    }
  }

  @OnOneServer
  void aGrantAndAPermissivePolicyForAMissingRoleAreLeftOutWithAWarning(PgServer server) {
    String role = uniqueRole();
    try (TestDatabase source = server.createDatabase();
        TestDatabase target = server.createDatabase()) {
      source.execute(
          "CREATE ROLE " + role,
          "CREATE TABLE public.notes (id integer PRIMARY KEY, body text)",
          "INSERT INTO public.notes VALUES (1, 'one'), (2, 'two')",
          "GRANT SELECT ON public.notes TO " + role,
          "ALTER TABLE public.notes ENABLE ROW LEVEL SECURITY",
          "CREATE POLICY readers ON public.notes FOR SELECT TO " + role + " USING (id > 1)");
      String rows = DatabaseContents.rows(source);
      Path snapshot = export(source);
      dropRole(source, role);

      Cli.Result restored = restoreWithCreate(snapshot, target);

      String description = CatalogDescription.of(target);
      assertAll(
          () -> assertEquals(0, restored.exitCode(), restored::all),
          () ->
              assertTrue(
                  restored.err().contains(role), () -> "a warning names it: " + restored.all()),
          () -> assertEquals(rows, DatabaseContents.rows(target)),
          () -> assertFalse(description.contains(role), description),
          () ->
              assertTrue(
                  description.contains("  row level security enabled\n"),
                  () -> "row security stays on: " + description));
    }
  }

  @OnOneServer
  void aRestrictivePolicyForAMissingRoleIsRefusedNamingBoth(PgServer server) {
    String role = uniqueRole();
    try (TestDatabase source = server.createDatabase();
        TestDatabase target = server.createDatabase()) {
      source.execute(
          "CREATE ROLE " + role,
          "CREATE TABLE public.notes (id integer PRIMARY KEY, body text)",
          "INSERT INTO public.notes VALUES (1, 'one')",
          "ALTER TABLE public.notes ENABLE ROW LEVEL SECURITY",
          "CREATE POLICY everyone ON public.notes FOR SELECT USING (true)",
          "CREATE POLICY limited ON public.notes AS RESTRICTIVE FOR SELECT TO "
              + role
              + " USING (id > 1)");
      Path snapshot = export(source);
      dropRole(source, role);
      String before = DatabaseContents.of(target);

      Cli.Result restored = restoreWithCreate(snapshot, target);

      assertAll(
          () -> assertEquals(2, restored.exitCode(), restored::all),
          () -> assertTrue(restored.err().contains("limited"), restored::all),
          () -> assertTrue(restored.err().contains(role), restored::all),
          () -> assertEquals(before, DatabaseContents.of(target), "nothing was created"));
    }
  }

  /** A description's blocks by their first line ({@code table public.film}, ...). */
  private static Map<String, String> objects(String description) {
    Map<String, String> objects = new TreeMap<>();
    String key = null;
    for (String line : description.split("\n")) {
      if (!line.startsWith(" ")) {
        key = line;
        objects.put(key, "");
      } else {
        objects.merge(key, line + "\n", String::concat);
      }
    }
    return objects;
  }

  private Path export(TestDatabase source) {
    Cli.Result exported =
        Cli.run("export", "--url", source.uri(), "--out", out.toString(), "--quiet");
    assertEquals(0, exported.exitCode(), exported::all);
    return Path.of(exported.out().strip());
  }

  private static Cli.Result restoreWithCreate(Path snapshot, TestDatabase target) {
    return Cli.run("restore", snapshot.toString(), "--url", target.uri(), "--create");
  }

  /** Drops the source (which holds the role's privileges and policies), then the role. */
  private static void dropRole(TestDatabase source, String role) {
    source.close();
    try (TestDatabase other = source.server().createDatabase()) {
      other.execute("DROP ROLE " + role);
    }
  }

  /** Roles are cluster-wide: a name of this test's own, since the test drops it. */
  private static String uniqueRole() {
    return "pgsnap_gone_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
  }
}
