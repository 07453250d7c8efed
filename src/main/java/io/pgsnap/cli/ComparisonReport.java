package io.pgsnap.cli;

import io.pgsnap.cli.AlignedColumns.Align;
import io.pgsnap.verify.Comparison;
import io.pgsnap.verify.Comparison.Difference;
import io.pgsnap.verify.Comparison.TableComparison;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code pgsnap compare}'s output: the aligned table of row counts and statuses with a summary, and
 * the same as a JSON value. Pure, so that its layout is unit-tested.
 */
final class ComparisonReport {
  private ComparisonReport() {}

  /**
   * The human-readable report.
   *
   * @param c the comparison
   * @param quiet only the differing tables and the summary, without the header
   * @return the lines
   */
  static List<String> lines(Comparison c, boolean quiet) {
    List<String> lines = new ArrayList<>();
    if (!quiet) {
      AlignedColumns header =
          new AlignedColumns(
              List.of(c.first().name() + ":", c.first().description()),
              List.of(Align.LEFT, Align.LEFT));
      header.add(c.second().name() + ":", c.second().description());
      header.add("rows:", counting(c));
      ContentReport.header(c).forEach(line -> header.add("content:", line));
      lines.addAll(header.lines());
      lines.add("");
    }
    List<TableComparison> shown = quiet ? c.differing() : c.tables();
    if (!shown.isEmpty()) {
      boolean estimated = c.counting() == Comparison.Counting.ESTIMATED;
      AlignedColumns table =
          new AlignedColumns(
              List.of(
                  "TABLE",
                  upper(c.first().name()) + " ROWS",
                  upper(c.second().name()) + (estimated ? " ROWS (ESTIMATE)" : " ROWS"),
                  "DIFFERENCE",
                  "STATUS"),
              List.of(Align.LEFT, Align.RIGHT, Align.RIGHT, Align.RIGHT, Align.LEFT));
      for (TableComparison t : shown) {
        List<String> details = new ArrayList<>();
        for (Difference d : t.differences()) {
          details.addAll(d.details());
        }
        table.add(
            List.of(
                t.table().display(),
                rows(t.firstRows()),
                rows(t.secondRows()),
                difference(t.rowDifference()),
                t.status()),
            details);
      }
      lines.addAll(table.lines());
      lines.add("");
    }
    lines.addAll(ContentReport.lines(c));
    if (!c.objects().isEmpty()) {
      lines.add("what the tables use differs (types, domains, functions, collations, extensions):");
      c.objects().forEach(o -> lines.add("    " + o));
      lines.add("");
    }
    lines.add(summary(c));
    for (String note : c.notes()) {
      lines.add("note: " + note);
    }
    return lines;
  }

  /** One line: how many tables were compared, and how many differ. */
  static String summary(Comparison c) {
    int all = c.tables().size();
    int differing = c.differing().size();
    String compared = c.first().name() + " and " + c.second().name();
    if (differing == 0) {
      String tables =
          all == 0
              ? "no tables to compare"
              : (all == 1 ? "the table is" : "all " + all + " tables are")
                  + " equal in "
                  + compared;
      if (!c.objects().isEmpty()) {
        return tables + ", but what they use differs";
      }
      return all == 0 ? tables + ": " + compared + " are equal" : tables;
    }
    return differing
        + " of "
        + all
        + (all == 1 ? " table differs" : " tables differ")
        + " between "
        + compared;
  }

  /** The comparison as a JSON value: sides, counting, every table with its differences. */
  static Map<String, Object> json(Comparison c) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("equal", c.equal());
    json.put("first", c.first());
    json.put("second", c.second());
    json.put("counting", c.counting());
    List<Map<String, Object>> tables = new ArrayList<>();
    for (TableComparison t : c.tables()) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("schema", t.table().schema());
      row.put("name", t.table().name());
      row.put("equal", t.equal());
      row.put("status", t.status());
      row.put("firstRows", t.firstRows());
      row.put("secondRows", t.secondRows());
      row.put("rowDifference", t.rowDifference());
      row.put("differences", t.differences());
      tables.add(row);
    }
    json.put("tables", tables);
    json.put("differing", c.differing().size());
    json.put("objects", c.objects());
    Map<String, Object> content = ContentReport.json(c.content());
    if (content != null) {
      json.put("content", content);
    }
    json.put("notes", c.notes());
    return json;
  }

  private static String counting(Comparison c) {
    return switch (c.counting()) {
      case EXACT ->
          c.content().compared()
              ? "exact, every table's rows read in one consistent database snapshot"
              : "exact, count(*) of every table in one consistent database snapshot";
      case ESTIMATED -> "estimated from the planner's statistics (pg_class.reltuples)";
      case RECORDED -> "as recorded in each snapshot's manifest";
    };
  }

  private static String rows(Long rows) {
    return rows == null ? "-" : InspectReport.rows(rows);
  }

  private static String difference(Long difference) {
    if (difference == null) {
      return "-";
    }
    return (difference > 0 ? "+" : "") + InspectReport.rows(difference);
  }

  private static String upper(String name) {
    return name.toUpperCase(Locale.ROOT);
  }
}
