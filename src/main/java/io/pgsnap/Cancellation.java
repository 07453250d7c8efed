package io.pgsnap;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A request, from another thread, that an export or restore stop early: the command line's Ctrl-C,
 * an application shutting down. {@link #cancel} cancels the statements running on the server, the
 * operation cleans up as after a failure (removes its unfinished snapshot, rolls back, undoes what
 * a {@code --jobs} restore committed), logs its line with the outcome {@code interrupted} and
 * throws a {@link PgsnapException} of code {@link ErrorCode#INTERRUPTED} that says what is left.
 *
 * <p>An operation registers what stops its running work ({@link #onCancel}) and what it would leave
 * behind if the process ended without its cleanup ({@link #leaving}), so that a caller that cannot
 * wait for the cleanup can say what remains ({@link #leftBehind()}); how long to wait is the
 * caller's choice (the command line waits 30 s). Thread-safe. A cancelled instance stays cancelled,
 * and an operation started with it stops at once: use a new one for each operation that may be
 * cancelled on its own.
 */
public final class Cancellation {
  /** Undoes one registration; idempotent. */
  public interface Registration extends AutoCloseable {
    @Override
    void close();
  }

  private final Map<Object, Runnable> stoppers = new LinkedHashMap<>();
  private final Map<Object, Supplier<String>> leftovers = new LinkedHashMap<>();
  private String reason;

  /**
   * Asks the operation to stop; the first call wins, later ones change nothing.
   *
   * @param reason what asked, as it should read after "interrupted by", e.g. {@code SIGINT}
   */
  public void cancel(String reason) {
    Objects.requireNonNull(reason, "reason");
    List<Runnable> stop;
    synchronized (this) {
      if (this.reason != null) {
        return;
      }
      this.reason = reason;
      stop = new ArrayList<>(stoppers.values());
    }
    // Outside the lock: cancelling a statement talks to the server.
    stop.forEach(Runnable::run);
  }

  /** Whether {@link #cancel} was called. */
  public synchronized boolean isCancelled() {
    return reason != null;
  }

  /** What asked for the cancellation, or null when nothing did. */
  public synchronized String reason() {
    return reason;
  }

  /**
   * Stops the operation here when it was cancelled. The failure thrown only unwinds the operation,
   * which cleans up and reports {@link #interrupted} instead.
   *
   * @throws PgsnapException when {@link #cancel} was called
   */
  public void throwIfCancelled() {
    String why = reason();
    if (why != null) {
      throw new PgsnapException(ErrorCode.FAILURE, "interrupted by " + why);
    }
  }

  /**
   * Whether {@code e} is the report of an operation that was interrupted and cleaned up, made by
   * {@link #interrupted}, rather than a failure the cancellation caused on the way.
   */
  public static boolean isReport(Throwable e) {
    return e instanceof PgsnapException pe && pe.code() == ErrorCode.INTERRUPTED;
  }

  /**
   * The failure an operation reports once it has cleaned up after a cancellation.
   *
   * @param operation what was interrupted, e.g. {@code "export"}
   * @param outcome what the cleanup did and what is left, e.g. {@code "nothing is left behind"}
   * @param cause the failure the cancellation caused, if any
   */
  public PgsnapException interrupted(String operation, String outcome, Throwable cause) {
    return new PgsnapException(
        ErrorCode.INTERRUPTED, operation + " interrupted by " + reason() + "; " + outcome, cause);
  }

  /**
   * Runs {@code stop} when the operation is cancelled (at once, if it was already), until the
   * registration is closed: e.g. cancelling the statement running on a connection.
   *
   * @param stop must not throw and must not wait long
   */
  public Registration onCancel(Runnable stop) {
    Objects.requireNonNull(stop, "stop");
    Object key = new Object();
    boolean already;
    synchronized (this) {
      already = reason != null;
      stoppers.put(key, stop);
    }
    if (already) {
      stop.run();
    }
    return () -> {
      synchronized (this) {
        stoppers.remove(key);
      }
    };
  }

  /**
   * Records what the operation would leave behind if the process ended now, without its cleanup,
   * until the registration is closed.
   *
   * @param what describes it when asked, or returns null when nothing is left at that moment
   */
  public Registration leaving(Supplier<String> what) {
    Objects.requireNonNull(what, "what");
    Object key = new Object();
    synchronized (this) {
      leftovers.put(key, what);
    }
    return () -> {
      synchronized (this) {
        leftovers.remove(key);
      }
    };
  }

  /** What the running operation would leave behind if the process ended now; empty for nothing. */
  public List<String> leftBehind() {
    List<Supplier<String>> what;
    synchronized (this) {
      what = new ArrayList<>(leftovers.values());
    }
    return what.stream().map(Supplier::get).filter(Objects::nonNull).toList();
  }
}
