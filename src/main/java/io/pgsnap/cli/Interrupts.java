package io.pgsnap.cli;

import io.pgsnap.Cancellation;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import sun.misc.Signal;

/**
 * SIGINT (Ctrl-C) and SIGTERM. While an export or restore runs ({@link #during}), the first signal
 * cancels it through its {@link Cancellation}: the operation cancels its COPYs, cleans up as after
 * a failure, logs its line and reports one line, and the process exits with 128 plus the signal's
 * number. A second signal, or a cleanup that outlasts {@link #CLEANUP_LIMIT}, ends the process at
 * once, saying in one line what is left behind. Outside an operation a signal ends the process at
 * once, as the JVM's own handling would.
 *
 * <p>Why signal handlers rather than a shutdown hook (measured on Java 17): a hook runs while the
 * JVM is already exiting with 128 plus the signal's number, it cannot change that status, a {@code
 * System.exit} from the main thread then blocks, and a second Ctrl-C is ignored until the hooks
 * end, so nothing could skip a slow cleanup. A handler installed with {@code sun.misc.Signal}
 * replaces the JVM's exit: the main thread unwinds, prints and exits itself. A signal that was
 * ignored when the JVM started (a background job, {@code nohup}) stays ignored: the JVM refuses to
 * handle it.
 */
final class Interrupts {
  /** How long the cleanup after the first signal may take before the process stops without it. */
  static final Duration CLEANUP_LIMIT = Duration.ofSeconds(30);

  private final Cancellation cancellation = new Cancellation();
  private final PrintStream err;
  private int operations;
  private String first;
  private int firstStatus;

  private Interrupts(PrintStream err) {
    this.err = err;
  }

  /** Interrupts that never come: for the command line run inside another program or a test. */
  static Interrupts none() {
    return new Interrupts(System.err);
  }

  /**
   * Handles SIGINT and SIGTERM in this JVM from now on: the one piece of global state, which only
   * the {@code pgsnap} process itself sets up.
   */
  static Interrupts install(PrintStream err) {
    Interrupts interrupts = new Interrupts(err);
    for (String name : List.of("INT", "TERM")) {
      try {
        Signal.handle(new Signal(name), interrupts::received);
      } catch (IllegalArgumentException e) {
        // The JVM keeps the signal (-Xrs): its default handling, an immediate exit, stays.
      }
    }
    return interrupts;
  }

  /** What export and restore are cancelled through. */
  Cancellation cancellation() {
    return cancellation;
  }

  /** The exit status for an operation a signal interrupted: 130 for SIGINT, 143 for SIGTERM. */
  synchronized int exitStatus() {
    return first == null ? 130 : firstStatus;
  }

  /** Runs {@code operation} so that the first signal cancels it rather than ending the process. */
  <T> T during(Supplier<T> operation) {
    synchronized (this) {
      operations++;
    }
    try {
      return operation.get();
    } finally {
      synchronized (this) {
        operations--;
      }
    }
  }

  /**
   * Runs {@code question} inside an operation so that a signal ends the process at once, as outside
   * one: a prompt waiting for its answer cannot be cancelled, and nothing has been changed yet.
   */
  <T> T whileAsking(Supplier<T> question) {
    synchronized (this) {
      operations--;
    }
    try {
      return question.get();
    } finally {
      synchronized (this) {
        operations++;
      }
    }
  }

  private void received(Signal signal) {
    String name = "SIG" + signal.getName();
    int status = 128 + signal.getNumber();
    boolean cancel;
    synchronized (this) {
      if (operations == 0) {
        cancel = false;
      } else if (first == null) {
        first = name;
        firstStatus = status;
        cancel = true;
      } else {
        stopNow(name.equals(first) ? name + " again" : name + " after " + first, status);
        return;
      }
    }
    if (!cancel) {
      System.exit(status);
    }
    Thread limit =
        new Thread(
            () -> {
              try {
                Thread.sleep(CLEANUP_LIMIT.toMillis());
              } catch (InterruptedException e) {
                return;
              }
              stopNow(
                  "the cleanup after "
                      + name
                      + " took longer than "
                      + CLEANUP_LIMIT.toSeconds()
                      + " s",
                  status);
            },
            "pgsnap-cleanup-limit");
    limit.setDaemon(true);
    limit.start();
    cancellation.cancel(name);
  }

  /** Ends the process at once, without the operation's cleanup, saying what that leaves. */
  private void stopNow(String why, int status) {
    List<String> left = cancellation.leftBehind();
    err.println(
        "pgsnap: "
            + why
            + ": stopped without cleaning up, "
            + (left.isEmpty()
                ? "which leaves nothing behind (the server rolls back a transaction whose"
                    + " connection closes)"
                : "leaving " + String.join("; ", left)));
    err.flush();
    Runtime.getRuntime().halt(status);
  }
}
