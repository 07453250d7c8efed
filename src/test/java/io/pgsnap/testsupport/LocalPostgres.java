package io.pgsnap.testsupport;

import io.pgsnap.server.LocalServer;
import io.pgsnap.server.ServerCommands;
import java.nio.file.Path;

/** A {@link LocalServer} as the suite's {@link ManagedServer}. */
final class LocalPostgres implements ManagedServer {
  private final LocalServer server;

  private LocalPostgres(LocalServer server) {
    this.server = server;
  }

  /** Makes a new cluster with {@code binFolder}'s programs under {@code dataRoot} and starts it. */
  static LocalPostgres start(int major, Path binFolder, Path dataRoot) {
    return new LocalPostgres(
        LocalServer.start(major, binFolder, dataRoot, ServerCommands.forCurrentUser()));
  }

  @Override
  public int major() {
    return server.major();
  }

  @Override
  public String host() {
    return server.host();
  }

  @Override
  public int port() {
    return server.port();
  }

  @Override
  public String superuser() {
    return server.superuser();
  }

  @Override
  public String superuserPassword() {
    return server.superuserPassword();
  }

  @Override
  public String origin() {
    return server.origin();
  }

  @Override
  public void close() {
    server.close();
  }
}
