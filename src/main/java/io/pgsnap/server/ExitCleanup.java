package io.pgsnap.server;

import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A cleanup that runs exactly once: when it is closed, or when the JVM exits before that (Ctrl-C,
 * SIGTERM, {@code System.exit}), through a shutdown hook. What a throwaway server or a scratch
 * database leaves must go even when the user stops pgsnap halfway.
 */
public final class ExitCleanup implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ExitCleanup.class);

  private final Runnable cleanup;
  private final String what;
  private final AtomicBoolean done = new AtomicBoolean();
  private final Thread hook;

  private ExitCleanup(String what, Runnable cleanup) {
    this.what = what;
    this.cleanup = cleanup;
    this.hook = new Thread(this::runOnce, "pgsnap: " + what);
  }

  /**
   * Registers {@code cleanup} to run at JVM exit unless {@link #close()} runs it first.
   *
   * @param what what the cleanup does, for its thread's name and a failure's log line
   */
  public static ExitCleanup register(String what, Runnable cleanup) {
    ExitCleanup registered = new ExitCleanup(what, cleanup);
    Runtime.getRuntime().addShutdownHook(registered.hook);
    return registered;
  }

  /** Runs the cleanup now, unless it ran already, and forgets the hook. */
  @Override
  public void close() {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException jvmAlreadyExiting) {
      // The hook runs or has run; running it here too is harmless, it runs once.
    }
    runOnce();
  }

  private void runOnce() {
    if (!done.compareAndSet(false, true)) {
      return;
    }
    try {
      cleanup.run();
    } catch (RuntimeException e) {
      log.warn("could not {}: {}", what, e.getMessage());
    }
  }
}
