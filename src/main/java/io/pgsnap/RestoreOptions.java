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
 * @param sequences whether owned sequences (serial, identity) are set to their snapshot values, and
 *     the standalone sequences of schemas whose snapshot tables are all restored
 * @param dryRun plan and report, change nothing
 * @param assumeYes whether a destructive plan (truncating tables that hold rows) may run without
 *     asking
 * @param safetySnapshot whether a truncating restore first exports the tables it will empty
 * @param safetySnapshotDir the folder for that safety snapshot, or {@code null} for the folder that
 *     holds the snapshot being restored
 * @param lockWaitTimeout how long to wait for locks on the target tables, or {@code null} to wait
 *     as long as it takes
 * @param jobs how many tables load at once; above 1 each table loads in its own transaction (see
 *     {@link #withJobs(int)})
 * @param allowTypeChanges whether an existing target column whose type cannot hold every snapshot
 *     value unchanged (narrower numeric, shorter varchar, date for timestamps, ...) is accepted
 * @param allowMissingKeys whether an existing target that lacks a primary key or unique constraint
 *     of the snapshot's table is accepted
 * @param noOwner whether the tables a restore creates stay owned by the restoring role: no {@code
 *     ALTER TABLE ... OWNER TO}, and the original owner's privileges go to the restoring role (as
 *     pg_restore's {@code --no-owner})
 * @param noPrivileges whether the snapshot's grants are left out: no {@code GRANT} or {@code
 *     REVOKE} on the tables a restore creates (as pg_restore's {@code --no-privileges})
 * @param keepTargetObjects whether a type, function, collation or extension the tables use that
 *     exists in the target with another definition than the snapshot's is accepted, and the
 *     target's version used ({@code --keep-target-objects}); refused by default
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
    Duration lockWaitTimeout,
    int jobs,
    boolean allowTypeChanges,
    boolean allowMissingKeys,
    boolean noOwner,
    boolean noPrivileges,
    boolean keepTargetObjects) {

  public RestoreOptions {
    if (jobs < 1) {
      throw new PgsnapException(ErrorCode.USAGE, "--jobs must be at least 1, not " + jobs);
    }
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
        null,
        1,
        false,
        false,
        false,
        false,
        false);
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
        lockWaitTimeout,
        jobs,
        allowTypeChanges,
        allowMissingKeys,
        noOwner,
        noPrivileges,
        keepTargetObjects);
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
        lockWaitTimeout,
        jobs,
        allowTypeChanges,
        allowMissingKeys,
        noOwner,
        noPrivileges,
        keepTargetObjects);
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
        lockWaitTimeout,
        jobs,
        allowTypeChanges,
        allowMissingKeys,
        noOwner,
        noPrivileges,
        keepTargetObjects);
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
        lockWaitTimeout,
        jobs,
        allowTypeChanges,
        allowMissingKeys,
        noOwner,
        noPrivileges,
        keepTargetObjects);
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
        lockWaitTimeout,
        jobs,
        allowTypeChanges,
        allowMissingKeys,
        noOwner,
        noPrivileges,
        keepTargetObjects);
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
        lockWaitTimeout,
        jobs,
        allowTypeChanges,
        allowMissingKeys,
        noOwner,
        noPrivileges,
        keepTargetObjects);
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
        lockWaitTimeout,
        jobs,
        allowTypeChanges,
        allowMissingKeys,
        noOwner,
        noPrivileges,
        keepTargetObjects);
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
        lockWaitTimeout,
        jobs,
        allowTypeChanges,
        allowMissingKeys,
        noOwner,
        noPrivileges,
        keepTargetObjects);
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
        lockWaitTimeout,
        jobs,
        allowTypeChanges,
        allowMissingKeys,
        noOwner,
        noPrivileges,
        keepTargetObjects);
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
        lockWaitTimeout,
        jobs,
        allowTypeChanges,
        allowMissingKeys,
        noOwner,
        noPrivileges,
        keepTargetObjects);
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
        lockWaitTimeout,
        jobs,
        allowTypeChanges,
        allowMissingKeys,
        noOwner,
        noPrivileges,
        keepTargetObjects);
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
        lockWaitTimeout,
        jobs,
        allowTypeChanges,
        allowMissingKeys,
        noOwner,
        noPrivileges,
        keepTargetObjects);
  }

  /**
   * Loads up to {@code jobs} tables at once, each over its own connection. This gives up the single
   * transaction: created tables are committed first, each table is loaded and committed on its own,
   * and foreign keys and sequences come last. Only offered for {@link RestoreMode#EMPTY}, where a
   * failure can be undone: the loaded tables are emptied again and the created ones dropped. Until
   * the restore ends, other sessions can see tables partly restored.
   */
  public RestoreOptions withJobs(int jobs) {
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
        lockWaitTimeout,
        jobs,
        allowTypeChanges,
        allowMissingKeys,
        noOwner,
        noPrivileges,
        keepTargetObjects);
  }

  /** Accepts existing target columns whose types would change snapshot values (see above). */
  public RestoreOptions withAllowTypeChanges(boolean allowTypeChanges) {
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
        lockWaitTimeout,
        jobs,
        allowTypeChanges,
        allowMissingKeys,
        noOwner,
        noPrivileges,
        keepTargetObjects);
  }

  /** Accepts existing targets without the snapshot's primary keys or unique constraints. */
  public RestoreOptions withAllowMissingKeys(boolean allowMissingKeys) {
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
        lockWaitTimeout,
        jobs,
        allowTypeChanges,
        allowMissingKeys,
        noOwner,
        noPrivileges,
        keepTargetObjects);
  }

  /** With {@code noOwner}: created tables stay the restoring role's ({@code --no-owner}). */
  public RestoreOptions withNoOwner(boolean noOwner) {
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
        lockWaitTimeout,
        jobs,
        allowTypeChanges,
        allowMissingKeys,
        noOwner,
        noPrivileges,
        keepTargetObjects);
  }

  /** With {@code noPrivileges}: no grants on created tables ({@code --no-privileges}). */
  public RestoreOptions withNoPrivileges(boolean noPrivileges) {
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
        lockWaitTimeout,
        jobs,
        allowTypeChanges,
        allowMissingKeys,
        noOwner,
        noPrivileges,
        keepTargetObjects);
  }

  public RestoreOptions withKeepTargetObjects(boolean keepTargetObjects) {
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
        lockWaitTimeout,
        jobs,
        allowTypeChanges,
        allowMissingKeys,
        noOwner,
        noPrivileges,
        keepTargetObjects);
  }
}
