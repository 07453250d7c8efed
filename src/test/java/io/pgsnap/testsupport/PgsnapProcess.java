package io.pgsnap.testsupport;

import io.pgsnap.cli.Main;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The pgsnap command line as a process of its own, in a child JVM on the tests' class path, so that
 * a test can send it real signals. Its output goes to files, so a child that the test stops never
 * blocks on a full pipe.
 */
public final class PgsnapProcess implements AutoCloseable {
  private final Process process;
  private final Path out;
  private final Path err;

  private PgsnapProcess(Process process, Path out, Path err) {
    this.process = process;
    this.out = out;
    this.err = err;
  }

  /** What the process printed and its exit status. */
  public record Exit(int status, String out, String err) {}

  /**
   * Starts {@code pgsnap args...}. SIGINT and SIGTERM are reset to their default handling first
   * ({@code env --default-signal}): a JVM started with SIGINT ignored, as a background job is,
   * passes that on to its children, and pgsnap then rightly leaves the signal ignored.
   *
   * @param workDir where the output files go
   * @param password the database password, passed as {@code PGPASSWORD}
   */
  public static PgsnapProcess start(Path workDir, String password, String... args) {
    return start(workDir, Map.of("PGPASSWORD", password), List.of(), args);
  }

  /**
   * Starts {@code pgsnap args...} with {@code environment} added to this process's and {@code
   * jvmOptions} (e.g. {@code -Duser.home=...}) given to its JVM.
   */
  public static PgsnapProcess start(
      Path workDir, Map<String, String> environment, List<String> jvmOptions, String... args) {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command = new ArrayList<>();
    command.add("env");
    command.add("--default-signal=INT,TERM");
    command.add(java);
    command.add("-XX:+UseSerialGC");
    command.add("-XX:TieredStopAtLevel=1");
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Main.class.getName());
    command.addAll(List.of(args));
    try {
      Files.createDirectories(workDir);
      Path out = Files.createTempFile(workDir, "pgsnap-", ".out");
      Path err = Files.createTempFile(workDir, "pgsnap-", ".err");
      ProcessBuilder builder = new ProcessBuilder(command);
      builder.environment().putAll(environment);
      Process p =
          builder
              .redirectOutput(out.toFile())
              .redirectError(err.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
              .start();
      return new PgsnapProcess(p, out, err);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The process id (env execs java, so it is the JVM's). */
  /**
   * Waits until {@code condition} holds, checking every 20 ms; fails naming {@code what} when
   * {@code pgsnap} (null when none runs) ends first or {@code limit} passes.
   */
  public static void waitUntil(
      PgsnapProcess pgsnap, BooleanSupplier condition, String what, Duration limit) {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!condition.getAsBoolean()) {
      if ((pgsnap != null && !pgsnap.isAlive()) || System.nanoTime() > deadline) {
        throw new AssertionError(
            "gave up waiting for "
                + what
                + (pgsnap == null ? "" : "; pgsnap printed: " + pgsnap.errSoFar()));
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Sends {@code signal} ({@code INT}, {@code TERM}, {@code STOP}, {@code CONT}) with kill(1). */
  public void signal(String signal) {
    try {
      Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid())).start();
      if (kill.waitFor() != 0) {
        throw new IllegalStateException("kill -" + signal + " " + pid() + " failed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Waits for the process to end, at most {@code limit}; kills it and fails when it does not. */
  public Exit waitFor(Duration limit) {
    try {
      if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor();
        throw new AssertionError(
            "pgsnap did not end within " + limit + "; it printed: " + read(err));
      }
      return new Exit(process.exitValue(), read(out), read(err));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Whatever the process has printed to standard error so far. */
  public String errSoFar() {
    return read(err);
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
    }
  }
}
