package io.pgsnap.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgsnap.ErrorCode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EncryptionTest extends WithTestKeys {
  private static final byte[] PLAINTEXT =
      "id,name\n1,a secret row\n2,another secret row\n"
          .repeat(500)
          .getBytes(StandardCharsets.UTF_8);
  private static final Passphrase PASSPHRASE = Passphrase.of("correct horse battery staple");

  private static RecipientKey alice() {
    return RecipientKey.read(keys.alicePublic(), Instant.now());
  }

  static byte[] encrypt(Encryption encryption, byte[] plaintext) throws IOException {
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    try (OutputStream out = encryption.encrypt(sink)) {
      out.write(plaintext);
    }
    return sink.toByteArray();
  }

  static byte[] decrypt(Decryption decryption, byte[] ciphertext) throws IOException {
    try (InputStream in =
        decryption.decrypt(new ByteArrayInputStream(ciphertext), "t.csv.zst.gpg")) {
      return in.readAllBytes();
    }
  }

  private static Decryption withPassphrase(Passphrase passphrase) {
    return new Decryption(Optional.of(passphrase), List.of());
  }

  private static Decryption withKey(SecretKey key) {
    return new Decryption(Optional.empty(), List.of(key));
  }

  private static byte[] passphraseMessage() throws IOException {
    return encrypt(new Encryption(Optional.of(PASSPHRASE), List.of()), PLAINTEXT);
  }

  private static byte[] aliceMessage() throws IOException {
    return encrypt(new Encryption(Optional.empty(), List.of(alice())), PLAINTEXT);
  }

  @Test
  void aFileEncryptedWithAPassphraseDecryptsWithIt() throws IOException {
    assertArrayEquals(PLAINTEXT, decrypt(withPassphrase(PASSPHRASE), passphraseMessage()));
  }

  @Test
  void aFileEncryptedToARecipientDecryptsWithTheirSecretKey() throws IOException {
    assertArrayEquals(PLAINTEXT, decrypt(withKey(keys.aliceSecretKey()), aliceMessage()));
  }

  @Test
  void aFileEncryptedWithBothOpensWithThePassphraseAlone() throws IOException {
    byte[] both = encrypt(new Encryption(Optional.of(PASSPHRASE), List.of(alice())), PLAINTEXT);
    assertArrayEquals(PLAINTEXT, decrypt(withPassphrase(PASSPHRASE), both));
  }

  @Test
  void aFileEncryptedWithBothOpensWithTheSecretKeyAlone() throws IOException {
    byte[] both = encrypt(new Encryption(Optional.of(PASSPHRASE), List.of(alice())), PLAINTEXT);
    assertArrayEquals(PLAINTEXT, decrypt(withKey(keys.aliceSecretKey()), both));
  }

  @Test
  void aFileEncryptedToTwoRecipientsOpensWithEitherKey() throws IOException {
    RecipientKey bob = RecipientKey.read(keys.bobPublic(), Instant.now());
    byte[] two = encrypt(new Encryption(Optional.empty(), List.of(alice(), bob)), PLAINTEXT);
    assertArrayEquals(PLAINTEXT, decrypt(withKey(keys.bobSecretKey()), two));
    assertArrayEquals(PLAINTEXT, decrypt(withKey(keys.aliceSecretKey()), two));
  }

  @Test
  void theCiphertextHoldsNoPlaintext() throws IOException {
    byte[] message = encrypt(new Encryption(Optional.of(PASSPHRASE), List.of(alice())), PLAINTEXT);
    String asText = new String(message, StandardCharsets.ISO_8859_1);
    assertFalse(asText.contains("secret row"), "the plaintext shows in the ciphertext");
  }

  @Test
  void anEmptyFileRoundTrips() throws IOException {
    byte[] message = encrypt(new Encryption(Optional.of(PASSPHRASE), List.of()), new byte[0]);
    assertArrayEquals(new byte[0], decrypt(withPassphrase(PASSPHRASE), message));
  }

  @Test
  void encryptingWithoutKeyMaterialIsRefused() {
    WrongKeyException e =
        assertThrows(WrongKeyException.class, () -> new Encryption(Optional.empty(), List.of()));
    assertEquals(ErrorCode.KEY, e.code());
    assertEquals(
        "encryption needs key material and none was given: set PGSNAP_PASSPHRASE, give a"
            + " passphrase file, or give a recipient's public key",
        e.getMessage());
  }

  @Test
  void aWrongPassphraseIsRefusedBeforeAnyPlaintext() throws IOException {
    byte[] message = passphraseMessage();
    Decryption wrong = withPassphrase(Passphrase.of("wrong horse"));
    WrongKeyException e =
        assertThrows(
            WrongKeyException.class,
            () -> wrong.decrypt(new ByteArrayInputStream(message), "t.csv.zst.gpg"));
    assertEquals(
        "the passphrase does not open t.csv.zst.gpg: give the passphrase it was encrypted with"
            + " (PGSNAP_PASSPHRASE or a passphrase file)",
        e.getMessage());
  }

  @Test
  void aWrongPassphraseIsRefusedWhenTheFileAlsoHasARecipient() throws IOException {
    byte[] both = encrypt(new Encryption(Optional.of(PASSPHRASE), List.of(alice())), PLAINTEXT);
    Decryption wrong = withPassphrase(Passphrase.of("wrong horse"));
    assertThrows(
        WrongKeyException.class,
        () -> wrong.decrypt(new ByteArrayInputStream(both), "t.csv.zst.gpg"));
  }

  @Test
  void anotherSecretKeyIsRefusedBeforeAnyPlaintextNamingTheKeys() throws IOException {
    byte[] message = aliceMessage();
    SecretKey bob = keys.bobSecretKey();
    WrongKeyException e =
        assertThrows(
            WrongKeyException.class,
            () -> withKey(bob).decrypt(new ByteArrayInputStream(message), "t.csv.zst.gpg"));
    assertEquals(
        "t.csv.zst.gpg is encrypted for key "
            + alice().keyId()
            + ", and secret key "
            + bob.keyId()
            + " ("
            + keys.bobSecret()
            + ") does not open it: give the passphrase (PGSNAP_PASSPHRASE or a passphrase file) or the"
            + " secret key it was encrypted for",
        e.getMessage());
  }

  @Test
  void aPassphraseAndAnotherKeyForARecipientOnlyFileAreRefusedNamingBoth() throws IOException {
    byte[] message = aliceMessage();
    SecretKey bob = keys.bobSecretKey();
    Decryption both = new Decryption(Optional.of(PASSPHRASE), List.of(bob));
    WrongKeyException e =
        assertThrows(
            WrongKeyException.class,
            () -> both.decrypt(new ByteArrayInputStream(message), "t.csv.zst.gpg"));
    assertTrue(
        e.getMessage()
            .startsWith(
                "t.csv.zst.gpg is encrypted for key "
                    + alice().keyId()
                    + ", and none of the passphrase, secret key "
                    + bob.keyId()
                    + " ("
                    + keys.bobSecret()
                    + ") opens it: "),
        e.getMessage());
  }

  @Test
  void noKeyMaterialIsRefusedBeforeAnyPlaintext() throws IOException {
    byte[] message = passphraseMessage();
    Decryption none = new Decryption(Optional.empty(), List.of());
    WrongKeyException e =
        assertThrows(
            WrongKeyException.class,
            () -> none.decrypt(new ByteArrayInputStream(message), "t.csv.zst.gpg"));
    assertEquals(
        "t.csv.zst.gpg is encrypted for a passphrase, and no passphrase or secret key was given"
            + " that opens it: give the passphrase (PGSNAP_PASSPHRASE or a passphrase file) or the"
            + " secret key it was encrypted for",
        e.getMessage());
  }

  @Test
  void aSecretKeyWithAWrongPassphraseIsRefusedNamingTheKeyFile() throws IOException {
    byte[] message = aliceMessage();
    SecretKey locked = SecretKey.read(keys.aliceSecret(), Optional.of(Passphrase.of("not it")));
    WrongKeyException e =
        assertThrows(
            WrongKeyException.class,
            () -> withKey(locked).decrypt(new ByteArrayInputStream(message), "t.csv.zst.gpg"));
    assertEquals(
        "the passphrase does not unlock secret key "
            + alice().keyId()
            + " in "
            + keys.aliceSecret()
            + ": give the passphrase of that key (PGSNAP_PASSPHRASE or a passphrase file)",
        e.getMessage());
  }

  @Test
  void oneFlippedByteFailsTheIntegrityCheckInsteadOfEndingTheStream() throws IOException {
    byte[] message = passphraseMessage();
    message[message.length / 2] ^= 0x01;
    Decryption decryption = withPassphrase(PASSPHRASE);
    InputStream in = decryption.decrypt(new ByteArrayInputStream(message), "t.csv.zst.gpg");
    IntegrityException e = assertThrows(IntegrityException.class, in::readAllBytes);
    assertEquals(ErrorCode.INTEGRITY, e.code());
    assertTrue(
        e.getMessage().startsWith("t.csv.zst.gpg fails its OpenPGP integrity check: "),
        e.getMessage());
  }

  @Test
  void aFlippedByteInTheLastBlockFailsTheIntegrityCheck() throws IOException {
    byte[] message = passphraseMessage();
    message[message.length - 1] ^= 0x01;
    InputStream in =
        withPassphrase(PASSPHRASE).decrypt(new ByteArrayInputStream(message), "t.csv.zst.gpg");
    IntegrityException e = assertThrows(IntegrityException.class, in::readAllBytes);
    assertEquals(
        "t.csv.zst.gpg fails its OpenPGP integrity check: its modification detection code does"
            + " not match. The file is damaged or was altered after it was written; do not use what"
            + " was read from it, and restore from another snapshot",
        e.getMessage());
  }

  @Test
  void aTruncatedFileFailsTheIntegrityCheck() throws IOException {
    byte[] message = passphraseMessage();
    byte[] truncated = Arrays.copyOf(message, message.length - 100);
    InputStream in =
        withPassphrase(PASSPHRASE).decrypt(new ByteArrayInputStream(truncated), "t.csv.zst.gpg");
    assertThrows(IntegrityException.class, in::readAllBytes);
  }

  @Test
  void aFileCutAfterItsFirstPacketsFailsTheIntegrityCheck() throws IOException {
    byte[] big = new byte[300_000];
    byte[] message = encrypt(new Encryption(Optional.of(PASSPHRASE), List.of()), big);
    byte[] truncated = Arrays.copyOf(message, 70_000);
    InputStream in =
        withPassphrase(PASSPHRASE).decrypt(new ByteArrayInputStream(truncated), "t.csv.zst.gpg");
    assertThrows(IntegrityException.class, in::readAllBytes);
  }

  @Test
  void bytesAfterTheMessageFailTheIntegrityCheck() throws IOException {
    byte[] message = passphraseMessage();
    byte[] longer = Arrays.copyOf(message, message.length + 1);
    InputStream in =
        withPassphrase(PASSPHRASE).decrypt(new ByteArrayInputStream(longer), "t.csv.zst.gpg");
    assertThrows(IntegrityException.class, in::readAllBytes);
  }

  @Test
  void aFileThatIsNotEncryptedIsRefusedAtOnce() {
    byte[] plain = "id,name\n1,a\n".getBytes(StandardCharsets.UTF_8);
    IntegrityException e =
        assertThrows(
            IntegrityException.class,
            () ->
                withPassphrase(PASSPHRASE)
                    .decrypt(new ByteArrayInputStream(plain), "t.csv.zst.gpg"));
    assertTrue(e.getMessage().startsWith("t.csv.zst.gpg fails its OpenPGP integrity check: "));
  }

  @Test
  void aFailingSourceIsReportedAsItsOwnFailureNotAsDamage() throws IOException {
    byte[] message = encrypt(new Encryption(Optional.of(PASSPHRASE), List.of()), new byte[200_000]);
    IOException diskError = new IOException("Input/output error");
    InputStream failing =
        new ByteArrayInputStream(message) {
          @Override
          public synchronized int read(byte[] b, int off, int len) {
            if (pos > 100_000) {
              throw new java.io.UncheckedIOException(diskError);
            }
            return super.read(b, off, Math.min(len, 4096));
          }
        };
    InputStream source =
        new java.io.FilterInputStream(failing) {
          @Override
          public int read(byte[] b, int off, int len) throws IOException {
            try {
              return super.read(b, off, len);
            } catch (java.io.UncheckedIOException e) {
              throw e.getCause();
            }
          }
        };
    InputStream in = withPassphrase(PASSPHRASE).decrypt(source, "t.csv.zst.gpg");
    IOException e = assertThrows(IOException.class, in::readAllBytes);
    assertEquals(diskError, e);
  }
}
