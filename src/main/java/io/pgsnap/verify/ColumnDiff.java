package io.pgsnap.verify;

import io.pgsnap.catalog.Column;
import io.pgsnap.catalog.Identifiers;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What differs between two lists of copied columns: names, types and order, the facts that decide
 * whether a table file still loads into a table. Pure, so that its wording is unit-tested.
 */
final class ColumnDiff {
  private ColumnDiff() {}

  /**
   * The differences between {@code first} and {@code second}, one line each; empty when both have
   * the same columns with the same types in the same order.
   *
   * @param first the first side's copied columns, in attribute order
   * @param second the second side's copied columns, in attribute order
   * @param firstName what to call the first side, e.g. {@code snapshot}
   * @param secondName what to call the second side, e.g. {@code database}
   * @return one line per difference
   */
  static List<String> describe(
      List<Column> first, List<Column> second, String firstName, String secondName) {
    Map<String, Column> before = byName(first);
    Map<String, Column> after = byName(second);
    List<String> lines = new ArrayList<>();
    for (Column c : first) {
      if (!after.containsKey(c.name())) {
        lines.add(Identifiers.quote(c.name()) + " " + c.type() + " only in " + firstName);
      }
    }
    for (Column c : second) {
      if (!before.containsKey(c.name())) {
        lines.add(Identifiers.quote(c.name()) + " " + c.type() + " only in " + secondName);
      }
    }
    for (Column c : first) {
      Column other = after.get(c.name());
      if (other != null && !other.type().equals(c.type())) {
        lines.add(
            Identifiers.quote(c.name())
                + " is "
                + c.type()
                + " in "
                + firstName
                + ", "
                + other.type()
                + " in "
                + secondName);
      }
    }
    // Order matters because table files hold the columns positionally; compare the order of the
    // columns both sides have, so that an added column is not also reported as a reordering.
    List<String> commonBefore =
        first.stream().map(Column::name).filter(after::containsKey).toList();
    List<String> commonAfter =
        second.stream().map(Column::name).filter(before::containsKey).toList();
    if (!commonBefore.equals(commonAfter)) {
      lines.add(
          "column order is "
              + names(commonBefore)
              + " in "
              + firstName
              + ", "
              + names(commonAfter)
              + " in "
              + secondName);
    }
    return lines;
  }

  private static Map<String, Column> byName(List<Column> columns) {
    Map<String, Column> map = new LinkedHashMap<>();
    columns.forEach(c -> map.put(c.name(), c));
    return map;
  }

  private static String names(List<String> names) {
    return names.stream().map(Identifiers::quote).collect(Collectors.joining(", ", "(", ")"));
  }
}
