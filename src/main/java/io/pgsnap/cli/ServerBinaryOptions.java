package io.pgsnap.cli;

import io.pgsnap.db.Environment;
import io.pgsnap.server.BinarySources;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where the commands that start a throwaway server (drill, demo) find its binaries. */
final class ServerBinaryOptions {
  @Option(
      names = "--cache-dir",
      paramLabel = "DIR",
      description =
          "Where downloaded server binaries are kept (default: PGSNAP_CACHE_DIR, else"
              + " $XDG_CACHE_HOME/pgsnap, else ~/.cache/pgsnap).")
  Path cacheDir;

  @Option(
      names = "--binaries-repository",
      paramLabel = "URL",
      description =
          "The Maven repository to download server binaries from (default:"
              + " PGSNAP_BINARIES_REPOSITORY, else https://repo1.maven.org/maven2).")
  String binariesRepository;

  /** The sources these options and {@code environment} name. */
  BinarySources sources(Environment environment) {
    return BinarySources.resolve(environment, cacheDir, binariesRepository);
  }
}
