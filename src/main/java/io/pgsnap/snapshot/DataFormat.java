package io.pgsnap.snapshot;

import java.util.Locale;

/** How rows are written in a table file. */
public enum DataFormat {
  /** PostgreSQL's CSV ({@code COPY ... WITH (FORMAT csv, HEADER true)}), one header line. */
  CSV("csv"),
  /**
   * JSON Lines: one JSON object per row, keyed by column name. Integers and booleans are JSON
   * numbers and booleans; every other value is a JSON string holding PostgreSQL's text output, so
   * that numeric digits, NaN and infinities, timestamps, bytea and json text survive exactly.
   */
  JSONL("jsonl");

  private final String extension;

  DataFormat(String extension) {
    this.extension = extension;
  }

  /** The file name extension, without a dot. */
  public String extension() {
    return extension;
  }

  /** Parses {@code csv} or {@code jsonl}, case-insensitively. */
  public static DataFormat parse(String text) {
    for (DataFormat f : values()) {
      if (f.extension.equalsIgnoreCase(text) || f.name().equalsIgnoreCase(text)) {
        return f;
      }
    }
    throw new IllegalArgumentException("unknown format '" + text + "': expected csv or jsonl");
  }

  @Override
  public String toString() {
    return extension.toLowerCase(Locale.ROOT);
  }
}
