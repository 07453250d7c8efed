package io.pgsnap;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What to restore and how.
 *
 * @param tables table patterns ({@code [schema.]table}, {@code *} and {@code ?} wildcards, double
 *     quotes for exact names) choosing the snapshot's tables to restore; empty for all of them, or
 *     for just the renamed ones when {@code renames} is not empty
 * @param mode what to do with target tables that exist
 * @param cascade whether a truncating restore may also empty tables outside the restore that
 *     reference restored tables ({@code TRUNCATE ... CASCADE})
 * @param create whether missing target tables are created from the DDL in the manifest
 * @param intoSchema restore every table into this schema instead of its own, or {@code null}
 * @param renames snapshot table name ({@code [schema.]table}) to target name ({@code
 *     [schema.]table}; the schema defaults to {@code intoSchema} or the table's own), in order
 * @param sequences whether owned sequences (serial, identity) and the standalone sequences of the
 *     restored schemas are set to their snapshot values
 * @param dryRun plan and report, change nothing
 * @param assumeYes whether a destructive plan (truncating tables that hold rows) may run without
 *     asking
 * @param safetySnapshot whether a truncating restore first exports the tables it will empty
 * @param safetySnapshotDir the folder for that safety snapshot, or {@code null} for the folder that
 *     holds the snapshot being restored
 * @param lockWaitTimeout how long to wait for locks on the target tables, or {@code null} to wait
 *     as long as it takes
 */
public record RestoreOptions(
    List<String> tables,
    RestoreMode mode,
    boolean cascade,
    boolean create,
    String intoSchema,
    Map<String, String> renames,
    boolean sequences,
    boolean dryRun,
    boolean assumeYes,
    boolean safetySnapshot,
    Path safetySnapshotDir,
    Duration lockWaitTimeout) {

  public RestoreOptions {
    tables = List.copyOf(tables);
    Objects.requireNonNull(mode, "mode");
    renames = Collections.unmodifiableMap(new LinkedHashMap<>(renames));
    if (intoSchema != null && intoSchema.isEmpty()) {
      throw new PgsnapException(ErrorCode.USAGE, "--into-schema needs a schema name");
    }
    if (lockWaitTimeout != null && (lockWaitTimeout.isNegative() || lockWaitTimeout.isZero())) {
      throw new PgsnapException(ErrorCode.USAGE, "--lock-wait-timeout must be positive");
    }
  }

  /** Every table, into empty existing tables of the same names, sequences set, atomically. */
  public static RestoreOptions defaults() {
    return new RestoreOptions(
        List.of(),
        RestoreMode.EMPTY,
        false,
        false,
        null,
        Map.of(),
        true,
        false,
        false,
        true,
        null,
        null);
  }

  public RestoreOptions withTables(List<String> tables) {
    return new RestoreOptions(
        tables,
        mode,
        cascade,
        create,
        intoSchema,
        renames,
        sequences,
        dryRun,
        assumeYes,
        safetySnapshot,
        safetySnapshotDir,
        lockWaitTimeout);
  }

  public RestoreOptions withMode(RestoreMode mode) {
    return new RestoreOptions(
        tables,
        mode,
        cascade,
        create,
        intoSchema,
        renames,
        sequences,
        dryRun,
        assumeYes,
        safetySnapshot,
        safetySnapshotDir,
        lockWaitTimeout);
  }

  public RestoreOptions withCascade(boolean cascade) {
    return new RestoreOptions(
        tables,
        mode,
        cascade,
        create,
        intoSchema,
        renames,
        sequences,
        dryRun,
        assumeYes,
        safetySnapshot,
        safetySnapshotDir,
        lockWaitTimeout);
  }

  public RestoreOptions withCreate(boolean create) {
    return new RestoreOptions(
        tables,
        mode,
        cascade,
        create,
        intoSchema,
        renames,
        sequences,
        dryRun,
        assumeYes,
        safetySnapshot,
        safetySnapshotDir,
        lockWaitTimeout);
  }

  public RestoreOptions withIntoSchema(String intoSchema) {
    return new RestoreOptions(
        tables,
        mode,
        cascade,
        create,
        intoSchema,
        renames,
        sequences,
        dryRun,
        assumeYes,
        safetySnapshot,
        safetySnapshotDir,
        lockWaitTimeout);
  }

  public RestoreOptions withRenames(Map<String, String> renames) {
    return new RestoreOptions(
        tables,
        mode,
        cascade,
        create,
        intoSchema,
        renames,
        sequences,
        dryRun,
        assumeYes,
        safetySnapshot,
        safetySnapshotDir,
        lockWaitTimeout);
  }

  public RestoreOptions withSequences(boolean sequences) {
    return new RestoreOptions(
        tables,
        mode,
        cascade,
        create,
        intoSchema,
        renames,
        sequences,
        dryRun,
        assumeYes,
        safetySnapshot,
        safetySnapshotDir,
        lockWaitTimeout);
  }

  public RestoreOptions withDryRun(boolean dryRun) {
    return new RestoreOptions(
        tables,
        mode,
        cascade,
        create,
        intoSchema,
        renames,
        sequences,
        dryRun,
        assumeYes,
        safetySnapshot,
        safetySnapshotDir,
        lockWaitTimeout);
  }

  public RestoreOptions withAssumeYes(boolean assumeYes) {
    return new RestoreOptions(
        tables,
        mode,
        cascade,
        create,
        intoSchema,
        renames,
        sequences,
        dryRun,
        assumeYes,
        safetySnapshot,
        safetySnapshotDir,
        lockWaitTimeout);
  }

  public RestoreOptions withSafetySnapshot(boolean safetySnapshot) {
    return new RestoreOptions(
        tables,
        mode,
        cascade,
        create,
        intoSchema,
        renames,
        sequences,
        dryRun,
        assumeYes,
        safetySnapshot,
        safetySnapshotDir,
        lockWaitTimeout);
  }

  public RestoreOptions withSafetySnapshotDir(Path safetySnapshotDir) {
    return new RestoreOptions(
        tables,
        mode,
        cascade,
        create,
        intoSchema,
        renames,
        sequences,
        dryRun,
        assumeYes,
        safetySnapshot,
        safetySnapshotDir,
        lockWaitTimeout);
  }

  public RestoreOptions withLockWaitTimeout(Duration lockWaitTimeout) {
    return new RestoreOptions(
        tables,
        mode,
        cascade,
        create,
        intoSchema,
        renames,
        sequences,
        dryRun,
        assumeYes,
        safetySnapshot,
        safetySnapshotDir,
        lockWaitTimeout);
  }
}
