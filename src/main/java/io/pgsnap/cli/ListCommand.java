package io.pgsnap.cli;

import io.pgsnap.cli.AlignedColumns.Align;
import io.pgsnap.retention.SnapshotInfo;
import io.pgsnap.retention.SnapshotLister;
import io.pgsnap.retention.SnapshotPlace;
import io.pgsnap.retention.Verification;
import io.pgsnap.snapshot.Ages;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code pgsnap list}: the snapshots in a folder or bucket prefix, newest first. */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = {
      "List the snapshots in a folder or bucket prefix, newest first: id, when taken (UTC), age, state, tables,"
          + " rows, size, the time and result of the newest drill (pgsnap drill), and label.",
      "State is complete, partial (being written, or abandoned), failed verification (the newest"
          + " verify recorded in pgsnap.log failed) or unreadable (no readable manifest).",
      "In a bucket, a prefix without manifest.json is partial; runs are not recorded there, so no"
          + " verification or drill is shown."
    },
    sortOptions = false)
final class ListCommand implements Callable<Integer> {
  /** How list and prune print times: UTC, to the second. */
  static final DateTimeFormatter CREATED =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);

  /** The last drill of a snapshot in a place that records no runs (a bucket). */
  static final String NOT_RECORDED = "not recorded";

  @Spec CommandSpec spec;

  @ParentCommand Main main;

  @Mixin PlaceArgument dir;

  @Mixin OutputOptions output;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    List<SnapshotInfo> snapshots;
    boolean recordsRuns;
    try (SnapshotPlace place = dir.open()) {
      snapshots = new SnapshotLister(main.clock()).list(place);
      recordsRuns = place.logFolder().isPresent();
    }
    if (output.json) {
      out.println(toJson(snapshots));
    } else if (snapshots.isEmpty()) {
      if (!output.quiet) {
        err.println("no snapshots in " + dir.location);
      }
    } else {
      AlignedColumns table =
          new AlignedColumns(
              List.of(
                  "ID",
                  "CREATED (UTC)",
                  "AGE",
                  "STATE",
                  "TABLES",
                  "ROWS",
                  "SIZE",
                  "LAST DRILL (UTC)",
                  "LABEL"),
              List.of(
                  Align.LEFT,
                  Align.LEFT,
                  Align.RIGHT,
                  Align.LEFT,
                  Align.RIGHT,
                  Align.RIGHT,
                  Align.RIGHT,
                  Align.LEFT,
                  Align.LEFT));
      for (SnapshotInfo s : snapshots) {
        boolean figures = s.totals() != null;
        table.add(
            s.id(),
            CREATED.format(s.createdAt()),
            Ages.human(s.age()),
            s.state().words(),
            figures ? Integer.toString(s.totals().tables()) : "-",
            figures ? String.format(Locale.ROOT, "%,d", s.totals().rows()) : "-",
            figures ? Sizes.human(s.totals().storedBytes()) : "-",
            recordsRuns ? lastDrill(s.lastDrill()) : NOT_RECORDED,
            s.label() == null ? "" : s.label());
      }
      table.lines().forEach(out::println);
    }
    out.flush();
    err.flush();
    return 0;
  }

  private static String toJson(List<SnapshotInfo> snapshots) {
    List<Map<String, Object>> json = new ArrayList<>();
    for (SnapshotInfo s : snapshots) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("id", s.id());
      row.put("path", s.location());
      row.put("created", s.createdAt().toString());
      row.put("ageSeconds", s.age().toSeconds());
      row.put("state", s.state());
      row.put("tables", s.totals() == null ? null : s.totals().tables());
      row.put("rows", s.totals() == null ? null : s.totals().rows());
      row.put("storedBytes", s.totals() == null ? null : s.totals().storedBytes());
      row.put("label", s.label());
      row.put("lastVerification", toJson(s.lastVerification()));
      row.put("lastDrill", toJson(s.lastDrill()));
      json.add(row);
    }
    return JsonOutput.line(json);
  }

  /** The newest drill's time and result, or nothing when none is recorded. */
  static String lastDrill(Verification drill) {
    if (drill == null) {
      return "";
    }
    String result = drill.passed() ? "passed" : "FAILED";
    return drill.time() == null ? result : CREATED.format(drill.time()) + " " + result;
  }

  private static Map<String, Object> toJson(Verification check) {
    if (check == null) {
      return null;
    }
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("outcome", check.passed() ? "success" : "failure");
    Instant time = check.time();
    v.put("time", time == null ? null : time.toString());
    return v;
  }
}
