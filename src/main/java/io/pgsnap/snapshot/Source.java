package io.pgsnap.snapshot;

import java.util.Map;
import java.util.Objects;

/**
 * Where a snapshot came from. Never holds a password.
 *
 * @param serverVersion the server's {@code server_version}, e.g. {@code 15.8 (Debian
 *     15.8-0+deb12u1)}
 * @param serverVersionNum the server's {@code server_version_num}, e.g. {@code 150008}
 * @param database the database name
 * @param host the host connected to
 * @param port the port connected to
 * @param user the database user
 * @param serverEncoding the database's encoding
 * @param settings the session settings in force while exporting, by name, including {@code
 *     client_encoding} and {@code lc_monetary} (which decides how {@code money} values print)
 */
public record Source(
    String serverVersion,
    int serverVersionNum,
    String database,
    String host,
    int port,
    String user,
    String serverEncoding,
    Map<String, String> settings) {

  public Source {
    Objects.requireNonNull(serverVersion, "serverVersion");
    Objects.requireNonNull(database, "database");
    settings = Map.copyOf(settings);
  }
}
