package io.pgsnap;

import io.pgsnap.restore.CreationScript;
import io.pgsnap.snapshot.Inspector;
import io.pgsnap.snapshot.Manifest;
import io.pgsnap.snapshot.OpenSnapshot;
import io.pgsnap.snapshot.SnapshotReader;
import io.pgsnap.snapshot.SnapshotSource;
import io.pgsnap.snapshot.SnapshotStore;
import io.pgsnap.snapshot.TableInspection;
import io.pgsnap.storage.S3Settings;
import io.pgsnap.storage.S3SnapshotStore;
import io.pgsnap.storage.SnapshotAccess;
import io.pgsnap.verify.Comparison;
import io.pgsnap.verify.SnapshotComparer;
import io.pgsnap.verify.Verifier;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/**
 * pgsnap as a library, for what needs no database: opening, verifying, inspecting and comparing
 * snapshots, in a folder or a store such as a bucket. {@link Pgsnap} holds what works against a
 * database.
 *
 * <pre>{@code
 * VerifyResult check = SnapshotFiles.verify(Path.of("backups/appdb-20261123T091545Z"),
 *     VerifyOptions.deepCheck());
 * }</pre>
 */
public final class SnapshotFiles {
  private SnapshotFiles() {}

  /**
   * Opens a snapshot for reading through the checks every command uses: the manifest against its
   * schema, its totals, its format version and {@code manifest.sha256}; every file path inside
   * {@code tables/}; {@code SHA256SUMS} against the manifest and the overall checksum. Table files
   * are read with {@link OpenSnapshot#openTable}, which proves each file's SHA-256 as it is read.
   *
   * @param snapshot the snapshot folder, e.g. {@code backups/appdb-20261123T091545Z}
   * @return the checked snapshot
   * @throws PgsnapException {@link ErrorCode#INTEGRITY} naming every problem when the snapshot is
   *     partial or fails a check; {@link ErrorCode#USAGE} when the path is the folder that holds
   *     snapshots; {@link ErrorCode#STORAGE} when it is missing or unreadable
   */
  public static OpenSnapshot open(Path snapshot) {
    return SnapshotReader.open(snapshot);
  }

  /**
   * Verifies a snapshot folder offline: the manifest against its schema, {@code SHA256SUMS} and the
   * overall checksum, every table file's presence, size and SHA-256, files that do not belong, and
   * (with {@link VerifyOptions#deep()}) every file's decompressed rows against the manifest.
   * Appends one line to {@code pgsnap.log} in the snapshot's parent folder.
   *
   * @param snapshot the snapshot folder, e.g. {@code backups/appdb-20261123T091545Z}
   * @param options how thoroughly to check
   * @return every problem found, each naming its file; {@link VerifyResult#ok()} when none
   * @throws PgsnapException {@link ErrorCode#STORAGE} when the folder is missing or unreadable,
   *     {@link ErrorCode#USAGE} when the path is not a snapshot folder
   */
  public static VerifyResult verify(Path snapshot, VerifyOptions options) {
    return verify(snapshot, options, ProgressListener.NONE);
  }

  /**
   * The same, reporting each table file to {@code progress} as it is checked.
   *
   * @param snapshot the snapshot folder
   * @param options how thoroughly to check
   * @param progress hears about each file
   * @return every problem found
   * @throws PgsnapException as {@link #verify(Path, VerifyOptions)}
   */
  public static VerifyResult verify(
      Path snapshot, VerifyOptions options, ProgressListener progress) {
    return new Verifier(options, progress, Clock.systemUTC()).verify(snapshot);
  }

  /**
   * Verifies the snapshot at {@code location}: a folder, or a prefix in object storage ({@code
   * s3://bucket/prefix/id}), read with the SDK's standard credentials, region and endpoint ({@code
   * AWS_ENDPOINT_URL}). A location that starts with {@code s3://} is never taken for a folder.
   * Verification in object storage is not recorded in any {@code pgsnap.log}.
   *
   * @param location the snapshot folder or its {@code s3://} location
   * @param options how thoroughly to check
   * @param progress hears about each file
   * @return every problem found
   * @throws PgsnapException as {@link #verify(Path, VerifyOptions)}; for object storage also {@link
   *     ErrorCode#USAGE} for a malformed location, {@link ErrorCode#STORAGE} for missing
   *     credentials, a missing bucket or denied access, and {@link ErrorCode#CONNECTION} when the
   *     server cannot be reached or the connection is lost
   */
  public static VerifyResult verify(
      String location, VerifyOptions options, ProgressListener progress) {
    return verify(location, S3Settings.standard(), options, progress);
  }

  /**
   * The same, reaching object storage with {@code settings} (such as an endpoint of its own).
   *
   * @throws PgsnapException as {@link #verify(String, VerifyOptions, ProgressListener)}
   */
  public static VerifyResult verify(
      String location, S3Settings settings, VerifyOptions options, ProgressListener progress) {
    try (SnapshotAccess access = SnapshotAccess.of(location, settings)) {
      SnapshotSource snapshot = access.source();
      return snapshot.folder().isPresent()
          ? verify(snapshot.folder().get(), options, progress)
          : verify(snapshot.store(), snapshot.id(), options, progress);
    }
  }

  /**
   * Verifies the snapshot in {@code store}, such as an {@link S3SnapshotStore}, with the checks of
   * {@link #verify(Path, VerifyOptions)}; nothing is logged.
   *
   * @param id the snapshot's id, for the result
   */
  public static VerifyResult verify(
      SnapshotStore store, String id, VerifyOptions options, ProgressListener progress) {
    return new Verifier(options, progress, Clock.systemUTC()).verify(store, id);
  }

  /**
   * Compares two snapshots offline, from their manifests: each table's row count, copied columns,
   * recorded content fingerprint (or, when either has none, file checksum when both are in the same
   * format and compression) and DDL, and the tables only one of them has. Logs one line in {@code
   * a}'s parent folder.
   *
   * @param a the first snapshot folder
   * @param b the second snapshot folder
   * @return what differs; {@link Comparison#equal()} says whether they match
   * @throws PgsnapException {@link ErrorCode#INTEGRITY} when a snapshot is incomplete, {@link
   *     ErrorCode#STORAGE} when a folder is missing or unreadable
   */
  public static Comparison compareSnapshots(Path a, Path b) {
    return compareSnapshots(SnapshotSource.folder(a), SnapshotSource.folder(b));
  }

  /**
   * The same for snapshots in folders or stores such as buckets, in any mix; logged only when
   * {@code a} is in a local folder.
   */
  public static Comparison compareSnapshots(SnapshotSource a, SnapshotSource b) {
    return new SnapshotComparer(a, b, Clock.systemUTC()).compare();
  }

  /**
   * Reads a complete snapshot's manifest, for a description of what it holds. Logs one line in the
   * snapshot folder's parent.
   *
   * @param snapshot a complete snapshot folder
   * @return its manifest
   * @throws PgsnapException {@link ErrorCode#INTEGRITY} when the snapshot is incomplete or its
   *     manifest malformed; {@link ErrorCode#STORAGE} when the folder is missing or unreadable
   */
  public static Manifest inspect(Path snapshot) {
    return inspect(SnapshotSource.folder(snapshot));
  }

  /**
   * The same for {@code snapshot} in a folder or a store such as a bucket; reading a snapshot in
   * object storage is not logged.
   */
  public static Manifest inspect(SnapshotSource snapshot) {
    return new Inspector(snapshot, Clock.systemUTC()).manifest();
  }

  /**
   * One table of a complete snapshot, with its DDL. Logs one line in the snapshot folder's parent.
   *
   * @param snapshot a complete snapshot folder
   * @param table {@code schema.table} or {@code table}, double-quoted where case or special
   *     characters matter ({@code '"Mixed Case"'}); an unqualified name must match one table
   * @return the table's manifest entry, and the manifest
   * @throws PgsnapException {@link ErrorCode#USAGE} when {@code table} matches no table or several;
   *     otherwise as {@link #inspect(Path)}
   */
  public static TableInspection inspectTable(Path snapshot, String table) {
    return inspectTable(SnapshotSource.folder(snapshot), table);
  }

  /** The same for {@code snapshot} in a folder or a store such as a bucket. */
  public static TableInspection inspectTable(SnapshotSource snapshot, String table) {
    return new Inspector(snapshot, Clock.systemUTC()).table(table);
  }

  /**
   * The SQL script that creates one table, or every table, of a complete snapshot in an empty
   * database, with what the tables use and carry, as {@code restore --create} would (see {@link
   * CreationScript}); for where neither pgsnap's restore nor pg_dump is at hand. Logs one line.
   *
   * @param snapshot a complete snapshot folder
   * @param table one table, as {@link #inspectTable} takes it, or {@code null} for every table
   * @return the script
   * @throws PgsnapException as {@link #inspectTable} and {@link #inspect(Path)}
   */
  public static String creationScript(Path snapshot, String table) {
    return creationScript(SnapshotSource.folder(snapshot), table);
  }

  /** The same for {@code snapshot} in a folder or a store such as a bucket. */
  public static String creationScript(SnapshotSource snapshot, String table) {
    if (table == null) {
      Manifest manifest = inspect(snapshot);
      return CreationScript.of(manifest, manifest.tables());
    }
    TableInspection found = inspectTable(snapshot, table);
    return CreationScript.of(found.manifest(), List.of(found.table()));
  }
}
