package io.pgsnap.snapshot;

import java.util.List;
import java.util.Objects;

/**
 * The {@code encryption} record of an encrypted snapshot's {@code manifest.json} (format version 7
 * on): where the complete manifest is kept, encrypted, and what opens it. Its presence means the
 * public manifest holds only figures and checksums (see {@link PublicManifest}).
 *
 * @param manifest the encrypted complete manifest's file name, {@value PublicManifest#PRIVATE_FILE}
 * @param sha256 the SHA-256 of that file as stored, lower-case hex
 * @param storedBytes that file's size
 * @param passphrase whether a passphrase opens the snapshot's files
 * @param recipients the ids of the public keys the files are encrypted to (16 hex digits each)
 */
public record ManifestEncryption(
    String manifest, String sha256, long storedBytes, boolean passphrase, List<String> recipients) {

  public ManifestEncryption {
    Objects.requireNonNull(manifest, "manifest");
    Objects.requireNonNull(sha256, "sha256");
    recipients = recipients == null ? List.of() : List.copyOf(recipients);
  }
}
