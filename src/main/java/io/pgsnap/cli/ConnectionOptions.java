package io.pgsnap.cli;

import io.pgsnap.db.ConnectionSettings;
import io.pgsnap.db.Environment;
import java.io.PrintWriter;
import picocli.CommandLine.Option;

/** How to reach the database, as libpq users expect. */
final class ConnectionOptions {
  @Option(
      names = "--url",
      paramLabel = "URL",
      description = {
        "postgresql:// URI, jdbc:postgresql:// URL or libpq 'key=value' string.",
        "Default: DATABASE_URL, then PGHOST, PGPORT, PGDATABASE, PGUSER, PGPASSWORD, PGSSLMODE,"
            + " ~/.pgpass (or PGPASSFILE) and libpq's defaults.",
        "Avoid passwords here: other users can see command lines; use PGPASSWORD or ~/.pgpass."
      })
  String url;

  /**
   * Resolves the settings in {@code environment} and warns, on {@code err}, about a password on the
   * command line.
   */
  ConnectionSettings resolve(PrintWriter err, Environment environment) {
    return resolve(url, err, environment);
  }

  /**
   * Resolves {@code url} (null for the environment's defaults) in {@code environment} and warns, on
   * {@code err}, about a password on the command line.
   */
  static ConnectionSettings resolve(String url, PrintWriter err, Environment environment) {
    ConnectionSettings settings = ConnectionSettings.resolve(url, environment);
    for (String warning : settings.warnings()) {
      err.println("pgsnap: warning: " + warning);
    }
    if (settings.passwordOnCommandLine()) {
      err.println(
          "pgsnap: warning: a password in --url is visible to other users of this machine;"
              + " use PGPASSWORD or ~/.pgpass instead");
      err.flush();
    }
    return settings;
  }
}
