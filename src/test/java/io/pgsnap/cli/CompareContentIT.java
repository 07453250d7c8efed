package io.pgsnap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pgsnap.testsupport.AcrossServers;
import io.pgsnap.testsupport.Cli;
import io.pgsnap.testsupport.OnOneServer;
import io.pgsnap.testsupport.PgServer;
import io.pgsnap.testsupport.Tampering;
import io.pgsnap.testsupport.TestDatabase;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pgsnap compare --content} (issue 11): every table's content fingerprint recomputed from
 * the live database against the snapshot's, {@code --keys} naming the rows that differ, and {@code
 * compare A B} by recorded fingerprints. What COPY prints is the server's, so the round trip of
 * fingerprints runs on every major; the comparison's rules are pgsnap's own and run on one.
 */
class CompareContentIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path out;

  @AcrossServers
  void anExportsFingerprintsEqualThoseCompareContentReadsFromTheUnchangedSource(PgServer server)
      throws IOException {
    try (TestDatabase source = server.createDatabase()) {
      source.runScript("/export/edge-case-types.sql");
      source.runScript("/restore/round-trip-extra-types.sql");
      source.runScript("/export/edge-cases.sql");
      source.runScript("/restore/round-trip-extra.sql");
      Path snapshot = export(source, "--schema", "*");

      Cli.Result compared = compare(source, snapshot, "--content", "--json");

      assertEquals(0, compared.exitCode(), compared::all);
      Map<String, JsonNode> recorded = recordedFingerprints(snapshot);
      Map<String, JsonNode> read = new TreeMap<>();
      for (JsonNode t : JSON.readTree(compared.out()).get("content").get("tables")) {
        assertEquals("equal", t.get("status").asText(), t::toString);
        read.put(t.get("schema").asText() + "." + t.get("name").asText(), t.get("second"));
      }
      assertEquals(recorded, read);
      assertTrue(recorded.containsKey("public.all_types"), recorded::toString);
    }
  }

  @OnOneServer
  void anUnchangedSourceHasNoContentDifferencesAndExits0(PgServer server) {
    try (TestDatabase db = accounts(server)) {
      Path snapshot = export(db);

      Cli.Result compared = compare(db, snapshot, "--content");

      assertEquals(0, compared.exitCode(), compared::all);
      assertTrue(
          compared.out().contains("all 2 tables are equal in snapshot and database"),
          compared::all);
      assertTrue(
          compared
              .out()
              .contains(
                  "content:   fingerprints of those rows, recomputed and compared with the"
                      + " snapshot's"),
          compared::all);
    }
  }

  @AcrossServers
  void oneUpdateThatKeepsTheRowCountExits3NamingTheTable(PgServer server) {
    try (TestDatabase db = accounts(server)) {
      Path snapshot = export(db);
      db.execute("UPDATE accounts SET balance = 100.01 WHERE id = 2");

      Cli.Result compared = compare(db, snapshot, "--content", "--quiet");

      assertEquals(3, compared.exitCode(), compared::all);
      assertEquals(
          List.of(
              "TABLE            SNAPSHOT ROWS  DATABASE ROWS  DIFFERENCE  STATUS",
              "public.accounts              3              3           0  content differs",
              "",
              "content differs:"),
          compared.out().lines().limit(4).toList(),
          compared::all);
      assertTrue(
          compared.out().lines().anyMatch(l -> l.startsWith("    public.accounts: fingerprint ")),
          compared::all);
      assertTrue(
          compared.out().contains("1 of 2 tables differ between snapshot and database"),
          compared::all);
    }
  }

  @AcrossServers
  void keysNameExactlyTheChangedRow(PgServer server) throws IOException {
    try (TestDatabase db = accounts(server)) {
      Path snapshot = export(db);
      db.execute("UPDATE accounts SET balance = 100.01 WHERE id = 2");

      Cli.Result compared = compare(db, snapshot, "--content", "--keys", "10");
      Cli.Result json = compare(db, snapshot, "--content", "--keys", "10", "--json");

      assertEquals(3, compared.exitCode(), compared::all);
      assertEquals(List.of("        changed: (id)=(2)"), keyLines(compared), compared::all);
      JsonNode accounts = JSON.readTree(json.out()).get("content").get("tables").get(0);
      assertEquals(
          "{\"kind\":\"changed\",\"values\":[\"2\"]}", accounts.get("keys").get(0).toString());
      assertEquals(1, accounts.get("keys").size());
      assertEquals(false, accounts.get("moreKeys").asBoolean());
    }
  }

  @OnOneServer
  void anInsertAndADeleteAreNamedAsKeysOnlyInOneSide(PgServer server) {
    try (TestDatabase db = accounts(server)) {
      // JSON Lines: the keys are read from the snapshot by the other format's parser.
      Path snapshot = export(db, "--format", "jsonl", "--compress", "gzip");
      db.execute(
          "DELETE FROM accounts WHERE id = 1", "INSERT INTO accounts VALUES (14, 'nina', 5)");

      Cli.Result compared = compare(db, snapshot, "--content", "--keys", "10");

      assertEquals(3, compared.exitCode(), compared::all);
      assertEquals(
          List.of("        only in snapshot: (id)=(1)", "        only in database: (id)=(14)"),
          keyLines(compared),
          compared::all);
    }
  }

  @OnOneServer
  void keysOfACompositePrimaryKeyAreNamedInKeyOrder(PgServer server) {
    try (TestDatabase db = server.createDatabase()) {
      db.execute(
          "CREATE TABLE stock (item text, region text, amount integer,"
              + " PRIMARY KEY (region, item))",
          "INSERT INTO stock VALUES ('bolt', 'eu', 5), ('bolt', 'us', 7), ('nut', 'eu', 9)");
      Path snapshot = export(db);
      db.execute("UPDATE stock SET amount = 8 WHERE item = 'bolt' AND region = 'us'");

      Cli.Result compared = compare(db, snapshot, "--content", "--keys", "10");

      assertEquals(3, compared.exitCode(), compared::all);
      assertEquals(
          List.of("        changed: (region, item)=(us, bolt)"), keyLines(compared), compared::all);
    }
  }

  @OnOneServer
  void keysStopAtTheAskedNumberAndSayMoreRowsDiffer(PgServer server) {
    try (TestDatabase db = accounts(server)) {
      Path snapshot = export(db);
      db.execute("UPDATE accounts SET balance = balance + 1");

      Cli.Result compared = compare(db, snapshot, "--content", "--keys", "2");

      // Which two of the three depends on their keys' buckets, not on their order.
      List<String> lines = keyLines(compared);
      assertEquals(3, compared.exitCode(), compared::all);
      assertEquals(3, lines.size(), compared::all);
      assertEquals(
          2,
          lines.stream()
              .limit(2)
              .filter(l -> l.matches(" {8}changed: \\(id\\)=\\([123]\\)"))
              .distinct()
              .count(),
          compared::all);
      assertEquals("        and more rows differ", lines.get(2), compared::all);
    }
  }

  @OnOneServer
  void aTableWhoseCountAlsoDiffersDiffersInRowsAndContent(PgServer server) {
    try (TestDatabase db = accounts(server)) {
      Path snapshot = export(db);
      db.execute("INSERT INTO accounts VALUES (4, 'dora', 0)");

      Cli.Result compared = compare(db, snapshot, "--content", "--keys", "10");

      assertEquals(3, compared.exitCode(), compared::all);
      assertTrue(
          compared
              .out()
              .contains(
                  "public.accounts              3              4          +1  rows differ,"
                      + " content differs"),
          compared::all);
      assertEquals(List.of("        only in database: (id)=(4)"), keyLines(compared));
    }
  }

  @OnOneServer
  void aTableWithoutAPrimaryKeySaysItsRowsCannotBeNamed(PgServer server) {
    try (TestDatabase db = accounts(server)) {
      Path snapshot = export(db);
      db.execute("UPDATE events SET what = 'logout' WHERE what = 'login'");

      Cli.Result compared = compare(db, snapshot, "--content", "--keys", "10");

      assertEquals(3, compared.exitCode(), compared::all);
      assertTrue(
          compared
              .out()
              .contains("        it has no primary key, so the rows that differ cannot be named"),
          compared::all);
    }
  }

  @OnOneServer
  void aSnapshotBeforeFormat5SaysContentNotComparedAndPasses(PgServer server) {
    try (TestDatabase db = accounts(server)) {
      Path snapshot = export(db);
      Tampering.withoutFingerprints(snapshot);

      Cli.Result compared = compare(db, snapshot, "--content");

      assertEquals(0, compared.exitCode(), compared::all);
      assertTrue(
          compared
              .out()
              .contains(
                  "content not compared:\n"
                      + "    2 tables: snapshot records no content fingerprints (manifest format"
                      + " 4; they came with format 5): public.accounts, public.events\n"),
          compared::all);
    }
  }

  @OnOneServer
  void aTableWhoseColumnsChangedSaysContentNotCompared(PgServer server) {
    try (TestDatabase db = accounts(server)) {
      Path snapshot = export(db);
      db.execute("ALTER TABLE events ADD COLUMN at date");

      Cli.Result compared = compare(db, snapshot, "--content");

      assertEquals(3, compared.exitCode(), compared::all);
      assertTrue(
          compared
              .out()
              .contains(
                  "content not compared:\n"
                      + "    public.events: its columns differ between snapshot and database\n"),
          compared::all);
    }
  }

  @OnOneServer
  void twoSnapshotsWithAChangedRowBetweenThemDifferInContent(PgServer server) {
    try (TestDatabase db = accounts(server)) {
      Path first = export(db);
      db.execute("UPDATE accounts SET owner = 'Bob' WHERE id = 2");
      Path second = export(db, "--format", "jsonl");

      Cli.Result compared = Cli.run("compare", first.toString(), second.toString(), "--quiet");

      assertEquals(3, compared.exitCode(), compared::all);
      assertEquals(
          List.of(
              "TABLE            A ROWS  B ROWS  DIFFERENCE  STATUS",
              "public.accounts       3       3           0  content differs"),
          compared.out().lines().limit(2).toList(),
          compared::all);
    }
  }

  @OnOneServer
  void twoSnapshotsSayWhenOneHasNoFingerprints(PgServer server) {
    try (TestDatabase db = accounts(server)) {
      Path first = export(db);
      Path second = export(db);
      Tampering.withoutFingerprints(first);

      Cli.Result compared = Cli.run("compare", first.toString(), second.toString());

      assertEquals(0, compared.exitCode(), compared::all);
      assertTrue(
          compared
              .out()
              .contains(
                  "    2 tables: A records no content fingerprints (manifest format 4; they"
                      + " came with format 5): public.accounts, public.events"),
          compared::all);
    }
  }

  @OnOneServer
  void senselessCombinationsAreRefusedAsUsageErrors(PgServer server) {
    try (TestDatabase db = accounts(server)) {
      Path snapshot = export(db);

      Cli.Result keysAlone = compare(db, snapshot, "--keys", "5");
      Cli.Result estimated = compare(db, snapshot, "--content", "--estimate");
      Cli.Result noKeys = compare(db, snapshot, "--content", "--keys", "0");
      Cli.Result offline =
          Cli.run("compare", snapshot.toString(), snapshot.toString(), "--content");

      assertEquals(
          List.of(2, 2, 2, 2),
          List.of(
              keysAlone.exitCode(), estimated.exitCode(), noKeys.exitCode(), offline.exitCode()));
      assertTrue(
          keysAlone.err().contains("--keys names the rows whose content differs; add --content"),
          keysAlone::all);
      assertTrue(
          estimated.err().contains("--content reads every row, so it cannot take counts from"),
          estimated::all);
      assertTrue(noKeys.err().contains("--keys N names at least 1 key, not 0"), noKeys::all);
      assertTrue(
          offline.err().contains("--content and --keys read the database; compare SNAPSHOT B"),
          offline::all);
    }
  }

  // ---------------------------------------------------------------------------------------------

  /** Accounts with a primary key, and events without one. */
  private static TestDatabase accounts(PgServer server) {
    TestDatabase db = server.createDatabase();
    db.execute(
        "CREATE TABLE accounts (id integer PRIMARY KEY, owner text, balance numeric(12,2))",
        "INSERT INTO accounts VALUES (1, 'ann', 10.50), (2, 'bob', 100.00), (3, 'cy', 0)",
        "CREATE TABLE events (what text)",
        "INSERT INTO events VALUES ('login'), ('view')");
    return db;
  }

  private Path export(TestDatabase db, String... options) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "export",
                "--quiet",
                "--url",
                db.uri(),
                "--out",
                out.resolve(db.name()).toString()));
    args.addAll(List.of(options));
    Cli.Result exported = Cli.run(args.toArray(String[]::new));
    assertEquals(0, exported.exitCode(), exported::all);
    return Path.of(exported.out().strip());
  }

  private static Cli.Result compare(TestDatabase db, Path snapshot, String... options) {
    return Cli.run(
        Stream.concat(
                Stream.of("compare", snapshot.toString(), "--url", db.uri()), Stream.of(options))
            .toArray(String[]::new));
  }

  /** The lines under a table in "content differs": its keys and what follows them. */
  private static List<String> keyLines(Cli.Result r) {
    return r.out().lines().filter(l -> l.startsWith("        ")).toList();
  }

  private static Map<String, JsonNode> recordedFingerprints(Path snapshot) throws IOException {
    Map<String, JsonNode> byTable = new TreeMap<>();
    for (JsonNode t : JSON.readTree(snapshot.resolve("manifest.json").toFile()).get("tables")) {
      byTable.put(t.get("schema").asText() + "." + t.get("name").asText(), t.get("fingerprint"));
    }
    return byTable;
  }
}
