package io.pgsnap.snapshot;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Snapshot ids: {@code <database>-<UTC yyyyMMdd'T'HHmmss'Z'>}, the database name escaped, with a
 * {@code -N} suffix ({@code N} ≥ 2) when several snapshots of a database start in one second.
 */
public final class SnapshotIds {
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private static final Pattern ID =
      Pattern.compile("(?<db>[A-Za-z0-9_%-]+)-(?<stamp>\\d{8}T\\d{6}Z)(?:-(?<n>[2-9]|[1-9]\\d+))?");

  private SnapshotIds() {}

  /** The id of a snapshot of {@code database} started at {@code started}. */
  public static String of(String database, Instant started) {
    return FileNames.escape(database) + '-' + STAMP.format(started.truncatedTo(ChronoUnit.SECONDS));
  }

  /** When the snapshot with this id was taken, if the text is a snapshot id. */
  public static Optional<Instant> takenAt(String id) {
    Matcher m = ID.matcher(id);
    if (!m.matches()) {
      return Optional.empty();
    }
    try {
      return Optional.of(LocalDateTime.parse(m.group("stamp"), STAMP).toInstant(ZoneOffset.UTC));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
