package io.pgsnap.snapshot;

import java.util.List;
import java.util.Map;

/**
 * Signs a snapshot's records as it is completed. {@link SnapshotWriter#commit} hands it the exact
 * bytes of {@code SHA256SUMS} and {@code manifest.json} and writes the files it returns before the
 * snapshot is completed, so a complete snapshot is never unsigned when a signer was given. The two
 * records cover everything else: {@code SHA256SUMS} holds every table file's SHA-256, and the
 * manifest the SHA-256 of {@code SHA256SUMS}.
 */
public interface SnapshotSigner {
  /** The detached signature of {@code SHA256SUMS}. */
  String CHECKSUMS_SIGNATURE = SnapshotWriter.CHECKSUMS + ".sig";

  /** The detached signature of {@code manifest.json}. */
  String MANIFEST_SIGNATURE = SnapshotWriter.MANIFEST + ".sig";

  /** Every signature file a snapshot may hold; they are not listed in {@code SHA256SUMS}. */
  List<String> FILES = List.of(CHECKSUMS_SIGNATURE, MANIFEST_SIGNATURE);

  /** Signs nothing: the snapshot is written without signature files. */
  SnapshotSigner NONE = (checksums, manifest) -> Map.of();

  /**
   * The signature files for a snapshot whose records are {@code checksums} and {@code manifest}.
   *
   * @return file name (one of {@link #FILES}) to content; empty to sign nothing
   */
  Map<String, byte[]> signatures(byte[] checksums, byte[] manifest);
}
