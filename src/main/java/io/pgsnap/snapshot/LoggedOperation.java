package io.pgsnap.snapshot;

import io.pgsnap.PgsnapException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Runs one operation on a snapshot and appends its line to the {@code pgsnap.log} of the folder
 * that holds the snapshot: {@code time}, {@code command}, {@code outcome}, {@code durationMs} and
 * the operation's figures, or the error when it failed.
 */
public final class LoggedOperation {

  private LoggedOperation() {}

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
   * Runs {@code operation} and logs it in {@code snapshot}'s parent folder. The log is only
   * appended to when that folder exists, so a mistyped path never creates folders; a log that
   * cannot be written draws a warning, since the operation itself has succeeded or failed already.
   *
   * @param snapshot the snapshot folder the operation is about
   * @param command the command's name, e.g. {@code inspect}
   * @param clock where the time of the log line comes from
   * @param operation the operation
   * @param describe turns the operation's result into the outcome to log
   * @return what {@code operation} returned
   */
  public static <T> T run(
      Path snapshot,
      String command,
      Clock clock,
      Supplier<T> operation,
      Function<T, Outcome> describe) {
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("time", clock.instant().toString());
    entry.put("command", command);
    String name = snapshot.getFileName() == null ? "" : snapshot.getFileName().toString();
    long started = System.nanoTime();
    try {
      T result = operation.get();
      Outcome outcome = describe.apply(result);
      entry.put("outcome", outcome.outcome());
      entry.put("durationMs", Duration.ofNanos(System.nanoTime() - started).toMillis());
      entry.put("snapshot", name);
      entry.putAll(outcome.figures());
      append(snapshot, entry);
      return result;
    } catch (RuntimeException e) {
      entry.put("outcome", "failure");
      entry.put("durationMs", Duration.ofNanos(System.nanoTime() - started).toMillis());
      entry.put("snapshot", name);
      if (e instanceof PgsnapException pe) {
        entry.put("errorCode", pe.code());
      }
      entry.put("error", String.valueOf(e.getMessage()));
      append(snapshot, entry);
      throw e;
    }
  }

  private static void append(Path snapshot, Map<String, Object> entry) {
    Path dir = snapshot.toAbsolutePath().normalize().getParent();
    if (dir != null) {
      new OperationLog(dir).appendIfFolderExists(entry);
    }
  }
}
