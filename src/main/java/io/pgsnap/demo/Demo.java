package io.pgsnap.demo;

import io.pgsnap.ErrorCode;
import io.pgsnap.PgsnapException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.sql.DataSource;

/**
 * The demo's tour, on a database it may fill: each step is printed as a person would type it, run,
 * and its exit status checked against the one the step shows off. A step that ends otherwise stops
 * the tour with an error that names it.
 */
public final class Demo {
  /** Runs one pgsnap command line, printing to the demo's output, and returns its exit status. */
  @FunctionalInterface
  public interface Commands {
    int run(List<String> args);
  }

  /**
   * Where the tour runs.
   *
   * @param url the sample database's connection string, without a password: it is printed, and the
   *     commands find it in {@code DATABASE_URL}
   * @param database the same database, for the statements the demo runs itself
   * @param workDir an empty folder for the snapshots
   */
  public record Target(String url, DataSource database, Path workDir) {}

  private static final Pattern PLAIN_WORD = Pattern.compile("[A-Za-z0-9_./:@=,+%-]+");

  private final PrintWriter out;
  private final Commands commands;

  public Demo(PrintWriter out, Commands commands) {
    this.out = out;
    this.commands = commands;
  }

  /** Loads the sample database into {@code target} and takes the tour; returns its duration. */
  public Duration run(Target target) {
    long started = System.nanoTime();
    say("loading the sample database: " + SampleDatabase.DESCRIPTION);
    SampleDatabase.load(target.database());
    Path backups = target.workDir().resolve("backups");
    out.println("$ export DATABASE_URL=" + shellWord(target.url()));
    Map<String, String> shown = new HashMap<>();
    shown.put(target.url(), "\"$DATABASE_URL\"");

    say("1. take a snapshot: every table into its own file, with checksums and a manifest");
    step(shown, 0, "export", "--out", backups.toString());
    String snapshot = onlySnapshotIn(backups).toString();
    out.println("$ snap=" + shellWord(snapshot));
    shown.put(snapshot, "\"$snap\"");

    say("2. check the snapshot's files against its checksums and manifest");
    step(shown, 0, "verify", snapshot);

    say("3. prove it restores: rebuild every table in a scratch database and compare contents");
    step(shown, 0, "drill", snapshot, "--url", target.url());

    say("4. change one value in the database; the row count stays the same");
    out.println("$ psql \"$DATABASE_URL\" -c " + shellWord(SampleDatabase.CHANGE));
    out.println("UPDATE " + SampleDatabase.execute(target.database(), SampleDatabase.CHANGE));
    out.flush();

    say("5. compare the database with the snapshot, values included: it finds the change");
    step(shown, 3, "compare", snapshot, "--content", "--keys", "5");

    say("6. restore that one table from the snapshot");
    step(
        shown,
        0,
        "restore",
        snapshot,
        "--table",
        SampleDatabase.CHANGED_TABLE,
        "--mode",
        "truncate",
        "--yes");

    say("7. compare again: the database holds what the snapshot holds");
    step(shown, 0, "compare", snapshot, "--content");
    return Duration.ofNanos(System.nanoTime() - started);
  }

  private void say(String line) {
    out.println();
    out.println("# " + line);
    out.flush();
  }

  /** Prints {@code args} as typed, with {@code shown}'s values as their shell variables. */
  private void step(Map<String, String> shown, int expectedStatus, String... args) {
    List<String> words = new ArrayList<>();
    for (String arg : args) {
      words.add(shown.getOrDefault(arg, shellWord(arg)));
    }
    out.println("$ pgsnap " + String.join(" ", words));
    out.flush();
    int status = commands.run(List.of(args));
    out.flush();
    if (status != expectedStatus) {
      throw new PgsnapException(
          ErrorCode.FAILURE,
          "the demo's step `pgsnap "
              + String.join(" ", words)
              + "` exited with status "
              + status
              + " where "
              + expectedStatus
              + " was expected; its output above says why");
    }
    if (status != 0) {
      out.println("(exit status " + status + ", as expected: the content differs)");
    }
  }

  private static Path onlySnapshotIn(Path folder) {
    try (Stream<Path> children = Files.list(folder)) {
      List<Path> snapshots =
          children.filter(p -> Files.isRegularFile(p.resolve("manifest.json"))).toList();
      if (snapshots.size() != 1) {
        throw new IllegalStateException(
            "the demo expected one snapshot in " + folder + ", found " + snapshots.size());
      }
      return snapshots.get(0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code word} as a POSIX shell reads it back: bare when safe, else in single quotes. */
  static String shellWord(String word) {
    if (PLAIN_WORD.matcher(word).matches()) {
      return word;
    }
    return "'" + word.replace("'", "'\\''") + "'";
  }
}
