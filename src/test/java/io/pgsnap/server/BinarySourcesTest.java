package io.pgsnap.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.pgsnap.ErrorCode;
import io.pgsnap.PgsnapException;
import io.pgsnap.db.Environment;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the cache and the repository are, from options, environment and defaults. */
class BinarySourcesTest {
  @TempDir Path home;

  @Test
  void withNothingSetTheCacheIsUnderTheHomeAndBinariesComeFromMavenCentral() {
    BinarySources sources = BinarySources.resolve(env(Map.of()), null, null);

    assertEquals(home.resolve(".cache/pgsnap"), sources.cacheDir());
    assertEquals(URI.create("https://repo1.maven.org/maven2"), sources.repository());
    assertEquals(Optional.empty(), sources.mavenRepository());
  }

  @Test
  void theLocalMavenRepositoryIsUsedWhenItExists() throws IOException {
    Files.createDirectories(home.resolve(".m2/repository"));

    BinarySources sources = BinarySources.resolve(env(Map.of()), null, null);

    assertEquals(Optional.of(home.resolve(".m2/repository")), sources.mavenRepository());
  }

  @Test
  void theOptionOutranksPgsnapCacheDirWhichOutranksXdgCacheHome() {
    Map<String, String> both =
        Map.of("PGSNAP_CACHE_DIR", "/var/cache/pgsnap", "XDG_CACHE_HOME", "/xdg");

    assertEquals(
        Path.of("/opt/cache"),
        BinarySources.resolve(env(both), Path.of("/opt/cache"), null).cacheDir());
    assertEquals(
        Path.of("/var/cache/pgsnap"), BinarySources.resolve(env(both), null, null).cacheDir());
    assertEquals(
        Path.of("/xdg/pgsnap"),
        BinarySources.resolve(env(Map.of("XDG_CACHE_HOME", "/xdg")), null, null).cacheDir());
  }

  @Test
  void theRepositoryOptionOutranksTheVariableAndATrailingSlashIsDropped() {
    Map<String, String> variable = Map.of("PGSNAP_BINARIES_REPOSITORY", "https://mirror.test/m2/");

    assertEquals(
        URI.create("https://mirror.test/m2"),
        BinarySources.resolve(env(variable), null, null).repository());
    assertEquals(
        URI.create("http://other.test/maven"),
        BinarySources.resolve(env(variable), null, "http://other.test/maven").repository());
  }

  @Test
  void aRepositoryThatIsNoHttpUrlIsAUsageErrorNamingWhereItCameFrom() {
    PgsnapException e =
        assertThrows(
            PgsnapException.class,
            () ->
                BinarySources.resolve(
                    env(Map.of("PGSNAP_BINARIES_REPOSITORY", "ftp://mirror.test")), null, null));

    assertEquals(ErrorCode.USAGE, e.code());
    assertEquals(
        "PGSNAP_BINARIES_REPOSITORY must be the http(s) URL of a Maven repository, like"
            + " https://repo1.maven.org/maven2; got 'ftp://mirror.test'",
        e.getMessage());
  }

  private Environment env(Map<String, String> variables) {
    return new Environment(variables, home, "someone");
  }
}
