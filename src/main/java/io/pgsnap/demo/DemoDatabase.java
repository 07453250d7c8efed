package io.pgsnap.demo;

import io.pgsnap.ErrorCode;
import io.pgsnap.PgsnapException;
import io.pgsnap.db.ConnectionSettings;
import io.pgsnap.server.ExitCleanup;
import io.pgsnap.server.ScratchDatabase;
import io.pgsnap.server.ServerArchive;
import io.pgsnap.server.ServerBinaries;
import io.pgsnap.server.ThrowawayServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Where the demo runs and what it leaves behind: a scratch database (on a throwaway server, or on
 * the user's) and a temporary folder for the snapshots. Closing removes all of it, as does stopping
 * the process.
 */
public final class DemoDatabase implements AutoCloseable {
  /** How the demo's databases are named: this and random hex digits. */
  public static final String PREFIX = "pgsnap_demo_";

  private final ThrowawayServer server;
  private final ScratchDatabase database;
  private final Path workDir;
  private final ExitCleanup removeWorkDir;

  private DemoDatabase(ThrowawayServer server, ScratchDatabase database, Path workDir) {
    this.server = server;
    this.database = database;
    this.workDir = workDir;
    this.removeWorkDir =
        ExitCleanup.register(
            "remove the demo's folder " + workDir, () -> ServerArchive.deleteTree(workDir));
  }

  /** Starts a throwaway server of {@code major} and makes the demo's database on it. */
  public static DemoDatabase onThrowawayServer(
      int major, ServerBinaries binaries, Consumer<String> notices) {
    ThrowawayServer server = ThrowawayServer.start(major, binaries, notices);
    try {
      return on(server, server.connectionSettings("postgres"));
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
  }

  /** Makes the demo's database on the server {@code server} reaches (the user needs CREATEDB). */
  public static DemoDatabase onServer(ConnectionSettings server) {
    return on(null, server);
  }

  private static DemoDatabase on(ThrowawayServer server, ConnectionSettings settings) {
    ScratchDatabase database = ScratchDatabase.create(settings, PREFIX);
    try {
      return new DemoDatabase(server, database, Files.createTempDirectory("pgsnap-demo-"));
    } catch (IOException e) {
      database.close();
      throw new PgsnapException(
          ErrorCode.STORAGE,
          "could not make the demo's folder in "
              + System.getProperty("java.io.tmpdir")
              + ": "
              + e.getMessage(),
          e);
    }
  }

  /** How to reach the demo's database. */
  public ConnectionSettings settings() {
    return database.settings();
  }

  /** The empty folder the demo writes its snapshots into. */
  public Path workDir() {
    return workDir;
  }

  /** The server, for the report: "throwaway PostgreSQL 17" or the user's host list. */
  public String serverDescription() {
    return server == null
        ? database.settings().hostList()
        : "a throwaway PostgreSQL " + server.major() + " server on " + settings().hostList();
  }

  /** Drops the database, stops a throwaway server, and deletes the folder. */
  @Override
  public void close() {
    try {
      database.close();
    } finally {
      try {
        if (server != null) {
          server.close();
        }
      } finally {
        removeWorkDir.close();
      }
    }
  }
}
