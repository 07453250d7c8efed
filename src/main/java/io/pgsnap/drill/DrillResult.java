package io.pgsnap.drill;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A finished drill.
 *
 * @param snapshot where the snapshot drilled is: its folder, or its {@code s3://} location
 * @param server where it was restored, e.g. {@code throwaway PostgreSQL 15.18} or {@code
 *     db.example.com:5432}
 * @param serverVersion the server's {@code server_version}
 * @param restoreTime how long the restore took
 * @param elapsed how long the whole drill took, the server's start and removal included
 * @param tables every table read back, in the manifest's order
 * @param contentChecked whether the snapshot records content fingerprints (format 5 on); without
 *     them only row counts were compared
 */
public record DrillResult(
    String snapshot,
    String server,
    String serverVersion,
    Duration restoreTime,
    Duration elapsed,
    List<TableCheck> tables,
    boolean contentChecked) {
  public DrillResult {
    Objects.requireNonNull(snapshot, "snapshot");
    Objects.requireNonNull(server, "server");
    Objects.requireNonNull(serverVersion, "serverVersion");
    Objects.requireNonNull(restoreTime, "restoreTime");
    Objects.requireNonNull(elapsed, "elapsed");
    tables = List.copyOf(tables);
  }

  /** Whether every table holds the snapshot's rows (and content, where recorded). */
  public boolean passed() {
    return tables.stream().allMatch(TableCheck::matches);
  }

  /** The tables that differ from the snapshot. */
  public List<TableCheck> failures() {
    return tables.stream().filter(t -> !t.matches()).toList();
  }

  /** The rows of all restored tables. */
  public long rows() {
    return tables.stream().mapToLong(t -> t.restored().rows()).sum();
  }

  /** The same result, with {@code elapsed} as the whole drill's time. */
  DrillResult took(Duration elapsed) {
    return new DrillResult(
        snapshot, server, serverVersion, restoreTime, elapsed, tables, contentChecked);
  }
}
