package io.pgsnap.testsupport;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ExtensionContext.Store;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;
import org.junit.platform.commons.support.AnnotationSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an {@link AcrossServers} test once per PostgreSQL major of the suite, and an {@link
 * OnOneServer} test once on the suite's one-server major, and hands each invocation the {@link
 * PgServer} of its major.
 *
 * <p>Each server starts when a test first asks for it and serves the rest of the test run: it is
 * kept in the root {@link ExtensionContext}'s store, which stops it when the run ends (a JVM
 * shutdown hook stops it if the run is cut short). A major that no test of the run asks for, such
 * as every major but one when only {@link OnOneServer} tests are picked, is never started. A server
 * is started at most once per run; if that fails, every test that wants it fails with the same
 * message, saying what was missing.
 *
 * <p>Where a Docker engine answers, servers run in containers of the official {@code postgres}
 * image; otherwise from binaries on this machine (see {@link PostgresBinaries}), started by {@link
 * io.pgsnap.server.LocalServer}, as {@code pgsnap drill} starts its own.
 */
public final class PostgresServersExtension
    implements TestTemplateInvocationContextProvider, ParameterResolver {
  /** System property: comma-separated majors to run against. */
  public static final String MAJORS_PROPERTY = "pgsnap.test.majors";

  public static final String DEFAULT_MAJORS = "14,15,16,17,18";

  /**
   * System property: the major that {@link OnOneServer} tests run on when the majors list it.
   * Debian's 15 by default: the server a developer most likely has installed, and the one that
   * needs no unpacking.
   */
  public static final String ONE_SERVER_MAJOR_PROPERTY = "pgsnap.test.oneServerMajor";

  public static final int DEFAULT_ONE_SERVER_MAJOR = 15;

  /** System property: the folder the server binaries are unpacked into (set by the pom). */
  public static final String BINARIES_PROPERTY = "pgsnap.test.binaries";

  private static final Path DEFAULT_BINARIES_FOLDER = Path.of("target", "pg-binaries");

  /** Every server's cluster lives under here, in a folder of its own, until it stops. */
  private static final Path DATA_ROOT = Path.of("target", "pg-data");

  private static final Namespace NAMESPACE = Namespace.create(PostgresServersExtension.class);
  private static final String DOCKER_KEY = "docker-engine-reachable";

  private static final Logger log = LoggerFactory.getLogger(PostgresServersExtension.class);

  /**
   * Empty on the instance that the annotations register, which provides the invocations; each
   * invocation registers its own instance bound to its major, which resolves the parameter.
   */
  private final OptionalInt invocationMajor;

  public PostgresServersExtension() {
    this(OptionalInt.empty());
  }

  private PostgresServersExtension(OptionalInt invocationMajor) {
    this.invocationMajor = invocationMajor;
  }

  @Override
  public boolean supportsTestTemplate(ExtensionContext context) {
    // Other test templates (@ParameterizedTest, @RepeatedTest) may share a class with ours.
    return context
        .getTestMethod()
        .map(
            method ->
                AnnotationSupport.isAnnotated(method, AcrossServers.class)
                    || AnnotationSupport.isAnnotated(method, OnOneServer.class))
        .orElse(false);
  }

  @Override
  public Stream<TestTemplateInvocationContext> provideTestTemplateInvocationContexts(
      ExtensionContext context) {
    boolean across =
        AnnotationSupport.isAnnotated(context.getRequiredTestMethod(), AcrossServers.class);
    boolean once =
        AnnotationSupport.isAnnotated(context.getRequiredTestMethod(), OnOneServer.class);
    if (across && once) {
      throw new ExtensionConfigurationException(
          context.getRequiredTestMethod()
              + " is both @AcrossServers and @OnOneServer; it must be one or the other");
    }
    List<Integer> majors = once ? List.of(oneServerMajor(context)) : majors(context);
    return majors.stream().map(ServerInvocation::new);
  }

  @Override
  public boolean supportsParameter(
      ParameterContext parameterContext, ExtensionContext extensionContext) {
    return invocationMajor.isPresent()
        && parameterContext.getParameter().getType().equals(PgServer.class);
  }

  @Override
  public PgServer resolveParameter(
      ParameterContext parameterContext, ExtensionContext extensionContext) {
    int major = invocationMajor.orElseThrow();
    Store store = extensionContext.getRoot().getStore(NAMESPACE);
    ServerLease lease =
        store.getOrComputeIfAbsent(
            "server-" + major, key -> ServerLease.start(major, store), ServerLease.class);
    return lease
        .server()
        .orElseThrow(
            () ->
                new ParameterResolutionException(
                    "Could not start PostgreSQL " + major + " for the tests: " + lease.failure(),
                    lease.failureCause()));
  }

  /**
   * The majors of the run: {@value #MAJORS_PROPERTY}, in the order given. JUnit's configuration
   * parameters include the system properties.
   */
  static List<Integer> majors(ExtensionContext context) {
    return parseMajors(context.getConfigurationParameter(MAJORS_PROPERTY).orElse(DEFAULT_MAJORS));
  }

  /** The major that {@link OnOneServer} tests of the run use. */
  static int oneServerMajor(ExtensionContext context) {
    return oneServerMajor(
        majors(context),
        context
            .getConfigurationParameter(ONE_SERVER_MAJOR_PROPERTY)
            .orElse(Integer.toString(DEFAULT_ONE_SERVER_MAJOR)));
  }

  /** Majors listed like {@code 14,15,16,17,18}, in the order given. */
  static List<Integer> parseMajors(String property) {
    List<Integer> majors = new ArrayList<>();
    for (String word : property.split(",")) {
      String trimmed = word.strip();
      if (trimmed.isEmpty()) {
        continue;
      }
      try {
        majors.add(Integer.parseInt(trimmed));
      } catch (NumberFormatException e) {
        throw new ExtensionConfigurationException(
            MAJORS_PROPERTY
                + " must list major versions like 14,15,16,17,18; got '"
                + property
                + "'",
            e);
      }
    }
    if (majors.isEmpty()) {
      throw new ExtensionConfigurationException(MAJORS_PROPERTY + " lists no major version");
    }
    return List.copyOf(majors);
  }

  /**
   * The {@code preferred} major when {@code majors} lists it, otherwise the first major listed: a
   * run limited to other majors (e.g. {@code -Dpgsnap.test.majors=18}) still runs every test, and
   * starts no server it was not asked for.
   */
  static int oneServerMajor(List<Integer> majors, String preferred) {
    int major;
    try {
      major = Integer.parseInt(preferred.strip());
    } catch (NumberFormatException e) {
      throw new ExtensionConfigurationException(
          ONE_SERVER_MAJOR_PROPERTY + " must be one major version like 15; got '" + preferred + "'",
          e);
    }
    return majors.contains(major) ? major : majors.get(0);
  }

  private static ManagedServer startServer(int major, Store store) {
    boolean docker =
        store.getOrComputeIfAbsent(
            DOCKER_KEY, key -> DockerPostgres.engineReachable(), Boolean.class);
    if (docker) {
      return DockerPostgres.start(major);
    }
    Path binariesFolder =
        Path.of(System.getProperty(BINARIES_PROPERTY, DEFAULT_BINARIES_FOLDER.toString()));
    Path binFolder = new PostgresBinaries(binariesFolder).binFolder(major);
    return LocalPostgres.start(major, binFolder, DATA_ROOT);
  }

  /**
   * One invocation of an {@link AcrossServers} or {@link OnOneServer} test, shown as "PostgreSQL
   * 15".
   */
  private record ServerInvocation(int major) implements TestTemplateInvocationContext {
    @Override
    public String getDisplayName(int invocationIndex) {
      return "PostgreSQL " + major;
    }

    @Override
    public List<Extension> getAdditionalExtensions() {
      return List.of(new PostgresServersExtension(OptionalInt.of(major)));
    }
  }

  /**
   * The outcome of starting one major's server, kept for the whole run: the running server, or why
   * it could not start (so that the start is not tried again by every test). Closing it stops the
   * server.
   */
  private static final class ServerLease implements AutoCloseable {
    private final ManagedServer server;
    private final RuntimeException failure;
    private final Thread shutdownHook;

    private ServerLease(ManagedServer server, RuntimeException failure, Thread shutdownHook) {
      this.server = server;
      this.failure = failure;
      this.shutdownHook = shutdownHook;
    }

    static ServerLease start(int major, Store store) {
      long started = System.nanoTime();
      ManagedServer server;
      try {
        server = startServer(major, store);
      } catch (RuntimeException e) {
        log.error("PostgreSQL {} could not be started: {}", major, e.getMessage());
        return new ServerLease(null, e, null);
      }
      log.info(
          "PostgreSQL {} from {} is up on {}:{} after {} ms",
          major,
          server.origin(),
          server.host(),
          server.port(),
          (System.nanoTime() - started) / 1_000_000);
      // A fallback for runs that end before JUnit closes its store (e.g. System.exit in a test).
      Thread hook = new Thread(server::close, "stop PostgreSQL " + major);
      Runtime.getRuntime().addShutdownHook(hook);
      return new ServerLease(server, null, hook);
    }

    Optional<PgServer> server() {
      return Optional.ofNullable(server);
    }

    String failure() {
      return failure == null ? "" : failure.getMessage();
    }

    RuntimeException failureCause() {
      return failure;
    }

    @Override
    public void close() {
      if (server == null) {
        return;
      }
      try {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      } catch (IllegalStateException jvmAlreadyShuttingDown) {
        // The hook is running or will run; closing twice is harmless.
      }
      server.close();
      log.info("PostgreSQL {} from {} stopped", server.major(), server.origin());
    }
  }
}
