package io.pgsnap.snapshot;

import io.pgsnap.ErrorCode;
import io.pgsnap.PgsnapException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one operation and appends its line to a {@code pgsnap.log}: the one place that writes those
 * lines, so every command's line has the same shape.
 *
 * <p>A line holds, in this order: {@code time}, {@code command}, the request's context (what the
 * caller asked for, e.g. {@code database} or {@code jobs}), {@code outcome}, {@code durationMs},
 * {@code snapshot} (for an operation on one snapshot), the operation's figures, and on failure
 * {@code errorCode} and {@code error}; an operation cancelled by {@link io.pgsnap.Cancellation} is
 * logged with the outcome {@code interrupted}. An operation that times itself may carry {@code
 * durationMs} among its figures instead; it is then logged there, in place of the measured one, so
 * a line can report the same duration as the operation's result.
 *
 * <p>A line that cannot be written draws a warning and never fails the operation, which has already
 * succeeded or failed. Instances are immutable; each {@code with...} returns a new one.
 */
public final class LoggedOperation {
  private static final Logger log = LoggerFactory.getLogger(LoggedOperation.class);

  private static final String DURATION = "durationMs";

  private final Path dir;
  private final String snapshot;
  private final String command;
  private final Clock clock;
  private final boolean createFolder;
  private final Map<String, Object> context;

  private LoggedOperation(
      Path dir,
      String snapshot,
      String command,
      Clock clock,
      boolean createFolder,
      Map<String, Object> context) {
    this.dir = dir;
    this.snapshot = snapshot;
    this.command = Objects.requireNonNull(command, "command");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.createFolder = createFolder;
    this.context = context;
  }

  /**
   * How an operation ended, for its log line.
   *
   * @param outcome a word such as {@code success} or {@code mismatch}
   * @param figures what the operation found, in the order they are logged; never a password
   */
  public record Outcome(String outcome, Map<String, Object> figures) {
    public Outcome {
      Objects.requireNonNull(outcome, "outcome");
      figures = new LinkedHashMap<>(figures);
    }
  }

  /**
   * An operation on one snapshot, logged in the folder that holds it, with the snapshot's name as
   * {@code snapshot}. The log is only appended to when that folder exists, so a mistyped path never
   * creates folders.
   *
   * @param snapshot the snapshot folder the operation is about
   * @param command the command's name, e.g. {@code inspect}
   * @param clock where the time of the log line comes from
   */
  public static LoggedOperation onSnapshot(Path snapshot, String command, Clock clock) {
    Path dir = snapshot.toAbsolutePath().normalize().getParent();
    String name = snapshot.getFileName() == null ? "" : snapshot.getFileName().toString();
    return new LoggedOperation(dir, name, command, clock, false, Map.of());
  }

  /**
   * An operation that no {@code pgsnap.log} records: one on a snapshot in object storage, which has
   * no local folder beside it.
   *
   * @param command the command's name, e.g. {@code restore}
   * @param clock where the time would come from
   */
  public static LoggedOperation unlogged(String command, Clock clock) {
    return new LoggedOperation(null, null, command, clock, false, Map.of());
  }

  /**
   * An operation on a folder of snapshots (export's output folder, the folder prune or status
   * reads), logged in that folder. The log is only appended to when the folder exists, unless
   * {@link #creatingFolder()} says otherwise.
   *
   * @param dir the folder whose {@code pgsnap.log} gets the line
   * @param command the command's name, e.g. {@code prune}
   * @param clock where the time of the log line comes from
   */
  public static LoggedOperation inFolder(Path dir, String command, Clock clock) {
    return new LoggedOperation(
        Objects.requireNonNull(dir, "dir"), null, command, clock, false, Map.of());
  }

  /**
   * The same operation, whose log folder is created when it is missing: export's output folder may
   * not exist yet when an export fails, and its failure must still be recorded.
   */
  public LoggedOperation creatingFolder() {
    return new LoggedOperation(dir, snapshot, command, clock, true, context);
  }

  /**
   * The same operation with one more context field, logged after {@code command} in the order
   * added. Context describes the request (target database or host, tables asked for, jobs), so it
   * is logged whether the operation succeeds or fails.
   *
   * @param field the field's name; never one that could hold a password
   * @param value its value, as JSON can write it
   * @throws IllegalArgumentException for a field named like a password or a fixed field
   */
  public LoggedOperation withContext(String field, Object value) {
    Objects.requireNonNull(field, "field");
    // A log line is for people and log shippers: a secret in it would leak far and for long.
    String lower = field.toLowerCase(Locale.ROOT);
    if (lower.contains("password") || lower.contains("secret")) {
      throw new IllegalArgumentException("a log line never holds a password: " + field);
    }
    if (isFixed(field) || (snapshot != null && field.equals("snapshot"))) {
      throw new IllegalArgumentException(field + " is a fixed field of the log line");
    }
    Map<String, Object> more = new LinkedHashMap<>(context);
    more.put(field, value);
    return new LoggedOperation(
        dir, snapshot, command, clock, createFolder, Collections.unmodifiableMap(more));
  }

  /**
   * The same operation with several context fields, in {@code fields}' order.
   *
   * @see #withContext(String, Object)
   */
  public LoggedOperation withContext(Map<String, ?> fields) {
    LoggedOperation result = this;
    for (Map.Entry<String, ?> f : fields.entrySet()) {
      result = result.withContext(f.getKey(), f.getValue());
    }
    return result;
  }

  /**
   * Runs {@code operation} and logs its line.
   *
   * @param operation the operation
   * @param describe turns the operation's result into the outcome to log
   * @return what {@code operation} returned
   */
  public <T> T run(Supplier<T> operation, Function<T, Outcome> describe) {
    return run(operation, describe, Map::of);
  }

  /**
   * Runs {@code operation} and logs its line; a failure line also carries {@code figuresSoFar}, for
   * an operation whose partial progress matters (prune: what was removed before a deletion failed).
   *
   * @param operation the operation
   * @param describe turns the operation's result into the outcome to log
   * @param figuresSoFar the figures for a failure line, asked for after the operation failed
   * @return what {@code operation} returned
   */
  public <T> T run(
      Supplier<T> operation,
      Function<T, Outcome> describe,
      Supplier<Map<String, Object>> figuresSoFar) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("time", clock.instant().toString());
    line.put("command", command);
    line.putAll(context);
    long started = System.nanoTime();
    try {
      T result = operation.get();
      Outcome outcome = describe.apply(result);
      finish(line, outcome.outcome(), started, outcome.figures());
      append(line);
      return result;
    } catch (RuntimeException e) {
      boolean interrupted = e instanceof PgsnapException pe && pe.code() == ErrorCode.INTERRUPTED;
      finish(line, interrupted ? "interrupted" : "failure", started, figuresSoFar.get());
      if (e instanceof PgsnapException pe) {
        line.put("errorCode", pe.code());
        line.put("error", pe.logMessage());
      } else {
        line.put("error", String.valueOf(e.getMessage()));
      }
      append(line);
      throw e;
    }
  }

  /**
   * Runs {@code operation} on {@code snapshot} and logs it in the snapshot's parent folder, as
   * {@code onSnapshot(snapshot, command, clock).run(operation, describe)} does.
   */
  public static <T> T run(
      Path snapshot,
      String command,
      Clock clock,
      Supplier<T> operation,
      Function<T, Outcome> describe) {
    return onSnapshot(snapshot, command, clock).run(operation, describe);
  }

  private void finish(
      Map<String, Object> line, String outcome, long started, Map<String, Object> figures) {
    line.put("outcome", outcome);
    if (!figures.containsKey(DURATION)) {
      line.put(DURATION, Duration.ofNanos(System.nanoTime() - started).toMillis());
    }
    if (snapshot != null) {
      line.put("snapshot", snapshot);
    }
    line.putAll(figures);
  }

  private static boolean isFixed(String field) {
    return switch (field) {
      case "time", "command", "outcome", DURATION, "errorCode", "error" -> true;
      default -> false;
    };
  }

  private void append(Map<String, Object> line) {
    if (dir == null) {
      log.debug("not logging {}: no local folder to log in", command);
      return;
    }
    OperationLog operationLog = new OperationLog(dir);
    if (!createFolder) {
      operationLog.appendIfFolderExists(line);
      return;
    }
    try {
      operationLog.append(line);
    } catch (IOException | RuntimeException e) {
      log.warn("could not append to {}: {}", operationLog.file(), e.toString());
    }
  }
}
