package io.pgsnap.cli;

import io.pgsnap.ErrorCode;
import io.pgsnap.OutOfMemory;
import io.pgsnap.PgsnapException;
import io.pgsnap.Versions;
import io.pgsnap.db.Environment;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;

/** The {@code pgsnap} command: lists the subcommands and maps failures to exit statuses. */
@Command(
    name = "pgsnap",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Table-by-table PostgreSQL snapshots over JDBC: no pg_dump needed.",
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {
      "0:success",
      "1:failure not covered below",
      "2:usage error: bad option, a table pattern that matches nothing, or a restore refused",
      "3:integrity or validation mismatch",
      "4:monitoring alert",
      "5:connection failed or lost (server down, wrong password, no such database)",
      "6:permission denied in the database (SELECT, INSERT, ownership, row security)",
      "7:storage error (disk full, folder not writable or readable)",
      "130:export or restore interrupted by SIGINT (Ctrl-C), after cleaning up",
      "143:export or restore interrupted by SIGTERM, after cleaning up"
    })
public final class Main {
  /**
   * The subcommands by name, in the order {@code --help} lists them. Added when the command line is
   * built rather than named in the annotation, so that a run builds only the one it runs: picocli
   * reflects over every option of every subcommand it is given, a tenth of a second or more of a
   * short run's start-up.
   */
  static final Map<String, Class<?>> SUBCOMMANDS = subcommands();

  private static Map<String, Class<?>> subcommands() {
    Map<String, Class<?>> byName = new LinkedHashMap<>();
    byName.put("export", ExportCommand.class);
    byName.put("restore", RestoreCommand.class);
    byName.put("list", ListCommand.class);
    byName.put("prune", PruneCommand.class);
    byName.put("verify", VerifyCommand.class);
    byName.put("status", StatusCommand.class);
    byName.put("compare", CompareCommand.class);
    byName.put("inspect", InspectCommand.class);
    byName.put("drill", DrillCommand.class);
    byName.put("demo", DemoCommand.class);
    byName.put("help", CommandLine.HelpCommand.class);
    return Collections.unmodifiableMap(byName);
  }

  /** What "now" is for the subcommands that judge ages (status); passed in, never global. */
  private final Clock clock;

  /** How signals reach export and restore; none when pgsnap runs inside another program. */
  private final Interrupts interrupts;

  /**
   * Where connection defaults and passwords come from (PGPASSWORD, ~/.pgpass, ...): the process's
   * own, or one given by a program that runs pgsnap's commands inside itself (the demo).
   */
  private final Environment environment;

  private Main(Clock clock, Interrupts interrupts, Environment environment) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.interrupts = Objects.requireNonNull(interrupts, "interrupts");
    this.environment = Objects.requireNonNull(environment, "environment");
  }

  /** The clock the subcommands use. */
  Clock clock() {
    return clock;
  }

  /** Signals that arrive while the command runs. */
  Interrupts interrupts() {
    return interrupts;
  }

  /** The environment connection settings are resolved in. */
  Environment environment() {
    return environment;
  }

  public static void main(String[] args) {
    Interrupts interrupts = Interrupts.install(System.err);
    Logging.configure(args);
    System.exit(
        executed(commandLine(Clock.systemUTC(), interrupts, Environment.system(), args), args));
  }

  /**
   * Runs {@code args}, and as the last resort, wherever memory ran out outside the places that name
   * their table, says so in one line with what to do: never a stack trace.
   */
  private static int executed(CommandLine commandLine, String... args) {
    try {
      return commandLine.execute(args);
    } catch (OutOfMemoryError e) {
      commandLine.getErr().println("pgsnap: " + OutOfMemory.message(""));
      commandLine.getErr().flush();
      return ErrorCode.FAILURE.exitStatus();
    }
  }

  /**
   * Runs pgsnap with {@code args} and returns the exit status, without exiting; signals keep their
   * default handling.
   */
  public static int run(String... args) {
    Logging.configure(args);
    return executed(
        commandLine(Clock.systemUTC(), Interrupts.none(), Environment.system(), args), args);
  }

  /** The configured command line, for tests that capture its output. */
  public static CommandLine commandLine() {
    return commandLine(Clock.systemUTC());
  }

  /**
   * The configured command line, whose subcommands take the time from {@code clock}: tests of ages
   * and retention use a fixed clock.
   */
  public static CommandLine commandLine(Clock clock) {
    return commandLine(clock, Interrupts.none(), Environment.system());
  }

  /**
   * The configured command line, resolving connections in {@code environment} instead of the
   * process's: a program that runs pgsnap's commands inside itself passes their password this way.
   */
  public static CommandLine commandLine(Clock clock, Environment environment) {
    return commandLine(clock, Interrupts.none(), environment);
  }

  private static CommandLine commandLine(
      Clock clock, Interrupts interrupts, Environment environment) {
    return commandLine(clock, interrupts, environment, new String[0]);
  }

  /**
   * The command line for {@code args}: when they start with a subcommand's name, with that
   * subcommand alone; otherwise ({@code --help}, {@code help}, a mistyped name, nothing) with all,
   * so that help and errors list them all.
   */
  static CommandLine commandLine(
      Clock clock, Interrupts interrupts, Environment environment, String[] args) {
    Main main = new Main(clock, interrupts, environment);
    CommandLine cl = new CommandLine(main);
    String first = args.length > 0 ? args[0] : "";
    boolean one = SUBCOMMANDS.containsKey(first) && !first.equals("help");
    SUBCOMMANDS.forEach(
        (name, type) -> {
          if (!one || name.equals(first)) {
            cl.addSubcommand(name, type);
          }
        });
    // After the subcommands, so that it reaches every Path option and parameter of theirs.
    cl.registerConverter(Path.class, new Converters.LocalPathConverter());
    cl.setExecutionExceptionHandler(main::handleFailure);
    // Usage errors keep picocli's status 2; failures get theirs from handleFailure.
    return cl;
  }

  /**
   * Failures print one line; the stack trace only with {@code --verbose}. An interrupted operation
   * exits with its signal's status.
   */
  private int handleFailure(
      Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
    PrintWriter err = commandLine.getErr();
    boolean verbose =
        parseResult.hasMatchedOption("--verbose")
            || parseResult.subcommands().stream().anyMatch(p -> p.hasMatchedOption("--verbose"));
    if (e instanceof PgsnapException pe) {
      err.println("pgsnap: " + pe.getMessage());
      if (verbose) {
        e.printStackTrace(err);
      }
      err.flush();
      return pe.code() == ErrorCode.INTERRUPTED ? interrupts.exitStatus() : pe.code().exitStatus();
    }
    err.println("pgsnap: unexpected error: " + e);
    if (verbose) {
      e.printStackTrace(err);
    } else {
      err.println("pgsnap: run again with --verbose for details, and report it if it persists");
    }
    err.flush();
    return ErrorCode.FAILURE.exitStatus();
  }

  /** Prints pgsnap's version and the Java runtime it runs on. */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {
        "pgsnap " + Versions.pgsnap(),
        "Java "
            + System.getProperty("java.version")
            + " ("
            + System.getProperty("java.vendor")
            + ")"
      };
    }
  }
}
