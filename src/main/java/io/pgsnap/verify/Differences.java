package io.pgsnap.verify;

import io.pgsnap.catalog.Column;
import io.pgsnap.catalog.Table;
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
