package io.pgsnap.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Text in aligned columns, as {@code ls -l} and {@code psql} print tables: a header row, then one
 * row per item, each column as wide as its widest cell, two spaces apart, no trailing spaces.
 * Widths count code points, so non-ASCII names line up.
 */
final class AlignedColumns {
  /** How a column's cells are aligned. */
  enum Align {
    LEFT,
    RIGHT
  }

  private final List<String> headers;
  private final List<Align> aligns;
  private final List<Row> rows = new ArrayList<>();

  /** A row of cells, and lines printed under it as they are (details), indented. */
  private record Row(List<String> cells, List<String> details) {}

  AlignedColumns(List<String> headers, List<Align> aligns) {
    if (headers.size() != aligns.size()) {
      throw new IllegalArgumentException("one alignment per header");
    }
    this.headers = List.copyOf(headers);
    this.aligns = List.copyOf(aligns);
  }

  /** Adds a row; it must have one cell per column. */
  AlignedColumns add(String... cells) {
    return add(Arrays.asList(cells), List.of());
  }

  /** Adds a row, and lines that are printed under it, indented, outside the columns. */
  AlignedColumns add(List<String> cells, List<String> details) {
    if (cells.size() != headers.size()) {
      throw new IllegalArgumentException(
          "a row needs " + headers.size() + " cells, got " + cells.size());
    }
    rows.add(new Row(List.copyOf(cells), List.copyOf(details)));
    return this;
  }

  /** The header and every row, as lines without line separators. */
  List<String> lines() {
    int[] widths = new int[headers.size()];
    for (int i = 0; i < widths.length; i++) {
      widths[i] = width(headers.get(i));
      for (Row r : rows) {
        widths[i] = Math.max(widths[i], width(r.cells().get(i)));
      }
    }
    List<String> lines = new ArrayList<>();
    lines.add(line(headers, widths));
    for (Row r : rows) {
      lines.add(line(r.cells(), widths));
      for (String detail : r.details()) {
        lines.add("    " + detail);
      }
    }
    return lines;
  }

  private String line(List<String> cells, int[] widths) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < cells.size(); i++) {
      String cell = cells.get(i);
      int pad = widths[i] - width(cell);
      if (i > 0) {
        line.append("  ");
      }
      if (aligns.get(i) == Align.RIGHT) {
        line.append(" ".repeat(pad)).append(cell);
      } else {
        line.append(cell).append(" ".repeat(pad));
      }
    }
    return line.toString().stripTrailing();
  }

  private static int width(String text) {
    return text.codePointCount(0, text.length());
  }
}
