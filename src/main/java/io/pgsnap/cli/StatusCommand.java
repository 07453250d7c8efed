package io.pgsnap.cli;

import io.pgsnap.ErrorCode;
import io.pgsnap.retention.SnapshotPlace;
import io.pgsnap.snapshot.Ages;
import io.pgsnap.snapshot.Manifest;
import io.pgsnap.verify.StatusCheck;
import io.pgsnap.verify.StatusOptions;
import io.pgsnap.verify.StatusReport;
import io.pgsnap.verify.StatusReport.Alert;
import io.pgsnap.verify.StatusReport.Newest;
import io.pgsnap.verify.StatusReport.Reason;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code pgsnap status}: one line for monitoring, and an exit status to act on. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = {
      "Print one line for monitoring and cron: the newest complete snapshot, its age, tables,"
          + " rows and size, and OK or ALERT.",
      "It alerts when there is no complete snapshot, when the newest one is older than"
          + " --max-age, (with --verify) when it fails a quick verification, or (with"
          + " --max-drill-age) when no recent drill passed."
    },
    sortOptions = false,
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {
      "0:healthy",
      "2:usage error",
      "4:alert: no complete snapshot, the newest is too old or broken, or no recent drill passed",
      "5:object storage cannot be reached",
      "7:the folder or bucket is missing or cannot be read"
    })
final class StatusCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @ParentCommand Main main;

  @Mixin PlaceArgument dir;

  @Option(
      names = "--max-age",
      paramLabel = "DURATION",
      defaultValue = "26h",
      converter = Converters.DurationConverter.class,
      description = "Alert when the newest complete snapshot is older (default: ${DEFAULT-VALUE}).")
  Duration maxAge;

  @Option(
      names = "--verify",
      description = "Also verify the newest complete snapshot (sizes and checksums; no --deep).")
  boolean verify;

  @Option(
      names = "--max-drill-age",
      paramLabel = "DURATION",
      converter = Converters.DurationConverter.class,
      description =
          "Also alert when no drill (pgsnap drill) passed within this time, of a snapshot that was"
              + " itself at most this old when drilled, e.g. 7d.")
  Duration maxDrillAge;

  @Mixin OutputOptions output;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    StatusOptions options = new StatusOptions(maxAge, verify, maxDrillAge);
    StatusReport report;
    try (SnapshotPlace place = dir.open()) {
      report = new StatusCheck(options, main.clock()).check(place);
    }
    if (output.json) {
      out.println(toJson(report));
    } else {
      out.println(line(report));
      if (!output.quiet) {
        for (Alert alert : report.alerts()) {
          err.println("pgsnap: " + alert.message());
        }
      }
    }
    out.flush();
    err.flush();
    return report.healthy() ? 0 : ErrorCode.ALERT.exitStatus();
  }

  /**
   * The monitoring line: {@code OK:} or {@code ALERT} with the reasons, then the newest complete
   * snapshot's figures.
   */
  static String line(StatusReport report) {
    String verdict =
        report.healthy()
            ? "OK"
            : "ALERT "
                + report.alerts().stream()
                    .map(a -> reasonText(a.reason()))
                    .distinct()
                    .collect(Collectors.joining(", "));
    if (report.newest().isEmpty()) {
      return verdict + ": no complete snapshot in " + report.dir();
    }
    Newest n = report.newest().get();
    StringBuilder line = new StringBuilder(verdict).append(": newest ").append(n.id());
    line.append(", age ").append(Ages.human(n.age()));
    if (hasReason(report, Reason.TOO_OLD)) {
      line.append(" (max ").append(Ages.human(report.maxAge())).append(')');
    }
    if (n.totals().isPresent()) {
      Manifest.Totals t = n.totals().get();
      line.append(", ")
          .append(t.tables())
          .append(t.tables() == 1 ? " table, " : " tables, ")
          .append(String.format(Locale.ROOT, "%,d rows, ", t.rows()))
          .append(Sizes.human(t.storedBytes()));
    } else {
      line.append(", manifest unreadable");
    }
    report
        .verification()
        .ifPresent(
            v -> {
              int problems = v.problems().size();
              line.append(
                  v.ok()
                      ? ", verified"
                      : ", " + problems + (problems == 1 ? " problem" : " problems"));
            });
    return line.toString();
  }

  private static boolean hasReason(StatusReport report, Reason reason) {
    return report.alerts().stream().anyMatch(a -> a.reason() == reason);
  }

  private static String reasonText(Reason reason) {
    return switch (reason) {
      case NO_SNAPSHOT -> "no snapshot";
      case TOO_OLD -> "too old";
      case BROKEN -> "broken";
      case NOT_DRILLED -> "no recent drill";
    };
  }

  private static String toJson(StatusReport report) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("status", report.healthy() ? "ok" : "alert");
    json.put("line", line(report));
    json.put("dir", report.dir());
    json.put("checkedAt", report.checkedAt().toString());
    json.put("maxAgeSeconds", report.maxAge().toSeconds());
    List<Map<String, Object>> alerts =
        report.alerts().stream()
            .map(
                a -> {
                  Map<String, Object> row = new LinkedHashMap<>();
                  row.put("reason", a.reason());
                  row.put("message", a.message());
                  return row;
                })
            .toList();
    json.put("alerts", alerts);
    Map<String, Object> newest = null;
    if (report.newest().isPresent()) {
      Newest n = report.newest().get();
      newest = new LinkedHashMap<>();
      newest.put("id", n.id());
      newest.put("path", n.path());
      newest.put("takenAt", n.takenAt().toString());
      newest.put("ageSeconds", n.age().toSeconds());
      newest.put("age", Ages.human(n.age()));
      if (n.totals().isPresent()) {
        newest.put("tables", n.totals().get().tables());
        newest.put("rows", n.totals().get().rows());
        newest.put("storedBytes", n.totals().get().storedBytes());
      }
    }
    json.put("newest", newest);
    json.put("verified", report.verification().map(v -> v.ok()).orElse(null));
    if (report.verification().isPresent()) {
      json.put("problems", JsonOutput.problems(report.verification().get().problems()));
    }
    return JsonOutput.line(json);
  }
}
