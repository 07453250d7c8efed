package io.pgsnap.cli;

import io.pgsnap.PgsnapException;
import io.pgsnap.cli.AlignedColumns.Align;
import io.pgsnap.retention.PruneOptions;
import io.pgsnap.retention.PruneResult;
import io.pgsnap.retention.Pruner;
import io.pgsnap.retention.RetentionPlan;
import io.pgsnap.retention.RetentionPolicy;
import io.pgsnap.retention.SnapshotPlace;
import io.pgsnap.storage.S3Location;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code pgsnap prune}: deletes snapshots by a retention policy in restic's terms. */
@Command(
    name = "prune",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = {
      "Delete the snapshots that no --keep rule keeps, as restic's forget does, and partial"
          + " folders that exports abandoned.",
      "A snapshot is kept if any rule keeps it. The rules apply to the snapshots of each database"
          + " separately. The newest complete snapshot is never deleted. Nothing but snapshot"
          + " folders is ever deleted, and symbolic links are never followed.",
      "In a bucket, a snapshot is the prefix s3://BUCKET/PREFIX/ID; one without manifest.json is"
          + " partial, and is removed with its pending multipart uploads once its newest object is"
          + " older than --partial-older-than."
    },
    sortOptions = false)
final class PruneCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @ParentCommand Main main;

  @Mixin PlaceArgument dir;

  @Option(
      names = "--keep-last",
      paramLabel = "N",
      converter = CountConverter.class,
      description = "Keep the newest N snapshots.")
  int keepLast;

  @Option(
      names = "--keep-within",
      paramLabel = "SPAN",
      converter = WithinConverter.class,
      description = {
        "Keep every snapshot taken within SPAN before the newest snapshot (not before now, as in"
            + " restic): years, months, days, hours, e.g. 30d, 1y6m, 2y5m7d3h (m means months)."
      })
  RetentionPolicy.Within keepWithin = RetentionPolicy.Within.NONE;

  @Option(
      names = "--keep-hourly",
      paramLabel = "N",
      converter = CountConverter.class,
      description = "For each of the last N hours that have snapshots, keep the newest one.")
  int keepHourly;

  @Option(
      names = "--keep-daily",
      paramLabel = "N",
      converter = CountConverter.class,
      description = "For each of the last N days that have snapshots, keep the newest one.")
  int keepDaily;

  @Option(
      names = "--keep-weekly",
      paramLabel = "N",
      converter = CountConverter.class,
      description = "For each of the last N ISO weeks that have snapshots, keep the newest one.")
  int keepWeekly;

  @Option(
      names = "--keep-monthly",
      paramLabel = "N",
      converter = CountConverter.class,
      description = "For each of the last N months that have snapshots, keep the newest one.")
  int keepMonthly;

  @Option(
      names = "--keep-yearly",
      paramLabel = "N",
      converter = CountConverter.class,
      description = {
        "For each of the last N years that have snapshots, keep the newest one.",
        "Hours, days, weeks, months and years are UTC. Every N may be 'unlimited'."
      })
  int keepYearly;

  @Option(
      names = "--partial-older-than",
      paramLabel = "DURATION",
      defaultValue = "24h",
      converter = Converters.DurationConverter.class,
      description = {
        "Delete .partial folders (left by exports that died) unchanged for longer than this"
            + " (default: ${DEFAULT-VALUE}); younger ones may be exports still running."
      })
  Duration partialOlderThan;

  @Option(
      names = {"-n", "--dry-run"},
      description = "Show what would be kept and deleted, and why; delete nothing.")
  boolean dryRun;

  @Mixin OutputOptions output;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    RetentionPolicy policy =
        new RetentionPolicy(
            keepLast, keepWithin, keepHourly, keepDaily, keepWeekly, keepMonthly, keepYearly);
    // Checked as the library checks it, before any storage is reached.
    PruneOptions.checkPartialOlderThan(partialOlderThan);
    PruneResult result;
    try (SnapshotPlace place = dir.open()) {
      result = new Pruner(main.clock()).prune(place, policy, partialOlderThan, dryRun);
    }
    if (output.json) {
      out.println(toJson(result));
    } else {
      if (!output.quiet) {
        err.println("applying policy: " + policy.describe());
      }
      if (result.plan().decisions().isEmpty()) {
        if (!output.quiet) {
          err.println("no snapshots in " + dir.location);
        }
      } else if (!output.quiet || dryRun) {
        // Quiet suits cron: silent when it works. A dry run exists to show the table.
        AlignedColumns table =
            new AlignedColumns(
                List.of("ACTION", "SNAPSHOT", "CREATED (UTC)", "REASONS"),
                List.of(Align.LEFT, Align.LEFT, Align.LEFT, Align.LEFT));
        for (RetentionPlan.Decision d : result.plan().decisions()) {
          table.add(
              d.keep() ? "keep" : "remove",
              d.snapshot().name(),
              ListCommand.CREATED.format(d.snapshot().takenAt()),
              String.join(", ", d.reasons()));
        }
        table.lines().forEach(out::println);
      }
      if (!output.quiet) {
        err.println(summary(result));
      }
    }
    out.flush();
    err.flush();
    return 0;
  }

  /** One line: what was (or would be) removed and kept. */
  static String summary(PruneResult result) {
    long removedSnapshots = count(result.plan().removed(), false);
    long removedPartials = count(result.plan().removed(), true);
    long keptSnapshots = count(result.plan().kept(), false);
    long keptPartials = count(result.plan().kept(), true);
    boolean dry = result.dryRun();
    List<String> removed = new ArrayList<>();
    if (removedSnapshots > 0) {
      removed.add(plural(removedSnapshots, "snapshot", "snapshots"));
    }
    if (removedPartials > 0) {
      String partial = S3Location.isS3(result.location()) ? "snapshot" : "folder";
      removed.add(
          plural(
              removedPartials,
              "abandoned partial " + partial,
              "abandoned partial " + partial + "s"));
    }
    StringBuilder s =
        new StringBuilder(dry ? "dry run, nothing deleted: would remove " : "removed ");
    if (removed.isEmpty()) {
      s.append("nothing");
    } else {
      s.append(String.join(" and ", removed))
          .append(" (")
          .append(dry ? "" : "freed ")
          .append(Sizes.human(result.freedBytes()))
          .append(')');
    }
    s.append(dry ? ", keep " : ", kept ").append(plural(keptSnapshots, "snapshot", "snapshots"));
    if (keptPartials > 0) {
      s.append(" and ")
          .append(
              plural(
                  keptPartials,
                  "partial folder that may be a running export",
                  "partial folders that may be running exports"));
    }
    return s.toString();
  }

  private static long count(List<RetentionPlan.Decision> decisions, boolean partial) {
    return decisions.stream().filter(d -> d.snapshot().partial() == partial).count();
  }

  private static String plural(long n, String one, String many) {
    return n + " " + (n == 1 ? one : many);
  }

  private static String toJson(PruneResult result) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("dir", result.location());
    json.put("dryRun", result.dryRun());
    json.put("kept", result.plan().kept().size());
    json.put("removed", result.plan().removed().size());
    json.put("freedBytes", result.freedBytes());
    json.put("durationMs", result.elapsed().toMillis());
    List<Map<String, Object>> snapshots = new ArrayList<>();
    for (RetentionPlan.Decision d : result.plan().decisions()) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("folder", d.snapshot().name());
      row.put("id", d.snapshot().id());
      row.put("partial", d.snapshot().partial());
      row.put("created", d.snapshot().takenAt().toString());
      row.put("action", d.action());
      row.put("reasons", d.reasons());
      snapshots.add(row);
    }
    json.put("snapshots", snapshots);
    return JsonOutput.line(json);
  }

  /** A count of snapshots: a number, or {@code unlimited} as in restic. */
  static final class CountConverter implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      String v = value.trim().toLowerCase(Locale.ROOT);
      if (v.equals("unlimited")) {
        return RetentionPolicy.UNLIMITED;
      }
      try {
        int n = Integer.parseInt(v);
        if (n < 0) {
          throw new TypeConversionException(
              "'" + value + "' is negative: give a number of snapshots, or 'unlimited'");
        }
        return n;
      } catch (NumberFormatException e) {
        throw new TypeConversionException(
            "'" + value + "' is not a number of snapshots: give e.g. 7, or 'unlimited'");
      }
    }
  }

  /** A {@code --keep-within} span in restic's syntax. */
  static final class WithinConverter implements ITypeConverter<RetentionPolicy.Within> {
    @Override
    public RetentionPolicy.Within convert(String value) {
      try {
        return RetentionPolicy.Within.parse(value);
      } catch (PgsnapException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
