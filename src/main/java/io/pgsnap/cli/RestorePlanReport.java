package io.pgsnap.cli;

import io.pgsnap.RestorePlan;
import io.pgsnap.RestorePlan.Action;
import io.pgsnap.RestorePlan.ForeignKeyRef;
import io.pgsnap.RestorePlan.SequenceReset;
import io.pgsnap.RestorePlan.Step;
import io.pgsnap.catalog.Identifiers;
import io.pgsnap.cli.AlignedColumns.Align;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A restore plan in words (for {@code --dry-run} and confirmation) and as JSON. */
final class RestorePlanReport {
  private RestorePlanReport() {}

  static List<String> lines(RestorePlan plan) {
    List<String> lines = new ArrayList<>();
    lines.add(
        "Restore plan: "
            + tables(plan.steps().size())
            + ", "
            + String.format("%,d", plan.rows())
            + " rows from snapshot "
            + plan.snapshotId()
            + ", mode "
            + plan.mode()
            + (plan.jobs() == 1
                ? ", in one transaction"
                : ", " + plan.jobs() + " tables at a time, each in its own transaction"));
    AlignedColumns table =
        new AlignedColumns(
            List.of("#", "target", "action", "rows", "from"),
            List.of(Align.RIGHT, Align.LEFT, Align.LEFT, Align.RIGHT, Align.LEFT));
    int n = 0;
    for (Step s : plan.steps()) {
      n++;
      List<String> details = new ArrayList<>();
      if (!s.triggersDisabled().isEmpty()) {
        details.add("triggers off while loading: " + String.join(", ", s.triggersDisabled()));
      }
      table.add(
          List.of(
              Integer.toString(n),
              s.target().display(),
              action(s),
              String.format("%,d", s.rows()),
              s.source().equals(s.target()) ? s.file() : s.source().display() + ", " + s.file()),
          details);
    }
    table.lines().forEach(l -> lines.add("  " + l));
    if (!plan.cascaded().isEmpty()) {
      lines.add("Emptied too by --cascade (they reference truncated tables):");
      plan.cascaded().forEach(t -> lines.add("  " + t.display()));
    }
    if (!plan.deferredForeignKeys().isEmpty()) {
      lines.add("Foreign keys in a cycle, dropped while loading and added again (checked) after:");
      for (ForeignKeyRef k : plan.deferredForeignKeys()) {
        lines.add(
            "  "
                + k.table().display()
                + " "
                + Identifiers.display(k.name())
                + " -> "
                + k.references().display());
      }
    }
    if (!plan.sequences().isEmpty()) {
      lines.add("Sequences set to their snapshot values:");
      for (SequenceReset r : plan.sequences()) {
        lines.add(
            "  "
                + r.describe()
                + " = "
                + r.lastValue()
                + (r.called() ? "" : " (not yet used)")
                + (r.create() ? " (created)" : ""));
      }
    }
    plan.notes().forEach(note -> lines.add("Note: " + note));
    return lines;
  }

  /**
   * The statements the restore runs, each ended by {@code ;} and otherwise exactly as sent, so what
   * a snapshot's DDL would do can be read before anything runs.
   */
  static List<String> statementLines(RestorePlan plan) {
    List<String> lines = new ArrayList<>();
    lines.add("Statements, in the order they run (COPY data and catalog reads aside):");
    plan.statements().forEach(sql -> lines.add(sql + ";"));
    return lines;
  }

  static String tables(int n) {
    return n + (n == 1 ? " table" : " tables");
  }

  private static String action(Step s) {
    return switch (s.action()) {
      case CREATE -> "create";
      case LOAD -> "load (empty)";
      case TRUNCATE -> s.existingRows() ? "truncate, load" : "truncate (empty), load";
      case APPEND -> s.existingRows() ? "append" : "append (empty)";
    };
  }

  static Map<String, Object> json(RestorePlan plan) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("snapshot", plan.snapshotId());
    json.put("mode", plan.mode().toString());
    json.put("destructive", plan.destructive());
    json.put("jobs", plan.jobs());
    json.put("rows", plan.rows());
    List<Map<String, Object>> steps = new ArrayList<>();
    for (Step s : plan.steps()) {
      Map<String, Object> step = new LinkedHashMap<>();
      step.put("source", s.source().toString());
      step.put("target", s.target().toString());
      step.put("targetSchema", s.target().schema());
      step.put("targetName", s.target().name());
      step.put("action", s.action().name().toLowerCase(java.util.Locale.ROOT));
      step.put("targetHadRows", s.existingRows());
      step.put("rows", s.rows());
      step.put("file", s.file());
      step.put("triggersDisabled", s.triggersDisabled());
      steps.add(step);
    }
    json.put("steps", steps);
    json.put("cascaded", plan.cascaded().stream().map(Object::toString).toList());
    List<Map<String, Object>> keys = new ArrayList<>();
    for (ForeignKeyRef k : plan.deferredForeignKeys()) {
      Map<String, Object> key = new LinkedHashMap<>();
      key.put("table", k.table().toString());
      key.put("name", k.name());
      key.put("references", k.references().toString());
      keys.add(key);
    }
    json.put("deferredForeignKeys", keys);
    List<Map<String, Object>> sequences = new ArrayList<>();
    for (SequenceReset r : plan.sequences()) {
      Map<String, Object> seq = new LinkedHashMap<>();
      seq.put("sequence", r.sequence() == null ? null : r.sequence().toString());
      seq.put("table", r.table() == null ? null : r.table().toString());
      seq.put("column", r.column());
      seq.put("lastValue", r.lastValue());
      seq.put("called", r.called());
      seq.put("create", r.create());
      sequences.add(seq);
    }
    json.put("sequences", sequences);
    json.put("notes", plan.notes());
    json.put("statements", plan.statements());
    return json;
  }

  static boolean truncates(RestorePlan plan) {
    return plan.steps().stream().anyMatch(s -> s.action() == Action.TRUNCATE);
  }
}
