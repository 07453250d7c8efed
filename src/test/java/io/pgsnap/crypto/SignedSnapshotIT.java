package io.pgsnap.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgsnap.testsupport.AcrossServers;
import io.pgsnap.testsupport.Cli;
import io.pgsnap.testsupport.OnOneServer;
import io.pgsnap.testsupport.PgServer;
import io.pgsnap.testsupport.Snapshots;
import io.pgsnap.testsupport.Tampering;
import io.pgsnap.testsupport.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13's signed snapshots, end to end: {@code export --sign-key} signs {@code SHA256SUMS} and
 * {@code manifest.json}; {@code verify} and {@code restore} with {@code --require-signature} accept
 * only a snapshot signed by that key and unchanged since, which checksums alone cannot prove; and
 * GnuPG checks both signatures without pgsnap. Alice signs; Bob is the other key.
 */
class SignedSnapshotIT extends WithTestKeys {
  @TempDir Path out;

  @AcrossServers
  void verifyWithRequireSignaturePassesASnapshotSignedByThatKey(PgServer server)
      throws IOException {
    try (TestDatabase source = notes(server)) {
      Path snapshot = exportSignedByAlice(source);

      Cli.Result verified = requireAlice("verify", snapshot);

      assertEquals(0, verified.exitCode(), verified::all);
      assertTrue(
          verified.out().startsWith("signature: good, by public key " + aliceKeyId()),
          verified.out());
    }
  }

  @OnOneServer
  void gpgVerifiesBothSignaturesAndSha256sumStillPasses(PgServer server)
      throws IOException, InterruptedException {
    try (TestDatabase source = notes(server)) {
      Path snapshot = exportSignedByAlice(source);

      Gpg.Run sums =
          keys.gpg().tryRun("--verify", sig(snapshot, "SHA256SUMS"), file(snapshot, "SHA256SUMS"));
      Gpg.Run manifest =
          keys.gpg()
              .tryRun("--verify", sig(snapshot, "manifest.json"), file(snapshot, "manifest.json"));

      assertEquals(0, sums.status(), sums.stderr());
      assertTrue(
          sums.stderr().contains("Good signature from \"Test <" + TestKeys.ALICE + ">\""),
          sums.stderr());
      assertEquals(0, manifest.status(), manifest.stderr());
      assertTrue(manifest.stderr().contains("Good signature"), manifest.stderr());
      assertEquals(0, sha256sumCheck(snapshot));
    }
  }

  @OnOneServer
  void verifyWithoutAKeySaysASignedSnapshotIsSignedButNotChecked(PgServer server)
      throws IOException {
    try (TestDatabase source = notes(server)) {
      Path snapshot = exportSignedByAlice(source);

      Cli.Result verified = Cli.run("verify", snapshot.toString());

      assertEquals(0, verified.exitCode(), verified::all);
      assertTrue(
          verified.out().startsWith("signed (not checked: pass --require-signature)\n"),
          verified.out());
    }
  }

  @AcrossServers
  void aByteChangedWithEveryChecksumRecomputedIsRefusedThoughPlainVerifyPasses(PgServer server)
      throws IOException {
    try (TestDatabase source = notes(server)) {
      Path snapshot = exportSignedByAlice(source, "--compress", "none");
      Tampering.editTableFile(snapshot, "notes", text -> text.replace("beta", "bEta"));

      Cli.Result plain = Cli.run("verify", snapshot.toString());
      Cli.Result required = requireAlice("verify", snapshot);

      assertEquals(0, plain.exitCode(), plain::all);
      assertEquals(3, required.exitCode(), required::all);
      assertTrue(
          required
              .out()
              .startsWith(
                  "SHA256SUMS.sig: SHA256SUMS was changed after it was signed by public key "
                      + aliceKeyId()),
          required.out());
      assertTrue(
          required
              .out()
              .contains(
                  "manifest.json.sig: manifest.json was changed after it was signed by public"
                      + " key "
                      + aliceKeyId()),
          required.out());
    }
  }

  @OnOneServer
  void anUnsignedSnapshotIsRefused(PgServer server) throws IOException {
    try (TestDatabase source = notes(server)) {
      Path snapshot = export(source);

      Cli.Result required = requireAlice("verify", snapshot);

      assertEquals(3, required.exitCode(), required::all);
      assertTrue(
          required
              .out()
              .startsWith(
                  "SHA256SUMS.sig: SHA256SUMS is not signed: it cannot be proven to come from the"
                      + " holder of public key "
                      + aliceKeyId()),
          required.out());
    }
  }

  @OnOneServer
  void aSnapshotSignedByAnotherKeyIsRefusedNamingThatKeysId(PgServer server) throws IOException {
    try (TestDatabase source = notes(server)) {
      Path snapshot = export(source, "--sign-key", keys.bobSecret().toString());

      Cli.Result required = requireAlice("verify", snapshot);

      assertEquals(3, required.exitCode(), required::all);
      assertTrue(
          required
              .out()
              .startsWith(
                  "SHA256SUMS.sig: SHA256SUMS is signed by key "
                      + keys.bobSecretKey().keyId()
                      + ", not by public key "
                      + aliceKeyId()),
          required.out());
    }
  }

  @OnOneServer
  void restoreWithRequireSignatureRestoresASnapshotSignedByThatKey(PgServer server)
      throws IOException, SQLException {
    try (TestDatabase source = notes(server);
        TestDatabase target = server.createDatabase()) {
      Path snapshot = exportSignedByAlice(source);

      Cli.Result restored = requireAlice("restore", snapshot, "--url", target.uri(), "--create");

      assertEquals(0, restored.exitCode(), restored::all);
      assertEquals(List.of("alpha", "beta", "gamma"), notesIn(target));
    }
  }

  @OnOneServer
  void drillWithRequireSignaturePassesASnapshotSignedByThatKey(PgServer server) throws IOException {
    try (TestDatabase source = notes(server)) {
      Path snapshot = exportSignedByAlice(source);

      Cli.Result drilled = requireAlice("drill", snapshot, "--url", source.uri(), "--quiet");

      assertEquals(0, drilled.exitCode(), drilled::all);
    }
  }

  @OnOneServer
  void drillWithRequireSignatureRefusesAnUnsignedSnapshotBeforeAnyServerIsStarted(PgServer server) {
    try (TestDatabase source = notes(server)) {
      Path snapshot = export(source);

      // No --url: passing the check would start a throwaway server, and print that it does.
      Cli.Result drilled = requireAlice("drill", snapshot);

      assertEquals(3, drilled.exitCode(), drilled::all);
      assertTrue(
          drilled
              .err()
              .startsWith(
                  "pgsnap: snapshot " + snapshot + " is refused, it must be signed by public key "),
          drilled::all);
      assertTrue(drilled.err().contains(": SHA256SUMS is not signed: "), drilled::all);
      assertEquals(1, drilled.err().lines().count(), drilled::all);
    }
  }

  @OnOneServer
  void restoreWithRequireSignatureOfAnAlteredSnapshotIsRefusedAndLeavesTheTargetUnchanged(
      PgServer server) throws IOException, SQLException {
    try (TestDatabase source = notes(server);
        TestDatabase target = server.createDatabase()) {
      target.execute(
          "CREATE TABLE notes (id integer PRIMARY KEY, note text)",
          "INSERT INTO notes VALUES (7, 'kept')");
      Path snapshot = exportSignedByAlice(source, "--compress", "none");
      Tampering.editTableFile(snapshot, "notes", text -> text.replace("beta", "bEta"));

      Cli.Result restored =
          requireAlice(
              "restore",
              snapshot,
              "--url",
              target.uri(),
              "--mode",
              "truncate",
              "--yes",
              "--no-safety-snapshot");

      assertEquals(3, restored.exitCode(), restored::all);
      assertTrue(
          restored
              .err()
              .contains(
                  "is refused, it must be signed by public key "
                      + aliceKeyId()
                      + " (Test <"
                      + TestKeys.ALICE
                      + ">) from "
                      + keys.alicePublic()
                      + ": SHA256SUMS was changed after it was signed"),
          restored.err());
      assertEquals(List.of("kept"), notesIn(target));
    }
  }

  @OnOneServer
  void aSignKeyThatNeedsAPassphraseAndGetsNoneIsRefusedBeforeAnythingIsExported(PgServer server) {
    try (TestDatabase source = notes(server)) {
      Path folder = out.resolve("no-passphrase");

      Cli.Result exported = exportTo(source, folder, "--sign-key", keys.aliceSecret().toString());

      assertEquals(8, exported.exitCode(), exported::all);
      assertTrue(
          exported.err().contains("is protected by a passphrase and none was given"),
          exported.err());
      assertFalse(Files.exists(folder));
    }
  }

  @OnOneServer
  void aWrongPassphraseForTheSignKeyIsRefusedBeforeAnythingIsExported(PgServer server)
      throws IOException {
    try (TestDatabase source = notes(server)) {
      Path folder = out.resolve("wrong-passphrase");

      Cli.Result exported =
          exportTo(
              source,
              folder,
              "--sign-key",
              keys.aliceSecret().toString(),
              "--passphrase-file",
              passphraseFile("not alice's passphrase"));

      assertEquals(8, exported.exitCode(), exported::all);
      assertTrue(exported.err().contains("the passphrase does not unlock"), exported.err());
      assertFalse(exported.all().contains("not alice's passphrase"));
      assertFalse(Files.exists(folder));
    }
  }

  @OnOneServer
  void aMissingPublicKeyFileIsAUsageErrorAndAnUnreadableOneAKeyError(PgServer server)
      throws IOException {
    try (TestDatabase source = notes(server)) {
      Path snapshot = exportSignedByAlice(source);
      Path garbage = Files.writeString(out.resolve("garbage.asc"), "not a key\n");

      Cli.Result missing =
          Cli.run(
              "verify",
              snapshot.toString(),
              "--require-signature",
              out.resolve("none.asc").toString());
      Cli.Result unreadable =
          Cli.run("verify", snapshot.toString(), "--require-signature", garbage.toString());

      assertEquals(2, missing.exitCode(), missing::all);
      assertTrue(
          missing
              .err()
              .contains(
                  "public key file "
                      + out.resolve("none.asc")
                      + " does not exist: check the path given to --require-signature"),
          missing.err());
      assertEquals(8, unreadable.exitCode(), unreadable::all);
    }
  }

  private static TestDatabase notes(PgServer server) {
    TestDatabase db = server.createDatabase();
    db.execute(
        "CREATE TABLE notes (id integer PRIMARY KEY, note text)",
        "INSERT INTO notes VALUES (1, 'alpha'), (2, 'beta'), (3, 'gamma')");
    return db;
  }

  private Path exportSignedByAlice(TestDatabase db, String... options) throws IOException {
    List<String> signed =
        new ArrayList<>(
            List.of(
                "--sign-key",
                keys.aliceSecret().toString(),
                "--passphrase-file",
                passphraseFile(TestKeys.ALICE_KEY_PASSPHRASE)));
    signed.addAll(List.of(options));
    Path snapshot = export(db, signed.toArray(String[]::new));
    assertEquals(
        List.of(
            "SHA256SUMS",
            "SHA256SUMS.sig",
            "manifest.json",
            "manifest.json.sig",
            "manifest.sha256",
            "tables"),
        Snapshots.entries(snapshot));
    return snapshot;
  }

  private Path export(TestDatabase db, String... options) {
    Cli.Result exported = exportTo(db, out.resolve(db.name()), options);
    assertEquals(0, exported.exitCode(), exported::all);
    return Path.of(exported.out().strip());
  }

  /** {@code pgsnap export --quiet} of {@code db}'s public tables into {@code folder}. */
  private static Cli.Result exportTo(TestDatabase db, Path folder, String... options) {
    List<String> args =
        new ArrayList<>(
            List.of("export", "--url", db.uri(), "--out", folder.toString(), "--quiet"));
    args.addAll(List.of(options));
    return Cli.run(args.toArray(String[]::new));
  }

  private static String aliceKeyId() {
    return keys.aliceSecretKey().keyId();
  }

  private static Cli.Result requireAlice(String command, Path snapshot, String... options) {
    List<String> args =
        new ArrayList<>(
            List.of(
                command,
                snapshot.toString(),
                "--require-signature",
                keys.alicePublic().toString()));
    args.addAll(List.of(options));
    return Cli.run(args.toArray(String[]::new));
  }

  private static String sig(Path snapshot, String file) {
    return snapshot.resolve(file + ".sig").toString();
  }

  private static String file(Path snapshot, String file) {
    return snapshot.resolve(file).toString();
  }

  private static int sha256sumCheck(Path snapshot) throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder("sha256sum", "--quiet", "-c", "SHA256SUMS")
            .directory(snapshot.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    assertTrue(process.waitFor(60, TimeUnit.SECONDS));
    return process.exitValue();
  }

  private static List<String> notesIn(TestDatabase db) throws SQLException {
    List<String> notes = new ArrayList<>();
    try (Connection c = db.connect();
        ResultSet rs = c.createStatement().executeQuery("SELECT note FROM notes ORDER BY id")) {
      while (rs.next()) {
        notes.add(rs.getString(1));
      }
    }
    return notes;
  }
}
