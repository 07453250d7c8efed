package io.pgsnap.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * A table of text for terminals: a header row, columns padded to their widest cell and separated by
 * two spaces, numbers right-aligned, no trailing spaces.
 */
final class TextTable {
  private final List<String> headers;
  private final boolean[] rightAligned;
  private final List<List<String>> rows = new ArrayList<>();

  /** Column headers; a header starting with {@code >} marks a right-aligned column. */
  TextTable(String... headers) {
    this.headers = new ArrayList<>();
    this.rightAligned = new boolean[headers.length];
    for (int i = 0; i < headers.length; i++) {
      rightAligned[i] = headers[i].startsWith(">");
      this.headers.add(rightAligned[i] ? headers[i].substring(1) : headers[i]);
    }
  }

  /** Adds a row; {@code null} cells print empty. */
  void add(String... cells) {
    if (cells.length != headers.size()) {
      throw new IllegalArgumentException(
          "a row of " + cells.length + " cells in a table of " + headers.size() + " columns");
    }
    List<String> row = new ArrayList<>();
    for (String cell : cells) {
      row.add(cell == null ? "" : cell);
    }
    rows.add(row);
  }

  /** The lines of the table, header first. */
  List<String> lines() {
    int[] widths = new int[headers.size()];
    List<List<String>> all = new ArrayList<>();
    all.add(headers);
    all.addAll(rows);
    for (List<String> row : all) {
      for (int i = 0; i < widths.length; i++) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    List<String> lines = new ArrayList<>();
    for (List<String> row : all) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < widths.length; i++) {
        if (i > 0) {
          line.append("  ");
        }
        String cell = row.get(i);
        String padding = " ".repeat(widths[i] - cell.length());
        line.append(rightAligned[i] ? padding + cell : cell + padding);
      }
      lines.add(line.toString().stripTrailing());
    }
    return lines;
  }
}
