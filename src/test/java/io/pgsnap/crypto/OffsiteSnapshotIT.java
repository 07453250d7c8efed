package io.pgsnap.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pgsnap.storage.S3Location;
import io.pgsnap.testsupport.Cli;
import io.pgsnap.testsupport.DatabaseContents;
import io.pgsnap.testsupport.OnOneServer;
import io.pgsnap.testsupport.PgServer;
import io.pgsnap.testsupport.S3Server;
import io.pgsnap.testsupport.TestDatabase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Encryption, signatures and object storage together, as a nightly off-site backup uses them:
 * {@code export --encrypt --sign-key --out s3://...} uploads only ciphertext, is checked from the
 * bucket without the key, and restores exactly on a machine that has the key.
 */
class OffsiteSnapshotIT extends WithTestKeys {
  private static final String BUCKET = "offsite-test";
  private static final String ROW_VALUE = "offsite-row-sentinel-3k8";
  private static final String DEFAULT_TEXT = "offsite-default-sentinel-p1v";

  @RegisterExtension static final S3Server s3 = S3Server.perClass(BUCKET);

  @OnOneServer
  void anEncryptedSignedExportToABucketUploadsOnlyCiphertextAndRestoresExactlyWithTheKey(
      PgServer server) throws IOException {
    try (TestDatabase source = server.createDatabase();
        TestDatabase target = server.createDatabase()) {
      source.execute(
          "CREATE TABLE accounts (id int PRIMARY KEY, owner text DEFAULT '" + DEFAULT_TEXT + "')",
          "INSERT INTO accounts SELECT g, '" + ROW_VALUE + "' || g FROM generate_series(1, 500) g");
      // The backup host holds only Bob's public key (no way to read what it wrote) and Alice's
      // signing key, unlocked by a passphrase of its own that encrypts nothing.
      String signingPassphrase = passphraseFile(TestKeys.ALICE_KEY_PASSPHRASE);
      S3Location prefix = new S3Location(BUCKET, "nightly");

      Cli.Result exported =
          s3.cli(
              "export",
              "--url",
              source.uri(),
              "--out",
              prefix.toString(),
              "--encrypt",
              "--recipient",
              keys.bobPublic().toString(),
              "--sign-key",
              keys.aliceSecret().toString(),
              "--sign-passphrase-file",
              signingPassphrase,
              "--quiet");
      assertEquals(0, exported.exitCode(), exported::all);
      String location = exported.out().strip();
      String id = location.substring(location.lastIndexOf('/') + 1);

      List<String> stored = s3.keys(BUCKET);
      assertEquals(
          List.of(
              "SHA256SUMS",
              "SHA256SUMS.sig",
              "manifest.json",
              "manifest.json.sig",
              "manifest.private.json.gpg",
              "manifest.sha256",
              "tables/public.accounts.csv.zst.gpg"),
          stored.stream()
              .map(k -> k.substring(("nightly/" + id + "/").length()))
              .sorted()
              .toList());
      JsonNode encryption =
          new ObjectMapper()
              .readTree(s3.get(new S3Location(BUCKET, "nightly/" + id + "/manifest.json")))
              .get("encryption");
      assertFalse(encryption.get("passphrase").asBoolean(), encryption::toString);
      assertEquals(1, encryption.get("recipients").size(), encryption::toString);
      for (String key : stored) {
        String bytes = new String(s3.get(new S3Location(BUCKET, key)), StandardCharsets.ISO_8859_1);
        assertFalse(bytes.contains(ROW_VALUE), key + " reveals a row");
        assertFalse(bytes.contains(DEFAULT_TEXT), key + " reveals a default expression");
      }

      Cli.Result verified =
          s3.cli("verify", location, "--require-signature", keys.alicePublic().toString());
      String before = DatabaseContents.of(target);
      Cli.Result withoutKey = s3.cli("restore", location, "--url", target.uri(), "--create");
      String afterRefusal = DatabaseContents.of(target);
      Cli.Result restored =
          s3.cli(
              "restore",
              location,
              "--url",
              target.uri(),
              "--create",
              "--secret-key",
              keys.bobSecret().toString(),
              "--require-signature",
              keys.alicePublic().toString());

      assertEquals(0, verified.exitCode(), verified::all);
      assertTrue(verified.out().contains(": OK ("), verified.out());
      assertEquals(8, withoutKey.exitCode(), withoutKey::all);
      assertEquals(before, afterRefusal, "the refused restore changed the target");
      assertEquals(0, restored.exitCode(), restored::all);
      assertEquals(DatabaseContents.rows(source), DatabaseContents.rows(target));
      assertFalse(Files.exists(Path.of("s3:")), "a local folder named s3: was created");
    }
  }
}
