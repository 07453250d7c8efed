package io.pgsnap.crypto;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Two people's keys, made by GnuPG: Alice's secret key is protected by a passphrase, Bob's is not.
 */
record TestKeys(Gpg gpg, Path alicePublic, Path aliceSecret, Path bobPublic, Path bobSecret) {

  static final String ALICE = "alice@example.org";
  static final String BOB = "bob@example.org";
  static final String ALICE_KEY_PASSPHRASE = "alice's key passphrase";

  static TestKeys make(Path folder) throws IOException {
    Gpg gpg = Gpg.in(folder.resolve("gnupg"));
    gpg.makeKey(ALICE, ALICE_KEY_PASSPHRASE);
    gpg.makeKey(BOB, "");
    return new TestKeys(
        gpg,
        gpg.exportPublic(ALICE, folder.resolve("alice.asc")),
        gpg.exportSecret(ALICE, ALICE_KEY_PASSPHRASE, folder.resolve("alice-secret.asc")),
        gpg.exportPublic(BOB, folder.resolve("bob.asc")),
        gpg.exportSecret(BOB, "", folder.resolve("bob-secret.asc")));
  }

  SecretKey aliceSecretKey() {
    return SecretKey.read(aliceSecret, Optional.of(Passphrase.of(ALICE_KEY_PASSPHRASE)));
  }

  SecretKey bobSecretKey() {
    return SecretKey.read(bobSecret, Optional.empty());
  }
}
