package io.pgsnap.server;

import io.pgsnap.ErrorCode;
import io.pgsnap.PgsnapException;
import io.pgsnap.db.ConnectionSettings;
import io.pgsnap.db.Environment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL server run from binaries on this machine: a fresh cluster made by {@code initdb} in
 * its own folder, started with {@code pg_ctl} on a free port of 127.0.0.1, with password (SCRAM)
 * authentication over TCP. Durability is switched off, since the cluster is thrown away.
 *
 * <p>The server's folder {@code <dataRoot>/<major>-<random>} holds {@code data/} (the cluster),
 * {@code server.log} and the Unix socket; it is deleted when the server stops.
 */
public final class LocalServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LocalServer.class);

  /** The superuser role of every server started here. */
  public static final String SUPERUSER = "pgsnap_super";

  private static final String HOST = "127.0.0.1";
  private static final Duration INITDB_TIMEOUT = Duration.ofSeconds(120);
  private static final int START_WAIT_SECONDS = 60;
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);
  private static final int PORT_ATTEMPTS = 3;

  /** A Unix socket path must fit in sockaddr_un.sun_path (108 bytes with the terminator). */
  private static final int MAX_SOCKET_PATH = 107;

  private static final int SERVER_LOG_TAIL_LINES = 30;

  /** initdb insists that only the server's OS user can read the cluster, and so do we. */
  private static final Set<PosixFilePermission> OWNER_ONLY_FOLDER =
      PosixFilePermissions.fromString("rwx------");

  private static final Set<PosixFilePermission> OWNER_ONLY_FILE =
      PosixFilePermissions.fromString("rw-------");

  private final int major;
  private final int port;
  private final String password;
  private final Path binFolder;
  private final Path serverFolder;
  private final ServerCommands commands;
  private final AtomicBoolean stopped = new AtomicBoolean();

  private LocalServer(
      int major,
      int port,
      String password,
      Path binFolder,
      Path serverFolder,
      ServerCommands commands) {
    this.major = major;
    this.port = port;
    this.password = password;
    this.binFolder = binFolder;
    this.serverFolder = serverFolder;
    this.commands = commands;
  }

  /**
   * Makes a new cluster with {@code binFolder}'s programs under {@code dataRoot} and starts it.
   *
   * @throws PgsnapException {@link ErrorCode#FAILURE} saying what failed, with the end of the
   *     server's log; {@link ErrorCode#STORAGE} when its folder cannot be made
   */
  public static LocalServer start(
      int major, Path binFolder, Path dataRoot, ServerCommands commands) {
    SecureRandom random = new SecureRandom();
    Path serverFolder =
        dataRoot.toAbsolutePath().normalize().resolve(major + "-" + randomHex(random));
    String password = randomPassword(random);
    try {
      Files.createDirectories(dataRoot);
      Files.createDirectory(serverFolder, PosixFilePermissions.asFileAttribute(OWNER_ONLY_FOLDER));
    } catch (IOException e) {
      throw new PgsnapException(
          ErrorCode.STORAGE, "could not create " + serverFolder + ": " + e, e);
    }
    try {
      commands.handToServerUser(serverFolder);
      commands.makeReachableByServerUser(serverFolder);
      commands.makeReachableByServerUser(binFolder);
      initdb(binFolder, serverFolder, password, commands);
      int port = startOnAFreePort(binFolder, serverFolder, commands);
      return new LocalServer(major, port, password, binFolder, serverFolder, commands);
    } catch (RuntimeException e) {
      // Stop whatever did start, and leave nothing behind.
      stopAndDelete(major, binFolder, serverFolder, commands);
      throw e;
    }
  }

  private static void initdb(
      Path binFolder, Path serverFolder, String password, ServerCommands commands) {
    Path passwordFile = serverFolder.resolve("superuser.password");
    try {
      Files.createFile(passwordFile, PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE));
      Files.writeString(passwordFile, password + "\n", StandardCharsets.UTF_8);
      commands.handToServerUser(passwordFile);
      ServerCommands.Result result =
          commands.run(
              onCluster(
                  binFolder,
                  "initdb",
                  serverFolder,
                  "-U",
                  SUPERUSER,
                  "--auth-local=trust",
                  "--auth-host=scram-sha-256",
                  "--pwfile=" + passwordFile,
                  "-E",
                  "UTF8",
                  "--locale=C",
                  // fsync is off for these throwaway clusters; initdb need not sync either.
                  "--no-sync"),
              serverFolder.resolve("initdb.out"),
              INITDB_TIMEOUT);
      if (!result.succeeded()) {
        throw new PgsnapException(
            ErrorCode.FAILURE,
            "initdb from "
                + binFolder
                + " failed (exit "
                + result.exitCode()
                + "):\n"
                + result.output());
      }
    } catch (IOException e) {
      throw new PgsnapException(ErrorCode.STORAGE, "could not write " + passwordFile + ": " + e, e);
    } finally {
      try {
        Files.deleteIfExists(passwordFile);
      } catch (IOException e) {
        log.warn("could not delete {}", passwordFile, e);
      }
    }
  }

  /**
   * Another process may take a port between our probe and the server's bind; then the start is
   * tried again on another port.
   */
  private static int startOnAFreePort(Path binFolder, Path serverFolder, ServerCommands commands) {
    PgsnapException lastFailure = null;
    for (int attempt = 1; attempt <= PORT_ATTEMPTS; attempt++) {
      int port = freePort();
      ServerCommands.Result result =
          commands.run(
              onCluster(
                  binFolder,
                  "pg_ctl",
                  serverFolder,
                  "-l",
                  serverLog(serverFolder).toString(),
                  "-o",
                  serverOptions(port, serverFolder),
                  "-w",
                  "-t",
                  Integer.toString(START_WAIT_SECONDS),
                  "start"),
              serverFolder.resolve("pg_ctl-start.out"),
              Duration.ofSeconds(START_WAIT_SECONDS + 30));
      if (result.succeeded()) {
        return port;
      }
      String logTail = tail(serverLog(serverFolder));
      lastFailure =
          new PgsnapException(
              ErrorCode.FAILURE,
              "pg_ctl start from "
                  + binFolder
                  + " failed (exit "
                  + result.exitCode()
                  + "): "
                  + result.output().strip()
                  + "\nlast lines of the server log:\n"
                  + logTail);
      if (!logTail.contains("could not bind")) {
        break;
      }
    }
    throw lastFailure;
  }

  /**
   * Options for the postgres process. pg_ctl hands this string to a shell, so every word is quoted.
   */
  private static String serverOptions(int port, Path serverFolder) {
    List<String> options = new ArrayList<>();
    options.add("-p");
    options.add(Integer.toString(port));
    setting(options, "listen_addresses", HOST);
    setting(options, "unix_socket_directories", socketFolder(serverFolder, port));
    // A throwaway cluster needs no durability, and the suite's speed depends on it.
    setting(options, "fsync", "off");
    setting(options, "full_page_writes", "off");
    setting(options, "synchronous_commit", "off");
    setting(options, "max_connections", "100");
    return options.stream().map(ServerCommands::shellQuote).collect(Collectors.joining(" "));
  }

  private static void setting(List<String> options, String name, String value) {
    options.add("-c");
    options.add(name + "=" + value);
  }

  /**
   * The socket goes in the server's own folder; where that path is too long for a Unix socket (a
   * deep folder), the socket is left off: pgsnap connects over TCP only.
   */
  private static String socketFolder(Path serverFolder, int port) {
    String socketPath = serverFolder.resolve(".s.PGSQL." + port).toString();
    return socketPath.length() <= MAX_SOCKET_PATH ? serverFolder.toString() : "";
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new PgsnapException(
          ErrorCode.FAILURE, "could not find a free port on " + HOST + ": " + e, e);
    }
  }

  /** The major version, e.g. {@code 15}. */
  public int major() {
    return major;
  }

  /** Where the server listens: {@code 127.0.0.1}. */
  public String host() {
    return HOST;
  }

  public int port() {
    return port;
  }

  /** A superuser role that logs in over TCP with {@link #superuserPassword()}. */
  public String superuser() {
    return SUPERUSER;
  }

  public String superuserPassword() {
    return password;
  }

  /** The folder of the programs the server runs, for logs and messages. */
  public String origin() {
    return binFolder.toString();
  }

  /**
   * How to reach {@code database} on this server as its superuser. The settings come from nothing
   * but this server: no environment variable or password file of the user is read.
   */
  public ConnectionSettings connectionSettings(String database) {
    return ConnectionSettings.resolve(
        "postgresql://"
            + SUPERUSER
            + ":"
            + password
            + "@"
            + HOST
            + ":"
            + port
            + "/"
            + database
            + "?sslmode=disable",
        new Environment(Map.of(), null, null));
  }

  /** Stops the server (fast shutdown: open sessions are ended) and deletes its folder. */
  @Override
  public void close() {
    if (stopped.compareAndSet(false, true)) {
      stopAndDelete(major, binFolder, serverFolder, commands);
    }
  }

  private static void stopAndDelete(
      int major, Path binFolder, Path serverFolder, ServerCommands commands) {
    try {
      if (Files.exists(dataFolder(serverFolder).resolve("postmaster.pid"))) {
        stopServer(major, binFolder, serverFolder, commands);
      }
    } finally {
      try {
        ServerArchive.deleteTree(serverFolder);
      } catch (UncheckedIOException e) {
        log.warn("could not delete {}", serverFolder, e);
      }
    }
  }

  /** A fast shutdown ends open sessions; if even that fails, an immediate one. */
  private static void stopServer(
      int major, Path binFolder, Path serverFolder, ServerCommands commands) {
    for (String mode : List.of("fast", "immediate")) {
      ServerCommands.Result result =
          commands.run(
              onCluster(binFolder, "pg_ctl", serverFolder, "-m", mode, "-w", "stop"),
              serverFolder.resolve("pg_ctl-stop.out"),
              STOP_TIMEOUT);
      if (result.succeeded()) {
        return;
      }
      log.warn("pg_ctl stop -m {} failed for PostgreSQL {}: {}", mode, major, result.output());
    }
  }

  /** The command line of {@code program} from {@code binFolder} on the server's cluster. */
  private static List<String> onCluster(
      Path binFolder, String program, Path serverFolder, String... arguments) {
    List<String> command = new ArrayList<>();
    command.add(binFolder.resolve(program).toString());
    command.add("-D");
    command.add(dataFolder(serverFolder).toString());
    command.addAll(List.of(arguments));
    return command;
  }

  private static Path dataFolder(Path serverFolder) {
    return serverFolder.resolve("data");
  }

  private static Path serverLog(Path serverFolder) {
    return serverFolder.resolve("server.log");
  }

  private static String tail(Path file) {
    try {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      return String.join(
          "\n", lines.subList(Math.max(0, lines.size() - SERVER_LOG_TAIL_LINES), lines.size()));
    } catch (IOException e) {
      return "(no server log: " + e.getMessage() + ")";
    }
  }

  /**
   * A strong superuser password of URL-safe characters only, because the password goes into libpq
   * URIs unescaped.
   */
  public static String randomPassword(SecureRandom random) {
    byte[] bytes = new byte[24];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static String randomHex(SecureRandom random) {
    byte[] bytes = new byte[4];
    random.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
