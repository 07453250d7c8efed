package io.pgsnap.drill;

import io.pgsnap.ErrorCode;
import io.pgsnap.PgsnapException;
import io.pgsnap.crypto.VerificationKey;
import io.pgsnap.db.ConnectionSettings;
import io.pgsnap.server.BinarySources;
import java.util.Objects;

/**
 * Where a drill restores.
 *
 * @param serverMajor the major of the throwaway server, or {@code null} for the snapshot's source
 *     major
 * @param server an existing server to drill on (in a scratch database made and dropped there), or
 *     {@code null} for a throwaway server
 * @param binaries where a throwaway server's binaries come from
 * @param requiredSigner the key the snapshot's {@code SHA256SUMS} and {@code manifest.json} must
 *     both be signed with, checked before any server is started, or {@code null} for none
 */
public record DrillOptions(
    Integer serverMajor,
    ConnectionSettings server,
    BinarySources binaries,
    VerificationKey requiredSigner) {
  public DrillOptions {
    Objects.requireNonNull(binaries, "binaries");
    if (serverMajor != null && server != null) {
      throw new PgsnapException(
          ErrorCode.USAGE,
          "--server-major chooses the major of a throwaway server; with --url the drill runs on"
              + " that server as it is: leave out one of them");
    }
  }

  /** A drill on a throwaway server of the snapshot's source major. */
  public static DrillOptions throwaway(BinarySources binaries) {
    return new DrillOptions(null, null, binaries, null);
  }

  /** The same, on a throwaway server of {@code major}. */
  public DrillOptions withServerMajor(int major) {
    return new DrillOptions(major, server, binaries, requiredSigner);
  }

  /** The same, on an existing server, in a scratch database of its own. */
  public DrillOptions onServer(ConnectionSettings settings) {
    return new DrillOptions(serverMajor, settings, binaries, requiredSigner);
  }

  /** The same, refusing a snapshot that is not signed by {@code signer}. */
  public DrillOptions withRequiredSigner(VerificationKey signer) {
    return new DrillOptions(serverMajor, server, binaries, signer);
  }
}
