package io.pgsnap.verify;

import io.pgsnap.catalog.Ddl;
import java.util.ArrayList;
import java.util.List;

/**
 * What differs between two tables' DDL, as a line diff: {@code - } for a line only the first side
 * has, {@code + } for one only the second has. Pure, so that its output is unit-tested.
 */
final class DdlDiff {
  private DdlDiff() {}

  /**
   * The lines that differ between {@code first} and {@code second}, in statement order; empty when
   * the DDL is the same.
   *
   * <p>Each {@code CREATE TABLE} is compared line by line (one column a line) without the commas
   * that separate columns, so that adding a last column shows as one added line; partitions,
   * constraints, indexes and foreign keys are compared statement by statement.
   *
   * @param first the first side's DDL
   * @param second the second side's DDL
   * @return {@code - } and {@code + } lines, in order
   */
  static List<String> diff(Ddl first, Ddl second) {
    return LineDiff.diff(lines(first, true), lines(second, true));
  }

  /**
   * As {@link #diff}, without the {@code CREATE TABLE} statements: for a live database read without
   * its sequences, whose identity columns' DDL lacks the sequence options a snapshot records (the
   * columns themselves are compared by {@link ColumnDiff}).
   */
  static List<String> diffAfterCreateTable(Ddl first, Ddl second) {
    return LineDiff.diff(lines(first, false), lines(second, false));
  }

  private static List<String> lines(Ddl ddl, boolean withCreateTable) {
    List<String> lines = new ArrayList<>();
    if (withCreateTable) {
      for (String line : ddl.createTable().split("\n", -1)) {
        String stripped = line.strip();
        lines.add(stripped.endsWith(",") ? stripped.substring(0, stripped.length() - 1) : stripped);
      }
    }
    for (List<String> statements :
        List.of(ddl.partitions(), ddl.constraints(), ddl.indexes(), ddl.foreignKeys())) {
      for (String statement : statements) {
        lines.add(statement.strip().replace("\n", " "));
      }
    }
    return lines;
  }
}
