package io.pgsnap.server;

import io.pgsnap.ErrorCode;
import io.pgsnap.PgsnapException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Runs PostgreSQL's own programs (initdb, pg_ctl) as an OS user they accept. PostgreSQL refuses to
 * run as root, so as root the programs run as the {@code postgres} OS user through {@code su}, and
 * the files they need are handed to that user; otherwise they run directly as the current user.
 */
public final class ServerCommands {
  static final String SERVER_OS_USER = "postgres";

  private final boolean switchToServerUser;

  private ServerCommands(boolean switchToServerUser) {
    this.switchToServerUser = switchToServerUser;
  }

  /** Commands for this JVM's user: switching to {@code postgres} only when running as root. */
  public static ServerCommands forCurrentUser() {
    return new ServerCommands(runningAsRoot());
  }

  /** What a command printed and how it ended. */
  record Result(int exitCode, String output) {
    boolean succeeded() {
      return exitCode == 0;
    }
  }

  /**
   * Runs {@code command} and waits for it; its output goes to {@code outputFile} (a file, not a
   * pipe, so a server the command leaves running cannot hold our end open).
   */
  Result run(List<String> command, Path outputFile, Duration timeout) {
    ProcessBuilder builder = new ProcessBuilder(wrap(command));
    builder.redirectErrorStream(true);
    builder.redirectOutput(outputFile.toFile());
    builder.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
    cleanEnvironment(builder.environment());
    try {
      Process process = builder.start();
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
        return new Result(
            -1, readQuietly(outputFile) + "\n(timed out after " + timeout.toSeconds() + " s)");
      }
      return new Result(process.exitValue(), readQuietly(outputFile));
    } catch (IOException e) {
      throw new PgsnapException(
          ErrorCode.FAILURE, "could not run " + String.join(" ", command) + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PgsnapException(
          ErrorCode.INTERRUPTED, "interrupted while running " + command.get(0), e);
    }
  }

  /** Whether the programs run as the {@code postgres} OS user rather than as this process's. */
  boolean switchesUser() {
    return switchToServerUser;
  }

  /**
   * Gives {@code path} to the server's OS user when commands switch to it; a no-op otherwise. Only
   * the path itself, not a tree: fresh, empty folders and single files are handed over.
   */
  void handToServerUser(Path path) {
    if (!switchToServerUser) {
      return;
    }
    try {
      UserPrincipalLookupService lookup = path.getFileSystem().getUserPrincipalLookupService();
      PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class);
      view.setOwner(lookup.lookupPrincipalByName(SERVER_OS_USER));
      try {
        GroupPrincipal group = lookup.lookupPrincipalByGroupName(SERVER_OS_USER);
        view.setGroup(group);
      } catch (UserPrincipalNotFoundException noSuchGroup) {
        // The owner alone is what PostgreSQL checks; a missing group of that name is fine.
      }
    } catch (UserPrincipalNotFoundException e) {
      throw new PgsnapException(
          ErrorCode.FAILURE,
          "pgsnap runs as root, and PostgreSQL refuses to run as root, but there is no '"
              + SERVER_OS_USER
              + "' OS user to run it as: create it with `useradd --system --user-group"
              + " --no-create-home "
              + SERVER_OS_USER
              + "`, or run pgsnap as another user",
          e);
    } catch (IOException e) {
      throw new PgsnapException(
          ErrorCode.STORAGE, "could not give " + path + " to " + SERVER_OS_USER + ": " + e, e);
    }
  }

  /**
   * Lets the server's OS user reach {@code path} by adding search permission for others to it and
   * to every folder above it. Needed as root only: a folder may sit under one such as {@code /root}
   * that other users cannot enter. Only traversal is granted, not listing.
   */
  public void makeReachableByServerUser(Path path) {
    if (!switchToServerUser) {
      return;
    }
    for (Path p = path.toAbsolutePath(); p != null; p = p.getParent()) {
      try {
        if (!Files.isDirectory(p)) {
          continue;
        }
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(p);
        if (permissions.add(PosixFilePermission.OTHERS_EXECUTE)) {
          Files.setPosixFilePermissions(p, permissions);
        }
      } catch (IOException e) {
        throw new PgsnapException(
            ErrorCode.STORAGE,
            "could not let the " + SERVER_OS_USER + " OS user enter " + p + ": " + e,
            e);
      }
    }
  }

  private List<String> wrap(List<String> command) {
    if (!switchToServerUser) {
      return command;
    }
    String shellCommand =
        command.stream().map(ServerCommands::shellQuote).collect(Collectors.joining(" "));
    return List.of("su", SERVER_OS_USER, "-s", "/bin/sh", "-c", shellCommand);
  }

  /** Quotes one word for a POSIX shell, so that paths and options pass through unchanged. */
  static String shellQuote(String word) {
    return "'" + word.replace("'", "'\"'\"'") + "'";
  }

  /**
   * A throwaway server must not pick up the user's libpq settings (PGDATA, PGPORT, ...) or a locale
   * the machine has not generated; initdb gets its locale explicitly.
   */
  private static void cleanEnvironment(Map<String, String> environment) {
    List<String> libpqVariables = new ArrayList<>();
    for (String name : environment.keySet()) {
      if (name.startsWith("PG")) {
        libpqVariables.add(name);
      }
    }
    libpqVariables.forEach(environment::remove);
    environment.put("LC_ALL", "C");
    environment.put("LANG", "C");
  }

  private static boolean runningAsRoot() {
    try {
      return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return "root".equals(System.getProperty("user.name"));
    }
  }

  private static String readQuietly(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(could not read " + file + ": " + e.getMessage() + ")";
    }
  }
}
