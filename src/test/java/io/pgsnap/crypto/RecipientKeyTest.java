package io.pgsnap.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgsnap.ErrorCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecipientKeyTest {
  @TempDir static Path folder;
  static Gpg gpg;

  @BeforeAll
  static void startGpg() throws IOException {
    gpg = Gpg.in(folder.resolve("gnupg"));
  }

  @AfterAll
  static void stopAgent() throws Exception {
    gpg.close();
  }

  private static Path key(String email, String algo, String usage, String expiry)
      throws IOException {
    gpg.run("--passphrase", "", "--quick-gen-key", "T <" + email + ">", algo, usage, expiry);
    return gpg.exportPublic(email, folder.resolve(email + ".asc"));
  }

  @Test
  void theEncryptionSubkeyIsChosenNotThePrimaryKey() throws IOException {
    Path file = key("sub@example.org", "future-default", "default", "never");
    RecipientKey recipient = RecipientKey.read(file, Instant.now());
    assertNotEquals(gpg.fingerprint("sub@example.org").substring(24), recipient.keyId());
    assertTrue(
        gpg.run("--with-colons", "--list-keys", "sub@example.org")
            .contains(":" + recipient.keyId() + ":"),
        "the chosen key is one of the certificate's keys");
  }

  @Test
  void aKeyThatCannotEncryptIsRefusedNamingTheFileAndTheKey() throws IOException {
    Path file = key("signonly@example.org", "ed25519", "sign", "never");
    WrongKeyException e =
        assertThrows(WrongKeyException.class, () -> RecipientKey.read(file, Instant.now()));
    assertEquals(ErrorCode.KEY, e.code());
    String keyId = gpg.fingerprint("signonly@example.org").substring(24);
    assertEquals(
        "recipient "
            + file
            + ": the key has no subkey that may encrypt ("
            + keyId
            + " (T <signonly@example.org>)); give a current public key that can encrypt (gpg"
            + " --armor --export)",
        e.getMessage());
  }

  @Test
  void anExpiredKeyIsRefused() throws IOException {
    Path file = key("expiring@example.org", "future-default", "default", "1d");
    WrongKeyException e =
        assertThrows(
            WrongKeyException.class,
            () -> RecipientKey.read(file, Instant.now().plusSeconds(3 * 86400)));
    assertTrue(
        e.getMessage().startsWith("recipient " + file + ": the key expired on "), e.getMessage());
  }

  @Test
  void aRevokedKeyIsRefused() throws IOException {
    String email = "revoked@example.org";
    key(email, "future-default", "default", "never");
    String fingerprint = gpg.fingerprint(email);
    Path certificate = folder.resolve("gnupg/openpgp-revocs.d/" + fingerprint + ".rev");
    Path revocation =
        Files.writeString(
            folder.resolve("revoke.asc"),
            Files.readString(certificate).replace(":-----BEGIN", "-----BEGIN"));
    gpg.run("--import", revocation.toString());
    Path file = gpg.exportPublic(email, folder.resolve("revoked.asc"));
    WrongKeyException e =
        assertThrows(WrongKeyException.class, () -> RecipientKey.read(file, Instant.now()));
    assertTrue(
        e.getMessage().startsWith("recipient " + file + ": the key is revoked ("), e.getMessage());
  }

  @Test
  void aSecretKeyFileIsRefusedAsARecipient() throws IOException {
    String email = "secret@example.org";
    gpg.makeKey(email, "");
    Path file = gpg.exportSecret(email, "", folder.resolve("secret.asc"));
    WrongKeyException e =
        assertThrows(WrongKeyException.class, () -> RecipientKey.read(file, Instant.now()));
    assertEquals(
        file
            + " does not hold an OpenPGP public key: it is a secret key; give the public key (gpg"
            + " --armor --export)",
        e.getMessage());
  }

  @Test
  void aMissingKeyFileIsRefusedNamingIt() {
    Path file = folder.resolve("nobody.asc");
    WrongKeyException e =
        assertThrows(WrongKeyException.class, () -> RecipientKey.read(file, Instant.now()));
    assertEquals("public key file " + file + " does not exist: check its path", e.getMessage());
  }
}
