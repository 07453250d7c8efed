package io.pgsnap.testsupport;

import io.pgsnap.server.LocalServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * A PostgreSQL server in a Testcontainers container from the official {@code postgres:<major>}
 * image, set up like {@link LocalPostgres}: UTF8, locale C, password (SCRAM) authentication over
 * TCP, durability off.
 */
final class DockerPostgres implements ManagedServer {
  private final int major;
  private final String password;
  private final PostgreSQLContainer<?> container;
  private final AtomicBoolean stopped = new AtomicBoolean();

  private DockerPostgres(int major, String password, PostgreSQLContainer<?> container) {
    this.major = major;
    this.password = password;
    this.container = container;
  }

  static DockerPostgres start(int major) {
    String password = LocalServer.randomPassword(new SecureRandom());
    PostgreSQLContainer<?> container =
        new PostgreSQLContainer<>(DockerImageName.parse("postgres:" + major))
            .withUsername(SUPERUSER)
            .withPassword(password)
            .withDatabaseName("postgres")
            .withEnv("POSTGRES_INITDB_ARGS", "--encoding=UTF8 --locale=C")
            .withCommand(
                "postgres",
                "-c",
                "fsync=off",
                "-c",
                "full_page_writes=off",
                "-c",
                "synchronous_commit=off",
                "-c",
                "max_connections=100");
    try {
      container.start();
    } catch (RuntimeException e) {
      container.close();
      throw new IllegalStateException(
          "Docker is running but the postgres:" + major + " container did not start: " + e, e);
    }
    return new DockerPostgres(major, password, container);
  }

  /**
   * Whether a Docker engine answers. Asking Testcontainers costs seconds and logs a page of errors
   * on a machine without an engine, so it is asked only when some Docker endpoint is configured or
   * a Docker socket exists.
   */
  static boolean engineReachable() {
    if (!dockerEndpointConfigured()) {
      return false;
    }
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static boolean dockerEndpointConfigured() {
    if (System.getenv("DOCKER_HOST") != null) {
      return true;
    }
    String home = System.getProperty("user.home");
    if (testcontainersPropertiesNameADockerHost(Path.of(home, ".testcontainers.properties"))) {
      return true;
    }
    String runtimeDir = System.getenv("XDG_RUNTIME_DIR");
    List<Path> sockets =
        List.of(
            Path.of("/var/run/docker.sock"),
            Path.of(runtimeDir == null ? "/nonexistent" : runtimeDir, "docker.sock"),
            Path.of(home, ".docker", "run", "docker.sock"),
            Path.of(home, ".docker", "desktop", "docker.sock"),
            Path.of(home, ".colima", "default", "docker.sock"),
            Path.of(home, ".rd", "docker.sock"));
    return sockets.stream().anyMatch(Files::exists);
  }

  private static boolean testcontainersPropertiesNameADockerHost(Path file) {
    if (!Files.isRegularFile(file)) {
      return false;
    }
    Properties properties = new Properties();
    try (InputStream in = Files.newInputStream(file)) {
      properties.load(in);
    } catch (IOException e) {
      return false;
    }
    return properties.containsKey("docker.host")
        || properties.containsKey("docker.client.strategy");
  }

  @Override
  public int major() {
    return major;
  }

  @Override
  public String host() {
    return container.getHost();
  }

  @Override
  public int port() {
    return container.getMappedPort(PostgreSQLContainer.POSTGRESQL_PORT);
  }

  @Override
  public String superuser() {
    return SUPERUSER;
  }

  @Override
  public String superuserPassword() {
    return password;
  }

  @Override
  public String origin() {
    return "Docker image " + container.getDockerImageName();
  }

  @Override
  public void close() {
    if (stopped.compareAndSet(false, true)) {
      container.stop();
    }
  }
}
