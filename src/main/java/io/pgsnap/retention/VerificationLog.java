package io.pgsnap.retention;

import io.pgsnap.snapshot.LoggedRuns;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The outcome of the last {@code verify} and the last {@code drill} of each snapshot, from {@code
 * pgsnap.log}. The log is append-only, so the last line for a snapshot is its newest run.
 */
final class VerificationLog {
  private VerificationLog() {}

  /** The newest verification of each snapshot id in {@code dir}'s log; empty when there is none. */
  static Map<String, Verification> read(Path dir) {
    return newest(dir, "verify");
  }

  /** The newest drill of each snapshot id in {@code dir}'s log; empty when there is none. */
  static Map<String, Verification> drills(Path dir) {
    return newest(dir, "drill");
  }

  private static Map<String, Verification> newest(Path dir, String command) {
    Map<String, Verification> newest = new HashMap<>();
    for (LoggedRuns.Run run : LoggedRuns.read(dir, command)) {
      newest.put(run.snapshot(), new Verification(run.passed(), run.time()));
    }
    return newest;
  }
}
