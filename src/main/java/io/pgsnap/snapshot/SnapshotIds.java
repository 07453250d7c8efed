package io.pgsnap.snapshot;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** Snapshot ids: {@code <database>-<UTC yyyyMMdd'T'HHmmss'Z'>}, the database name escaped. */
public final class SnapshotIds {
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private SnapshotIds() {}

  /** The id of a snapshot of {@code database} started at {@code started}. */
  public static String of(String database, Instant started) {
    return FileNames.escape(database) + '-' + STAMP.format(started.truncatedTo(ChronoUnit.SECONDS));
  }
}
