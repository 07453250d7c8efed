package io.pgsnap.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What pgsnap writes, GnuPG 2.2 reads, and the other way round. */
class GpgInteropTest extends WithTestKeys {
  private static final String PASSPHRASE = "a passphrase for the snapshots";

  static byte[] plaintext;

  @BeforeAll
  static void makePlaintext() {
    plaintext = new byte[200_000]; // over three partial-length packets
    new Random(13).nextBytes(plaintext);
  }

  private static Path ours(Encryption encryption, String name) throws IOException {
    Path file = folder.resolve(name);
    try (OutputStream out = encryption.encrypt(Files.newOutputStream(file))) {
      out.write(plaintext);
    }
    return file;
  }

  private static Encryption withPassphrase() {
    return new Encryption(Optional.of(Passphrase.of(PASSPHRASE)), List.of());
  }

  private static Encryption toAlice() {
    return new Encryption(
        Optional.empty(), List.of(RecipientKey.read(keys.alicePublic(), Instant.now())));
  }

  private static byte[] gpgDecrypt(Path file, String passphrase) throws IOException {
    Path out = folder.resolve(file.getFileName() + ".out");
    keys.gpg()
        .run("--passphrase", passphrase, "--output", out.toString(), "--decrypt", file.toString());
    return Files.readAllBytes(out);
  }

  private static byte[] ourDecrypt(Path file, Decryption decryption) throws IOException {
    try (InputStream in = decryption.decrypt(Files.newInputStream(file), file.toString())) {
      return in.readAllBytes();
    }
  }

  @Test
  void gpgDecryptsOurPassphraseFile() throws IOException {
    assertArrayEquals(plaintext, gpgDecrypt(ours(withPassphrase(), "p.gpg"), PASSPHRASE));
  }

  @Test
  void gpgDecryptsOurRecipientFileWithTheRecipientsSecretKey() throws IOException {
    assertArrayEquals(
        plaintext, gpgDecrypt(ours(toAlice(), "r.gpg"), TestKeys.ALICE_KEY_PASSPHRASE));
  }

  @Test
  void ourPassphraseFileIsAes256InAnSeipdV1PacketWithMdcAndAnIteratedSaltedSha256S2k()
      throws IOException {
    Path file = ours(withPassphrase(), "packets.gpg");
    String packets = keys.gpg().run("--passphrase", PASSPHRASE, "--list-packets", file.toString());
    assertTrue(
        packets.contains(":symkey enc packet: version 4, cipher 9, aead 0,s2k 3, hash 8,"),
        packets);
    assertTrue(packets.contains(", count 16777216 (224)"), packets);
    assertTrue(
        packets.contains(":encrypted data packet:\n\tlength: unknown\n\tmdc_method: 2"), packets);
    assertTrue(
        packets.contains(":literal data packet:\n\tmode b (62), created 0, name=\"\","), packets);
    assertFalse(packets.contains("compressed packet"), packets);
  }

  @Test
  void aFileForBothHasOnePacketForThePassphraseAndOneForTheRecipient() throws IOException {
    Encryption both =
        new Encryption(
            Optional.of(Passphrase.of(PASSPHRASE)),
            List.of(RecipientKey.read(keys.alicePublic(), Instant.now())));
    Path file = ours(both, "both.gpg");
    String packets = keys.gpg().run("--passphrase", PASSPHRASE, "--list-packets", file.toString());
    assertTrue(packets.contains(":symkey enc packet: version 4, cipher 9"), packets);
    assertTrue(
        packets.contains(
            ":pubkey enc packet: version 3, algo 18, keyid "
                + RecipientKey.read(keys.alicePublic(), Instant.now()).keyId()),
        packets);
    assertArrayEquals(plaintext, gpgDecrypt(file, PASSPHRASE));
  }

  /** The file gpg writes from the plaintext with {@code args} and {@code --output}. */
  private static Path gpgEncrypts(String name, String... args) throws IOException {
    Path input = Files.write(folder.resolve(name + ".plain"), plaintext);
    Path file = folder.resolve(name);
    List<String> command = new java.util.ArrayList<>(List.of(args));
    command.addAll(List.of("--output", file.toString(), input.toString()));
    keys.gpg().run(command.toArray(String[]::new));
    return file;
  }

  @Test
  void weDecryptWhatGpgEncryptsSymmetricallyWithAes256() throws IOException {
    Path file =
        gpgEncrypts(
            "gpg-s.gpg", "--passphrase", PASSPHRASE, "--symmetric", "--cipher-algo", "AES256");
    Decryption decryption = new Decryption(Optional.of(Passphrase.of(PASSPHRASE)), List.of());
    assertArrayEquals(plaintext, ourDecrypt(file, decryption));
  }

  @Test
  void weDecryptWhatGpgEncryptsToARecipient() throws IOException {
    Path file =
        gpgEncrypts("gpg-r.gpg", "--trust-model", "always", "--encrypt", "-r", TestKeys.ALICE);
    Decryption decryption = new Decryption(Optional.empty(), List.of(keys.aliceSecretKey()));
    assertArrayEquals(plaintext, ourDecrypt(file, decryption));
  }

  @Test
  void gpgVerifiesOurDetachedSignature() throws IOException {
    Path data = Files.write(folder.resolve("manifest-ours.json"), plaintext);
    Path signature = folder.resolve("manifest-ours.json.asc");
    try (InputStream in = Files.newInputStream(data);
        OutputStream out = Files.newOutputStream(signature)) {
      DetachedSignature.sign(in, keys.aliceSecretKey(), Instant.now(), out);
    }
    Gpg.Run run = keys.gpg().tryRun("--verify", signature.toString(), data.toString());
    assertEquals(0, run.status(), run.stderr());
    assertTrue(
        run.stderr().contains("Good signature from \"Test <" + TestKeys.ALICE + ">\""),
        run.stderr());
  }

  @Test
  void weVerifyGpgsDetachedSignature() throws IOException {
    Path data = Files.write(folder.resolve("manifest-gpg.json"), plaintext);
    Path signature = folder.resolve("manifest-gpg.json.asc");
    keys.gpg()
        .run(
            "--passphrase",
            TestKeys.ALICE_KEY_PASSPHRASE,
            "--local-user",
            TestKeys.ALICE,
            "--armor",
            "--detach-sign",
            "--output",
            signature.toString(),
            data.toString());
    SignatureVerdict verdict;
    try (InputStream in = Files.newInputStream(data);
        InputStream sig = Files.newInputStream(signature)) {
      verdict =
          DetachedSignature.verify(in, Optional.of(sig), VerificationKey.read(keys.alicePublic()));
    }
    assertEquals(SignatureVerdict.Outcome.GOOD, verdict.outcome());
  }
}
