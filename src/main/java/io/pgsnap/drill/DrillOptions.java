package io.pgsnap.drill;

import io.pgsnap.ErrorCode;
import io.pgsnap.PgsnapException;
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
 */
public record DrillOptions(Integer serverMajor, ConnectionSettings server, BinarySources binaries) {
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
    return new DrillOptions(null, null, binaries);
  }

  /** The same, on a throwaway server of {@code major}. */
  public DrillOptions withServerMajor(int major) {
    return new DrillOptions(major, server, binaries);
  }

  /** The same, on an existing server, in a scratch database of its own. */
  public DrillOptions onServer(ConnectionSettings settings) {
    return new DrillOptions(serverMajor, settings, binaries);
  }
}
