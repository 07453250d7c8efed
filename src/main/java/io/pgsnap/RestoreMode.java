package io.pgsnap;

import java.util.Locale;

/** What a restore does with target tables that already exist. */
public enum RestoreMode {
  /** Load only into empty tables; a table that holds rows stops the restore before any change. */
  EMPTY,
  /** Empty each target table first ({@code TRUNCATE}), then load it. */
  TRUNCATE,
  /** Add the snapshot's rows to what the tables hold. */
  APPEND;

  /** Parses {@code empty}, {@code truncate} or {@code append}, case-insensitively. */
  public static RestoreMode parse(String text) {
    for (RestoreMode m : values()) {
      if (m.name().equalsIgnoreCase(text)) {
        return m;
      }
    }
    throw new IllegalArgumentException(
        "unknown mode '" + text + "': expected empty, truncate or append");
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
