package io.pgsnap.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DetachedSignatureTest extends WithTestKeys {
  private static final byte[] SUMS =
      "0123abcd  tables/public.t.csv.zst\n".getBytes(StandardCharsets.UTF_8);

  private static byte[] sign(byte[] data, SecretKey key) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    DetachedSignature.sign(new ByteArrayInputStream(data), key, Instant.now(), out);
    return out.toByteArray();
  }

  private static SignatureVerdict verify(byte[] data, Optional<byte[]> signature)
      throws IOException {
    return DetachedSignature.verify(
        new ByteArrayInputStream(data),
        signature.map(ByteArrayInputStream::new),
        VerificationKey.read(keys.alicePublic()));
  }

  @Test
  void aSignatureIsArmored() throws IOException {
    String armored = new String(sign(SUMS, keys.aliceSecretKey()), StandardCharsets.US_ASCII);
    assertTrue(armored.startsWith("-----BEGIN PGP SIGNATURE-----\n"), armored);
    assertTrue(armored.endsWith("-----END PGP SIGNATURE-----\n"), armored);
  }

  @Test
  void aSignatureByTheExpectedKeyOverTheSameBytesIsGood() throws IOException {
    SignatureVerdict verdict = verify(SUMS, Optional.of(sign(SUMS, keys.aliceSecretKey())));
    assertEquals(SignatureVerdict.Outcome.GOOD, verdict.outcome());
  }

  @Test
  void dataChangedAfterSigningIsAltered() throws IOException {
    byte[] signature = sign(SUMS, keys.aliceSecretKey());
    byte[] changed = SUMS.clone();
    changed[0] ^= 0x01;
    assertEquals(
        SignatureVerdict.Outcome.ALTERED, verify(changed, Optional.of(signature)).outcome());
  }

  @Test
  void aSignatureByAnotherKeyIsOtherKeyNamingThatKey() throws IOException {
    SecretKey bob = keys.bobSecretKey();
    SignatureVerdict verdict = verify(SUMS, Optional.of(sign(SUMS, bob)));
    assertEquals(SignatureVerdict.Outcome.OTHER_KEY, verdict.outcome());
    assertEquals(bob.keyId(), verdict.signerKeyId().orElseThrow());
  }

  @Test
  void noSignatureFileIsUnsigned() throws IOException {
    assertEquals(SignatureVerdict.Outcome.UNSIGNED, verify(SUMS, Optional.empty()).outcome());
  }

  @Test
  void aSignatureFileThatIsNotASignatureIsAltered() throws IOException {
    byte[] garbage = "not a signature\n".getBytes(StandardCharsets.US_ASCII);
    assertEquals(SignatureVerdict.Outcome.ALTERED, verify(SUMS, Optional.of(garbage)).outcome());
  }

  @Test
  void theProblemOfAnUnsignedFileSaysWhatToDo() throws IOException {
    VerificationKey alice = VerificationKey.read(keys.alicePublic());
    String problem = verify(SUMS, Optional.empty()).problem("SHA256SUMS", alice);
    assertEquals(
        "SHA256SUMS is not signed: it cannot be proven to come from the holder of "
            + alice
            + "; use a signed snapshot",
        problem);
  }

  @Test
  void aSecretKeyWithoutItsPassphraseCannotSign() {
    SecretKey locked = SecretKey.read(keys.aliceSecret(), Optional.empty());
    WrongKeyException e = assertThrows(WrongKeyException.class, () -> sign(SUMS, locked));
    assertTrue(
        e.getMessage()
            .endsWith(
                " is protected by a passphrase and none was given: set"
                    + " PGSNAP_PASSPHRASE or give a passphrase file"),
        e.getMessage());
  }

  @Test
  void anExpiredSecretKeyCannotSign() throws IOException {
    keys.gpg()
        .run(
            "--passphrase",
            "",
            "--quick-gen-key",
            "Old <old@example.org>",
            "ed25519",
            "sign",
            "1d");
    SecretKey old =
        SecretKey.read(
            keys.gpg().exportSecret("old@example.org", "", folder.resolve("old-secret.asc")),
            Optional.empty());
    WrongKeyException e =
        assertThrows(
            WrongKeyException.class,
            () ->
                DetachedSignature.sign(
                    new ByteArrayInputStream(SUMS),
                    old,
                    Instant.now().plusSeconds(3 * 86400),
                    new ByteArrayOutputStream()));
    assertTrue(e.getMessage().contains(" expired on "), e.getMessage());
  }
}
