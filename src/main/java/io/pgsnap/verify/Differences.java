package io.pgsnap.verify;

import io.pgsnap.catalog.Attached;
import io.pgsnap.catalog.Column;
import io.pgsnap.catalog.Ddl;
import io.pgsnap.catalog.Table;
import io.pgsnap.catalog.UsedObject;
import io.pgsnap.verify.Comparison.Difference;
import io.pgsnap.verify.Comparison.Side;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The differences both kinds of comparison report, worded the same way for both. */
final class Differences {
  private Differences() {}

  /** The table is on {@code side} only. */
  static Difference onlyIn(Side side, boolean first) {
    return new Difference(
        first ? Difference.Kind.ONLY_IN_FIRST : Difference.Kind.ONLY_IN_SECOND,
        "only in " + side.name(),
        List.of());
  }

  /** The row counts differ; the counts themselves are in the comparison's row columns. */
  static Difference rows() {
    return new Difference(Difference.Kind.ROWS, "rows differ", List.of());
  }

  /** The copied columns differ in names, types or order, if they do. */
  static Optional<Difference> columns(
      List<Column> first, List<Column> second, Side firstSide, Side secondSide) {
    List<String> lines =
        ColumnDiff.describe(
            first.stream().filter(Column::isCopied).toList(),
            second.stream().filter(Column::isCopied).toList(),
            firstSide.name(),
            secondSide.name());
    return lines.isEmpty()
        ? Optional.empty()
        : Optional.of(new Difference(Difference.Kind.COLUMNS, "columns differ", lines));
  }

  /**
   * The triggers, rules, policies, grants, comments and settings that differ, if any do; nothing
   * when either side recorded none (a manifest older than format version 3).
   */
  static Optional<Difference> attached(Attached first, Attached second) {
    if (first.equals(Attached.NONE) || second.equals(Attached.NONE)) {
      return Optional.empty();
    }
    List<String> lines = LineDiff.diff(AttachedLines.of(first), AttachedLines.of(second));
    return lines.isEmpty()
        ? Optional.empty()
        : Optional.of(new Difference(Difference.Kind.ATTACHED, "attached objects differ", lines));
  }

  /**
   * The DDL lines that differ, if any do.
   *
   * @param withCreateTable whether to compare the {@code CREATE TABLE} statements too; see {@link
   *     DdlDiff#diffAfterCreateTable}
   */
  static Optional<Difference> ddl(Ddl first, Ddl second, boolean withCreateTable) {
    List<String> lines =
        withCreateTable ? DdlDiff.diff(first, second) : DdlDiff.diffAfterCreateTable(first, second);
    return lines.isEmpty()
        ? Optional.empty()
        : Optional.of(new Difference(Difference.Kind.DDL, "DDL differs", lines));
  }

  /**
   * What the tables use that differs between two sides, as lines; nothing when either side recorded
   * none.
   *
   * @param recorded whether both sides recorded what the tables use (format version 4 and later)
   */
  static List<String> objects(List<UsedObject> first, List<UsedObject> second, boolean recorded) {
    return recorded ? UsedObjectLines.diff(first, second) : List.of();
  }

  /** The note that explains the {@code -} and {@code +} lines of DDL and attached objects. */
  static String lineMarks(Side first, Side second) {
    return "lines marked - are only in "
        + first.name()
        + ", lines marked + only in "
        + second.name();
  }

  /** The table is ordinary on one side and partitioned on the other, if it is. */
  static Optional<Difference> kind(
      Table.Kind first, Table.Kind second, Side firstSide, Side secondSide) {
    if (first == second) {
      return Optional.empty();
    }
    return Optional.of(
        new Difference(
            Difference.Kind.KIND,
            "kind differs",
            List.of(
                word(first)
                    + " table in "
                    + firstSide.name()
                    + ", "
                    + word(second)
                    + " table in "
                    + secondSide.name())));
  }

  private static String word(Table.Kind kind) {
    return kind.name().toLowerCase(Locale.ROOT);
  }
}
