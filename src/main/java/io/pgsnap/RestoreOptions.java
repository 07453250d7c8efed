package io.pgsnap;

import io.pgsnap.crypto.VerificationKey;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

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
 * @param verifyContent whether each table the restore creates or empties is read back after its
 *     load, in its transaction, and its content fingerprint compared with the manifest's; a
 *     mismatch rolls the table back ({@code --verify-content})
 * @param requiredSigner the key the snapshot's {@code SHA256SUMS} and {@code manifest.json} must
 *     both be signed with, checked before anything else ({@code --require-signature}); {@code null}
 *     to restore signed and unsigned snapshots alike
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
    boolean keepTargetObjects,
    boolean verifyContent,
    VerificationKey requiredSigner) {

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

  /** Options that require no signature. */
  public RestoreOptions(
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
      boolean keepTargetObjects,
      boolean verifyContent) {
    this(
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
        keepTargetObjects,
        verifyContent,
        null);
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
        false,
        false);
  }

  public RestoreOptions withTables(List<String> tables) {
    return edit(b -> b.tables = tables);
  }

  public RestoreOptions withMode(RestoreMode mode) {
    return edit(b -> b.mode = mode);
  }

  public RestoreOptions withCascade(boolean cascade) {
    return edit(b -> b.cascade = cascade);
  }

  public RestoreOptions withCreate(boolean create) {
    return edit(b -> b.create = create);
  }

  public RestoreOptions withIntoSchema(String intoSchema) {
    return edit(b -> b.intoSchema = intoSchema);
  }

  public RestoreOptions withRenames(Map<String, String> renames) {
    return edit(b -> b.renames = renames);
  }

  public RestoreOptions withSequences(boolean sequences) {
    return edit(b -> b.sequences = sequences);
  }

  public RestoreOptions withDryRun(boolean dryRun) {
    return edit(b -> b.dryRun = dryRun);
  }

  public RestoreOptions withAssumeYes(boolean assumeYes) {
    return edit(b -> b.assumeYes = assumeYes);
  }

  public RestoreOptions withSafetySnapshot(boolean safetySnapshot) {
    return edit(b -> b.safetySnapshot = safetySnapshot);
  }

  public RestoreOptions withSafetySnapshotDir(Path safetySnapshotDir) {
    return edit(b -> b.safetySnapshotDir = safetySnapshotDir);
  }

  public RestoreOptions withLockWaitTimeout(Duration lockWaitTimeout) {
    return edit(b -> b.lockWaitTimeout = lockWaitTimeout);
  }

  /**
   * Loads up to {@code jobs} tables at once, each over its own connection. This gives up the single
   * transaction: created tables are committed first, each table is loaded and committed on its own,
   * and foreign keys and sequences come last. Only offered for {@link RestoreMode#EMPTY}, where a
   * failure can be undone: the loaded tables are emptied again and the created ones dropped. Until
   * the restore ends, other sessions can see tables partly restored.
   */
  public RestoreOptions withJobs(int jobs) {
    return edit(b -> b.jobs = jobs);
  }

  /** Accepts existing target columns whose types would change snapshot values (see above). */
  public RestoreOptions withAllowTypeChanges(boolean allowTypeChanges) {
    return edit(b -> b.allowTypeChanges = allowTypeChanges);
  }

  /** Accepts existing targets without the snapshot's primary keys or unique constraints. */
  public RestoreOptions withAllowMissingKeys(boolean allowMissingKeys) {
    return edit(b -> b.allowMissingKeys = allowMissingKeys);
  }

  /** With {@code noOwner}: created tables stay the restoring role's ({@code --no-owner}). */
  public RestoreOptions withNoOwner(boolean noOwner) {
    return edit(b -> b.noOwner = noOwner);
  }

  /** With {@code noPrivileges}: no grants on created tables ({@code --no-privileges}). */
  public RestoreOptions withNoPrivileges(boolean noPrivileges) {
    return edit(b -> b.noPrivileges = noPrivileges);
  }

  public RestoreOptions withKeepTargetObjects(boolean keepTargetObjects) {
    return edit(b -> b.keepTargetObjects = keepTargetObjects);
  }

  /**
   * Reads each table the restore creates or empties back after its load, in its transaction, and
   * compares its content fingerprint with the manifest's; a mismatch rolls the table back. Tables
   * loaded with {@link RestoreMode#APPEND} hold other rows too and are not read back.
   */
  public RestoreOptions withVerifyContent(boolean verifyContent) {
    return edit(b -> b.verifyContent = verifyContent);
  }

  /**
   * Refuses the snapshot, before the database is touched, unless its {@code SHA256SUMS} and {@code
   * manifest.json} are both signed by {@code signer} and unchanged since.
   */
  public RestoreOptions withRequiredSigner(VerificationKey signer) {
    return edit(b -> b.requiredSigner = signer);
  }

  private RestoreOptions edit(Consumer<Builder> change) {
    Builder builder = new Builder(this);
    change.accept(builder);
    return builder.build();
  }

  /** A copy of some options to change one field of. */
  private static final class Builder {
    private List<String> tables;
    private RestoreMode mode;
    private boolean cascade;
    private boolean create;
    private String intoSchema;
    private Map<String, String> renames;
    private boolean sequences;
    private boolean dryRun;
    private boolean assumeYes;
    private boolean safetySnapshot;
    private Path safetySnapshotDir;
    private Duration lockWaitTimeout;
    private int jobs;
    private boolean allowTypeChanges;
    private boolean allowMissingKeys;
    private boolean noOwner;
    private boolean noPrivileges;
    private boolean keepTargetObjects;
    private boolean verifyContent;
    private VerificationKey requiredSigner;

    Builder(RestoreOptions o) {
      tables = o.tables;
      mode = o.mode;
      cascade = o.cascade;
      create = o.create;
      intoSchema = o.intoSchema;
      renames = o.renames;
      sequences = o.sequences;
      dryRun = o.dryRun;
      assumeYes = o.assumeYes;
      safetySnapshot = o.safetySnapshot;
      safetySnapshotDir = o.safetySnapshotDir;
      lockWaitTimeout = o.lockWaitTimeout;
      jobs = o.jobs;
      allowTypeChanges = o.allowTypeChanges;
      allowMissingKeys = o.allowMissingKeys;
      noOwner = o.noOwner;
      noPrivileges = o.noPrivileges;
      keepTargetObjects = o.keepTargetObjects;
      verifyContent = o.verifyContent;
      requiredSigner = o.requiredSigner;
    }

    RestoreOptions build() {
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
          keepTargetObjects,
          verifyContent,
          requiredSigner);
    }
  }
}
