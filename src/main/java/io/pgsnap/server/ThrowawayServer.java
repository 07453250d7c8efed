package io.pgsnap.server;

import io.pgsnap.ErrorCode;
import io.pgsnap.PgsnapException;
import io.pgsnap.db.ConnectionSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * A PostgreSQL server that exists only for one operation: a fresh cluster in a new folder under the
 * system's temporary folder, removed with everything in it when closed, also when the process is
 * stopped before that.
 *
 * <p>As root, the programs run as the {@code postgres} OS user (PostgreSQL refuses root), and
 * binaries from a jar are unpacked into the server's own temporary folder, which that user can
 * reach; as any other user they run directly, and the unpacked binaries are kept in the cache.
 */
public final class ThrowawayServer implements AutoCloseable {
  private final LocalServer server;
  private final ExitCleanup cleanup;

  private ThrowawayServer(LocalServer server, ExitCleanup cleanup) {
    this.server = server;
    this.cleanup = cleanup;
  }

  /**
   * Starts a server of {@code major}.
   *
   * @param notices hears one line before each slow step (a download, the start)
   * @throws PgsnapException {@link ErrorCode#STORAGE} when the binaries cannot be had (offline) or
   *     the folder made; {@link ErrorCode#FAILURE} when the server does not start
   */
  public static ThrowawayServer start(
      int major, ServerBinaries binaries, Consumer<String> notices) {
    ServerCommands commands = ServerCommands.forCurrentUser();
    Path work = temporaryFolder();
    AtomicReference<LocalServer> started = new AtomicReference<>();
    ExitCleanup cleanup =
        ExitCleanup.register(
            "remove the throwaway PostgreSQL " + major + " server in " + work,
            () -> {
              LocalServer running = started.get();
              if (running != null) {
                running.close();
              }
              ServerArchive.deleteTree(work);
            });
    try {
      Path unpackInto =
          commands.switchesUser() ? work.resolve("binaries") : binaries.cachedUnpackFolder(major);
      Path bin = binaries.binFolder(major, unpackInto);
      notices.accept("starting a throwaway PostgreSQL " + major + " server from " + bin);
      started.set(LocalServer.start(major, bin, work, commands));
      return new ThrowawayServer(started.get(), cleanup);
    } catch (RuntimeException e) {
      cleanup.close();
      throw e;
    }
  }

  private static Path temporaryFolder() {
    try {
      return Files.createTempDirectory("pgsnap-server-");
    } catch (IOException e) {
      throw new PgsnapException(
          ErrorCode.STORAGE,
          "could not make a folder for a throwaway server in "
              + System.getProperty("java.io.tmpdir")
              + ": "
              + e.getMessage(),
          e);
    }
  }

  /** The major version. */
  public int major() {
    return server.major();
  }

  /** Where the programs came from, for the report. */
  public String origin() {
    return server.origin();
  }

  /** How to reach {@code database} on it as its superuser. */
  public ConnectionSettings connectionSettings(String database) {
    return server.connectionSettings(database);
  }

  /** Stops the server and deletes its folder. */
  @Override
  public void close() {
    cleanup.close();
  }
}
