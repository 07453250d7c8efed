package io.pgsnap.cli;

import io.pgsnap.Pgsnap;
import io.pgsnap.RestoreConfirmation;
import io.pgsnap.RestoreMode;
import io.pgsnap.RestoreOptions;
import io.pgsnap.RestoreResult;
import io.pgsnap.crypto.Decryption;
import io.pgsnap.db.ConnectionSettings;
import io.pgsnap.storage.SnapshotAccess;
import java.io.Console;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code pgsnap restore}: load tables of a snapshot back into a database. */
@Command(
    name = "restore",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = {
      "Load tables of a snapshot into a database with COPY, in foreign-key order.",
      "Checks every file's checksum first, and each table's row count after loading. Runs in one"
          + " transaction: if anything fails, every target table is left as it was.",
      "User triggers do not fire on restored rows; foreign keys are checked; owned and identity"
          + " sequences end at their snapshot values."
    },
    sortOptions = false)
final class RestoreCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @ParentCommand Main main;

  @Parameters(
      paramLabel = "SNAPSHOT",
      description = {
        "The snapshot folder, as export printed it (backups/<db>-<time>),",
        S3Options.LOCATION
      })
  String snapshot;

  @Mixin ConnectionOptions connection;

  @Option(
      names = {"-t", "--table"},
      paramLabel = "PATTERN",
      description = {
        "Restore matching tables of the snapshot (repeatable): [schema.]table with * and ?;",
        "double quotes keep case and special characters. Default: every table."
      })
  List<String> tables = new ArrayList<>();

  @Option(
      names = "--mode",
      paramLabel = "empty|truncate|append",
      defaultValue = "empty",
      converter = ModeConverter.class,
      description = {
        "empty (default): load only into empty tables, refuse otherwise;",
        "truncate: empty the tables first (asks to confirm; a safety snapshot is taken; for an"
            + " s3:// snapshot give --safety-snapshot-dir or --no-safety-snapshot);",
        "append: add the rows to what the tables hold."
      })
  RestoreMode mode;

  @Option(
      names = "--cascade",
      description =
          "With --mode truncate, also empty tables outside the restore that reference"
              + " truncated ones (TRUNCATE ... CASCADE).")
  boolean cascade;

  @Option(
      names = "--create",
      description =
          "Create missing tables from the DDL in the snapshot; their indexes and constraints are"
              + " built after the data is loaded.")
  boolean create;

  @Option(
      names = "--into-schema",
      paramLabel = "SCHEMA",
      description = "Restore into this schema instead of each table's own (beside the original).")
  String intoSchema;

  @Option(
      names = "--rename",
      paramLabel = "OLD=NEW",
      description = {
        "Restore table OLD as NEW ([schema.]name; repeatable). Without --table, only the",
        "renamed tables are restored."
      })
  Map<String, String> renames = new LinkedHashMap<>();

  @Option(
      names = "--no-sequences",
      negatable = false,
      description = "Leave sequences as they are (default: set them to their snapshot values).")
  boolean noSequences;

  @Option(names = "--dry-run", description = "Print the plan and change nothing.")
  boolean dryRun;

  @Option(
      names = {"-y", "--yes"},
      description = "Run a plan that truncates tables without asking (needed off a terminal).")
  boolean yes;

  @Option(
      names = "--no-safety-snapshot",
      description = "Do not export the tables a truncating restore overwrites first.")
  boolean noSafetySnapshot;

  @Option(
      names = "--safety-snapshot-dir",
      paramLabel = "DIR",
      description =
          "Local folder for the safety snapshot (default: the folder holding SNAPSHOT; required"
              + " with --mode truncate when SNAPSHOT is in s3://).")
  Path safetySnapshotDir;

  @Option(
      names = "--lock-wait-timeout",
      paramLabel = "DURATION",
      converter = Converters.DurationConverter.class,
      description = "Fail if the target tables cannot be locked within this time (e.g. 30s).")
  Duration lockWaitTimeout;

  @Option(
      names = {"-j", "--jobs"},
      paramLabel = "N",
      defaultValue = "1",
      description = {
        "Load N tables at once, each in its own transaction (default 1: the whole restore in one"
            + " transaction).",
        "Only with --mode empty. Faster on several large tables, but NOT atomic: other sessions"
            + " can see tables partly restored, and on failure pgsnap empties the loaded tables"
            + " and drops the created ones itself."
      })
  int jobs;

  @Option(
      names = "--allow-type-changes",
      description =
          "Load into existing columns whose type cannot hold every snapshot value unchanged"
              + " (narrower numeric, shorter varchar, date for timestamps, ...); refused by"
              + " default.")
  boolean allowTypeChanges;

  @Option(
      names = "--allow-missing-keys",
      description =
          "Load into existing tables that lack a primary key or unique constraint the snapshot's"
              + " table has; refused by default.")
  boolean allowMissingKeys;

  @Option(
      names = "--keep-target-objects",
      description =
          "With --create: use a type, function, collation or extension the tables need that the"
              + " target already has with another definition than the snapshot's; refused by"
              + " default, listing each difference.")
  boolean keepTargetObjects;

  @Option(
      names = "--no-owner",
      description =
          "Leave the tables --create makes owned by the restoring role (no ALTER TABLE ... OWNER"
              + " TO); the original owner's privileges go to the restoring role.")
  boolean noOwner;

  @Option(
      names = "--no-privileges",
      description =
          "Leave out the snapshot's grants (no GRANT or REVOKE) on the tables --create makes;"
              + " they keep the default privileges.")
  boolean noPrivileges;

  @Option(
      names = "--verify-content",
      description =
          "Read each table the restore creates or empties back after loading it, in its"
              + " transaction, and compare its content fingerprint with the snapshot's; a"
              + " difference rolls the restore back (exit 3). Costs a full read of each table.")
  boolean verifyContent;

  @Mixin SignatureOption signature;

  @Mixin S3Options s3;

  @Mixin KeyOptions key;

  @Mixin OutputOptions output;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter out = spec.commandLine().getOut();
    RestoreOptions options =
        new RestoreOptions(
            tables,
            mode,
            cascade,
            create,
            intoSchema,
            renames,
            !noSequences,
            dryRun,
            yes,
            !noSafetySnapshot,
            safetySnapshotDir,
            lockWaitTimeout,
            jobs,
            allowTypeChanges,
            allowMissingKeys,
            noOwner,
            noPrivileges,
            keepTargetObjects,
            verifyContent,
            signature.key());
    ConnectionSettings settings = connection.resolve(err, main.environment());
    Optional<Decryption> decryption = key.resolve(main.environment(), err);
    // The restore's connection, plus the safety snapshot's export or the --jobs workers.
    // Connects on first use, after the snapshot's files have been checked.
    try (SnapshotAccess access = s3.access(snapshot, decryption);
        LazyPool pool = new LazyPool(settings, "pgsnap-restore", Math.max(2, jobs + 1));
        Progress progress = Progress.forTerminal(err, output.quiet, "Restoring")) {
      RestoreResult result =
          main.interrupts()
              .during(
                  () ->
                      Pgsnap.using(pool)
                          .withProgress(progress)
                          .withConfirmation(confirmation(err))
                          .withCancellation(main.interrupts().cancellation())
                          .restore(access.source(), options));
      progress.close();
      if (!result.dryRun() && !output.json) {
        // What was left out (a grant to a role the target lacks, ...) is said even with --quiet.
        result.plan().notes().stream().filter(n -> n.startsWith("warning: ")).forEach(err::println);
      }
      if (output.json) {
        out.println(JsonOutput.line(toJson(result)));
      } else if (result.dryRun()) {
        RestorePlanReport.lines(result.plan()).forEach(out::println);
        RestorePlanReport.statementLines(result.plan()).forEach(out::println);
        out.println("Dry run: nothing was changed.");
      } else if (!output.quiet) {
        if (result.safetySnapshot() != null) {
          err.println("safety snapshot of the truncated tables: " + result.safetySnapshot());
        }
        err.printf(
            "restored %s, %,d rows (row counts match the snapshot%s) in %s%n",
            RestorePlanReport.tables(result.plan().steps().size()),
            result.rowsLoaded(),
            result.contentChecked() == 0
                ? ""
                : "; content of "
                    + RestorePlanReport.tables(result.contentChecked())
                    + " read back and identical",
            Sizes.duration(result.elapsed()));
      }
      out.flush();
      err.flush();
      return 0;
    }
  }

  /** On a terminal, shows the plan and asks; elsewhere a destructive plan needs --yes. */
  private RestoreConfirmation confirmation(PrintWriter err) {
    Console console = System.console();
    if (console == null) {
      return RestoreConfirmation.REFUSE;
    }
    return plan -> {
      RestorePlanReport.lines(plan).forEach(err::println);
      err.flush();
      String answer =
          main.interrupts()
              .whileAsking(() -> console.readLine("This deletes rows. Type 'yes' to go on: "));
      return answer != null && answer.trim().toLowerCase(Locale.ROOT).equals("yes");
    };
  }

  private static Map<String, Object> toJson(RestoreResult result) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("snapshot", result.snapshot());
    json.put("dryRun", result.dryRun());
    json.put("rowsLoaded", result.rowsLoaded());
    json.put("contentChecked", result.contentChecked());
    json.put(
        "safetySnapshot",
        result.safetySnapshot() == null ? null : result.safetySnapshot().toString());
    json.put("durationMs", result.elapsed().toMillis());
    json.put("plan", RestorePlanReport.json(result.plan()));
    return json;
  }

  /** Parses {@code --mode}. */
  static final class ModeConverter implements picocli.CommandLine.ITypeConverter<RestoreMode> {
    @Override
    public RestoreMode convert(String value) {
      return RestoreMode.parse(value);
    }
  }
}
