package io.pgsnap.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pgsnap.snapshot.Compression;
import io.pgsnap.testsupport.Cli;
import io.pgsnap.testsupport.OnOneServer;
import io.pgsnap.testsupport.PgServer;
import io.pgsnap.testsupport.Tampering;
import io.pgsnap.testsupport.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code export --encrypt} end to end: what an encrypted snapshot reveals without the key, that
 * {@code gpg} reads its files, and that every command that reads its content needs the key and
 * refuses a wrong one before the database is touched.
 */
class EncryptedSnapshotIT extends WithTestKeys {
  private static final String PASSPHRASE = "correct horse battery staple";
  private static final String ROW_VALUE = "row-sentinel-7q2w";
  private static final String DEFAULT_TEXT = "default-sentinel-x9k";
  private static final String COMMENT_TEXT = "comment-sentinel-m4z";
  private static final String SEQUENCE_VALUE = "424242";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path out;

  private int exports;

  @OnOneServer
  void anEncryptedExportHoldsNoPlaintextRowDefaultCommentSequenceValueOrFingerprintAnywhere(
      PgServer server) throws IOException {
    try (TestDatabase source = customers(server)) {
      Path snapshot = export(source, "--encrypt", "--passphrase-file", passphraseFile(PASSPHRASE));

      List<String> secrets = new ArrayList<>(List.of(ROW_VALUE, DEFAULT_TEXT, COMMENT_TEXT));
      secrets.add(SEQUENCE_VALUE);
      JsonNode complete = privateManifest(snapshot, PASSPHRASE);
      complete.get("tables").forEach(t -> secrets.add(t.get("fingerprint").get("sum").asText()));
      List<String> files = files(snapshot);
      for (String file : files) {
        String bytes =
            new String(Files.readAllBytes(snapshot.resolve(file)), StandardCharsets.ISO_8859_1);
        for (String secret : secrets) {
          assertFalse(bytes.contains(secret), file + " reveals " + secret);
        }
      }
      assertEquals(
          List.of(
              "SHA256SUMS",
              "manifest.json",
              "manifest.private.json.gpg",
              "manifest.sha256",
              "tables/public.customers.csv.zst.gpg"),
          files);
      assertTrue(complete.toString().contains(DEFAULT_TEXT), "the complete manifest has it all");
      assertEquals(0, sha256sumCheck(snapshot), "sha256sum -c SHA256SUMS");
    }
  }

  @OnOneServer
  void gpgDecryptsATableFileWithThePassphraseIntoItsGzipStream(PgServer server) throws IOException {
    try (TestDatabase source = customers(server)) {
      Path snapshot =
          export(
              source,
              "--encrypt",
              "--passphrase-file",
              passphraseFile(PASSPHRASE),
              "--compress",
              "gzip");
      Path file = snapshot.resolve("tables/public.customers.csv.gz.gpg");

      byte[] stream = gpgDecrypt(file, PASSPHRASE);

      assertArrayEquals(new byte[] {0x1f, (byte) 0x8b}, java.util.Arrays.copyOf(stream, 2));
      assertTrue(decompressed(Compression.GZIP, stream).contains("1," + ROW_VALUE));
    }
  }

  @OnOneServer
  void gpgDecryptsATableFileWithTheRecipientsSecretKeyIntoItsZstdStream(PgServer server)
      throws IOException {
    try (TestDatabase source = customers(server)) {
      Path snapshot = export(source, "--encrypt", "--recipient", keys.alicePublic().toString());
      Path file = snapshot.resolve("tables/public.customers.csv.zst.gpg");

      byte[] stream = gpgDecrypt(file, TestKeys.ALICE_KEY_PASSPHRASE);

      assertArrayEquals(
          new byte[] {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd}, java.util.Arrays.copyOf(stream, 4));
      assertTrue(decompressed(Compression.ZSTD, stream).contains("1," + ROW_VALUE));
    }
  }

  @OnOneServer
  void aRestoreWithThePassphraseOrTheRecipientsSecretKeyIsExact(PgServer server)
      throws SQLException {
    try (TestDatabase source = customers(server);
        TestDatabase byPassphrase = server.createDatabase();
        TestDatabase byKey = server.createDatabase()) {
      String passphrase = passphraseFile(PASSPHRASE);
      Path snapshot =
          export(
              source,
              "--encrypt",
              "--passphrase-file",
              passphrase,
              "--recipient",
              keys.bobPublic().toString());

      Cli.Result first =
          Cli.run(
              "restore",
              snapshot.toString(),
              "--url",
              byPassphrase.uri(),
              "--create",
              "--passphrase-file",
              passphrase);
      Cli.Result second =
          Cli.run(
              "restore",
              snapshot.toString(),
              "--url",
              byKey.uri(),
              "--create",
              "--secret-key",
              keys.bobSecret().toString());

      assertEquals(0, first.exitCode(), first::all);
      assertEquals(0, second.exitCode(), second::all);
      for (TestDatabase target : List.of(byPassphrase, byKey)) {
        Cli.Result compared =
            Cli.run(
                "compare",
                snapshot.toString(),
                "--url",
                target.uri(),
                "--content",
                "--passphrase-file",
                passphrase);
        assertEquals(0, compared.exitCode(), compared::all);
        assertEquals(Long.parseLong(SEQUENCE_VALUE) + 1, nextId(target));
      }
    }
  }

  @OnOneServer
  void aRestoreWithoutTheKeyOrWithAWrongOneExits8AndLeavesTheTargetUnchanged(PgServer server)
      throws SQLException {
    try (TestDatabase source = customers(server);
        TestDatabase target = server.createDatabase()) {
      Path snapshot = export(source, "--encrypt", "--passphrase-file", passphraseFile(PASSPHRASE));
      String restore = "restore";

      Cli.Result withoutKey =
          Cli.run(restore, snapshot.toString(), "--url", target.uri(), "--create");
      Cli.Result wrongPassphrase =
          Cli.run(
              restore,
              snapshot.toString(),
              "--url",
              target.uri(),
              "--create",
              "--passphrase-file",
              passphraseFile("not the passphrase"));
      Cli.Result otherKey =
          Cli.run(
              restore,
              snapshot.toString(),
              "--url",
              target.uri(),
              "--create",
              "--secret-key",
              keys.bobSecret().toString());

      assertEquals(8, withoutKey.exitCode(), withoutKey::all);
      assertTrue(
          withoutKey
              .err()
              .contains(
                  "snapshot "
                      + snapshot
                      + " is encrypted and no key was given: give its passphrase"
                      + " (PGSNAP_PASSPHRASE or --passphrase-file FILE)"),
          withoutKey.err());
      assertEquals(8, wrongPassphrase.exitCode(), wrongPassphrase::all);
      assertTrue(
          wrongPassphrase.err().contains("the passphrase does not open manifest.private.json.gpg"),
          wrongPassphrase.err());
      assertEquals(8, otherKey.exitCode(), otherKey::all);
      assertFalse(wrongPassphrase.all().contains("not the passphrase"));
      assertEquals(0, tables(target));
    }
  }

  @OnOneServer
  void verifyListAndStatusPassWithoutTheKeyAndVerifyDeepNeedsIt(PgServer server) {
    try (TestDatabase source = customers(server)) {
      String passphrase = passphraseFile(PASSPHRASE);
      Path snapshot = export(source, "--encrypt", "--passphrase-file", passphrase);

      Cli.Result verify = Cli.run("verify", snapshot.toString());
      Cli.Result list = Cli.run("list", snapshot.getParent().toString());
      Cli.Result status = Cli.run("status", snapshot.getParent().toString());
      Cli.Result deepWithoutKey = Cli.run("verify", snapshot.toString(), "--deep");
      Cli.Result deep =
          Cli.run("verify", snapshot.toString(), "--deep", "--passphrase-file", passphrase);

      assertEquals(0, verify.exitCode(), verify::all);
      assertEquals(0, list.exitCode(), list::all);
      assertTrue(list.out().contains(snapshot.getFileName().toString()), list::all);
      assertEquals(0, status.exitCode(), status::all);
      assertEquals(8, deepWithoutKey.exitCode(), deepWithoutKey::all);
      assertEquals(0, deep.exitCode(), deep::all);
    }
  }

  @OnOneServer
  void aByteChangedAtTheEndOfATableFileWithEveryChecksumResealedFailsTheRestoreWith3(
      PgServer server) throws IOException, SQLException {
    try (TestDatabase source = customers(server);
        TestDatabase target = server.createDatabase()) {
      String passphrase = passphraseFile(PASSPHRASE);
      Path snapshot = export(source, "--encrypt", "--passphrase-file", passphrase);
      target.execute(
          "CREATE TABLE customers (id serial PRIMARY KEY, name text, note text)",
          "INSERT INTO customers VALUES (100, 'kept', null)");
      flipLastByteResealingEverything(snapshot, "tables/public.customers.csv.zst.gpg");

      Cli.Result restored =
          Cli.run(
              "restore",
              snapshot.toString(),
              "--url",
              target.uri(),
              "--mode",
              "append",
              "--passphrase-file",
              passphrase);

      assertEquals(3, restored.exitCode(), restored::all);
      assertTrue(
          restored
              .err()
              .contains(
                  "tables/public.customers.csv.zst.gpg fails its OpenPGP integrity check: its"
                      + " modification detection code does not match"),
          restored.err());
      assertEquals(List.of(100L), ids(target));
    }
  }

  @OnOneServer
  void drillAndInspectDdlReadAnEncryptedSnapshotWithTheKey(PgServer server) {
    try (TestDatabase source = customers(server)) {
      String passphrase = passphraseFile(PASSPHRASE);
      Path snapshot = export(source, "--encrypt", "--passphrase-file", passphrase);

      Cli.Result drill =
          Cli.run("drill", snapshot.toString(), "--passphrase-file", passphrase, "--quiet");
      Cli.Result ddl =
          Cli.run(
              "inspect",
              snapshot.toString(),
              "--ddl",
              "public.customers",
              "--passphrase-file",
              passphrase);
      Cli.Result ddlWithoutKey =
          Cli.run("inspect", snapshot.toString(), "--ddl", "public.customers");

      assertEquals(0, drill.exitCode(), drill::all);
      assertEquals(0, ddl.exitCode(), ddl::all);
      assertTrue(ddl.out().contains(DEFAULT_TEXT), ddl::all);
      assertEquals(8, ddlWithoutKey.exitCode(), ddlWithoutKey::all);
    }
  }

  @OnOneServer
  void inspectWithoutTheKeyDescribesWhatStaysReadableAndNothingElse(PgServer server) {
    try (TestDatabase source = customers(server)) {
      Path snapshot = export(source, "--encrypt", "--passphrase-file", passphraseFile(PASSPHRASE));

      Cli.Result described = Cli.run("inspect", snapshot.toString());

      assertEquals(0, described.exitCode(), described::all);
      assertTrue(
          described.out().contains("\nEncrypted   yes, opened by a passphrase\n"), described::all);
      assertTrue(described.out().contains("public.customers  ordinary     2  "), described::all);
      assertTrue(
          described
              .out()
              .endsWith(
                  "\nsequences: encrypted, as are columns and DDL (give the key to see them)\n"),
          described::all);
      for (String secret : List.of(ROW_VALUE, DEFAULT_TEXT, COMMENT_TEXT, SEQUENCE_VALUE)) {
        assertFalse(described.out().contains(secret), secret);
      }
    }
  }

  private static TestDatabase customers(PgServer server) {
    TestDatabase db = server.createDatabase();
    db.execute(
        "CREATE TABLE customers (id serial PRIMARY KEY, name text DEFAULT '"
            + DEFAULT_TEXT
            + "', note text)",
        "COMMENT ON TABLE customers IS '" + COMMENT_TEXT + "'",
        "INSERT INTO customers (id, name, note) VALUES (1, '"
            + ROW_VALUE
            + "', 'second value'), (2, 'plain', NULL)",
        "SELECT setval('customers_id_seq', " + SEQUENCE_VALUE + ")");
    return db;
  }

  /** {@code pgsnap export} of {@code db} with {@code options}, into a folder of its own. */
  private Path export(TestDatabase db, String... options) {
    Path folder = out.resolve("snapshots-" + exports++);
    String[] args =
        Stream.concat(
                Stream.of("export", "--quiet", "--out", folder.toString(), "--url", db.uri()),
                Stream.of(options))
            .toArray(String[]::new);
    Cli.Result exported = Cli.run(args);
    assertEquals(0, exported.exitCode(), exported::all);
    return Path.of(exported.out().strip());
  }

  private static JsonNode privateManifest(Path snapshot, String passphrase) throws IOException {
    return JSON.readTree(decrypt(snapshot.resolve("manifest.private.json.gpg"), passphrase));
  }

  private static byte[] decrypt(Path file, String passphrase) throws IOException {
    Decryption decryption = new Decryption(Optional.of(Passphrase.of(passphrase)), List.of());
    try (InputStream in = decryption.decrypt(Files.newInputStream(file), file.toString())) {
      return in.readAllBytes();
    }
  }

  private static byte[] encrypt(byte[] plaintext, String passphrase) throws IOException {
    ByteArrayOutputStream ciphertext = new ByteArrayOutputStream();
    Encryption encryption = new Encryption(Optional.of(Passphrase.of(passphrase)), List.of());
    try (OutputStream o = encryption.encrypt(ciphertext)) {
      o.write(plaintext);
    }
    return ciphertext.toByteArray();
  }

  /**
   * Changes the last byte of {@code path}'s ciphertext and reseals every checksum above it, in both
   * manifests, as a forger who holds the key could: only the OpenPGP integrity check at the end of
   * the file still tells.
   */
  private static void flipLastByteResealingEverything(Path snapshot, String path)
      throws IOException {
    Path file = snapshot.resolve(path);
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length - 1] ^= 0x01;
    Files.write(file, bytes);
    String sha256 = Tampering.sha256(bytes);
    String sums =
        Files.readString(snapshot.resolve("SHA256SUMS"))
            .replaceFirst("[0-9a-f]{64}(?=  " + java.util.regex.Pattern.quote(path) + ")", sha256);
    String overall = Tampering.sha256(sums.getBytes(StandardCharsets.UTF_8));
    ObjectNode complete = (ObjectNode) privateManifest(snapshot, PASSPHRASE);
    ((ObjectNode) complete.get("tables").get(0)).put("sha256", sha256);
    complete.put("overallChecksum", overall);
    byte[] sealed = encrypt(JSON.writeValueAsBytes(complete), PASSPHRASE);
    Files.write(snapshot.resolve("manifest.private.json.gpg"), sealed);
    Tampering.editManifest(
        snapshot,
        m -> {
          ((ObjectNode) m.get("tables").get(0)).put("sha256", sha256);
          ((ObjectNode) m.get("encryption"))
              .put("sha256", Tampering.sha256(sealed))
              .put("storedBytes", sealed.length);
        },
        true);
  }

  private static byte[] gpgDecrypt(Path file, String passphrase) throws IOException {
    Path decrypted = file.resolveSibling(file.getFileName() + ".out");
    keys.gpg()
        .run(
            "--passphrase",
            passphrase,
            "--output",
            decrypted.toString(),
            "--decrypt",
            file.toString());
    byte[] bytes = Files.readAllBytes(decrypted);
    Files.delete(decrypted);
    return bytes;
  }

  private static String decompressed(Compression compression, byte[] stream) throws IOException {
    try (InputStream in = compression.decompress(new java.io.ByteArrayInputStream(stream))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static List<String> files(Path snapshot) throws IOException {
    try (Stream<Path> paths = Files.walk(snapshot)) {
      return paths
          .filter(Files::isRegularFile)
          .map(p -> snapshot.relativize(p).toString())
          .sorted()
          .toList();
    }
  }

  private static int sha256sumCheck(Path snapshot) throws IOException {
    try {
      Process p =
          new ProcessBuilder("sha256sum", "--quiet", "-c", "SHA256SUMS")
              .directory(snapshot.toFile())
              .redirectErrorStream(true)
              .start();
      p.getInputStream().readAllBytes();
      return p.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  private static long nextId(TestDatabase db) throws SQLException {
    return single(db, "SELECT nextval('customers_id_seq')");
  }

  private static long tables(TestDatabase db) throws SQLException {
    return single(db, "SELECT count(*) FROM pg_class WHERE relnamespace = 'public'::regnamespace");
  }

  private static List<Long> ids(TestDatabase db) throws SQLException {
    List<Long> ids = new ArrayList<>();
    try (Connection c = db.connect();
        ResultSet rs = c.createStatement().executeQuery("SELECT id FROM customers ORDER BY id")) {
      while (rs.next()) {
        ids.add(rs.getLong(1));
      }
    }
    return ids;
  }

  private static long single(TestDatabase db, String sql) throws SQLException {
    try (Connection c = db.connect();
        ResultSet rs = c.createStatement().executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
