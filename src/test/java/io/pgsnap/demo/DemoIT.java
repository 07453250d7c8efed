package io.pgsnap.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgsnap.ErrorCode;
import io.pgsnap.PgsnapException;
import io.pgsnap.testsupport.Cli;
import io.pgsnap.testsupport.OnOneServer;
import io.pgsnap.testsupport.PgServer;
import io.pgsnap.testsupport.TestDatabase;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pgsnap demo} end to end, as the README's quick start runs it: on a throwaway server it
 * starts itself, and on an existing server through {@code --url}.
 */
class DemoIT {
  /** The lines a newcomer sees, in order: each step as typed, and what proves it worked. */
  private static final List<String> TOUR =
      List.of(
          "$ export DATABASE_URL=",
          "$ pgsnap export --out ",
          "exported 4 tables, 101,000 rows",
          "$ snap=",
          "$ pgsnap verify \"$snap\"",
          ": OK (4 files",
          "$ pgsnap drill \"$snap\" --url \"$DATABASE_URL\"",
          "drill passed: 4 tables, 101,000 rows restored",
          "$ psql \"$DATABASE_URL\" -c '" + SampleDatabase.CHANGE + "'",
          "UPDATE 1",
          "$ pgsnap compare \"$snap\" --content --keys 5",
          "public.order_items         60,000         60,000           0  content differs",
          "        changed: (order_id, line)=(4242, 1)",
          "(exit status 3, as expected: the content differs)",
          "$ pgsnap restore \"$snap\" --table public.order_items --mode truncate --yes",
          "restored 1 table, 60,000 rows",
          "$ pgsnap compare \"$snap\" --content",
          "all 4 tables are equal in snapshot and database",
          "demo finished in ");

  @OnOneServer
  void onAThrowawayServerEveryStepEndsAsShownAndNothingIsLeftBehind(PgServer server) {
    Cli.Result demo = Cli.run("demo", "--server-major", Integer.toString(server.major()));

    assertEquals(0, demo.exitCode(), demo::all);
    assertTourInOrder(demo.out());
    assertTrue(demo.out().contains("on a throwaway PostgreSQL " + server.major()), demo.out());
    assertFalse(Files.exists(workDir(demo.out())), "the demo's folder must be removed");
  }

  @OnOneServer
  void onAnExistingServerTheDemoDropsItsDatabaseAtTheEnd(PgServer server) throws SQLException {
    try (TestDatabase admin = server.createDatabase()) {
      Cli.Result demo = Cli.run("demo", "--url", admin.uri());

      assertEquals(0, demo.exitCode(), demo::all);
      assertTourInOrder(demo.out());
      assertEquals(List.of(), databasesNamed(admin, "pgsnap\\_demo\\_%"));
      assertEquals(List.of(), databasesNamed(admin, "pgsnap\\_drill\\_%"));
    }
  }

  @OnOneServer
  void aStepThatEndsOtherwiseStopsTheTourNamingIt(PgServer server, @TempDir Path work) {
    try (TestDatabase db = server.createDatabase()) {
      StringWriter printed = new StringWriter();
      // Every command "succeeds": the content comparison after the change should have exited 3.
      Demo demo = new Demo(new PrintWriter(printed), args -> 0);
      Path backups = Files.createDirectories(work.resolve("backups/shop-20261203T000000Z"));
      Files.writeString(backups.resolve("manifest.json"), "{}");

      PgsnapException e =
          assertThrows(
              PgsnapException.class,
              () -> demo.run(new Demo.Target("postgresql://u@h/d", db.dataSource(), work)));

      assertEquals(ErrorCode.FAILURE, e.code());
      assertEquals(
          "the demo's step `pgsnap compare \"$snap\" --content --keys 5` exited with status 0"
              + " where 3 was expected; its output above says why",
          e.getMessage());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void assertTourInOrder(String out) {
    int from = 0;
    for (String line : TOUR) {
      int at = out.indexOf(line, from);
      assertTrue(at >= 0, () -> "missing, or out of order: " + line + "\n" + out);
      from = at + line.length();
    }
  }

  private static Path workDir(String out) {
    Matcher m = Pattern.compile("snapshots in (\\S+)\n").matcher(out);
    assertTrue(m.find(), out);
    return Path.of(m.group(1));
  }

  private static List<String> databasesNamed(TestDatabase db, String pattern) throws SQLException {
    try (Connection c = db.connect();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT datname FROM pg_database WHERE datname LIKE '" + pattern + "'")) {
      List<String> names = new ArrayList<>();
      while (rs.next()) {
        names.add(rs.getString(1));
      }
      return names;
    }
  }
}
