package io.pgsnap.snapshot;

import static io.pgsnap.snapshot.ReadProblems.RESTORE_OR_RETAKE;

import io.pgsnap.PgsnapException;
import io.pgsnap.VerifyResult.Problem;
import io.pgsnap.VerifyResult.Problem.Kind;
import io.pgsnap.fingerprint.Fingerprint;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The checks of a parsed manifest's content, which need nothing but the manifest: its totals and
 * split tables' parts against its tables, fingerprints against row counts, and every DDL statement
 * it holds. {@code manifest.json} gets them when it is read; an encrypted snapshot's complete
 * manifest when it is decrypted.
 */
final class ManifestContentChecks {
  private final List<Problem> problems = new ArrayList<>();

  private ManifestContentChecks() {}

  /** The problems of the manifest's figures: totals, split tables' parts, fingerprints. */
  static List<Problem> totals(Manifest manifest) {
    ManifestContentChecks checks = new ManifestContentChecks();
    checks.checkTotals(manifest);
    return List.copyOf(checks.problems);
  }

  /** The problems of the manifest's DDL, attached objects, used objects and sequences. */
  static List<Problem> ddl(Manifest manifest) {
    ManifestContentChecks checks = new ManifestContentChecks();
    checks.checkDdl(manifest);
    return List.copyOf(checks.problems);
  }

  /**
   * The problems of a complete manifest that was kept encrypted, found by the checks {@code
   * manifest.json} gets when it is the complete one: totals, fingerprints, DDL, used objects.
   */
  static List<Problem> all(Manifest complete) {
    List<Problem> all = new ArrayList<>(totals(complete));
    all.addAll(ddl(complete));
    return List.copyOf(all);
  }

  /**
   * Every DDL statement of the manifest must be one statement of the kind its entry names, on the
   * object it names: a restore runs them, so a snapshot that fails is refused before any is shown
   * or run, whether or not the restore would create the table.
   */
  private void checkDdl(Manifest manifest) {
    if (manifest.isEncrypted()) {
      return; // the complete manifest, with the DDL, is checked when it is decrypted
    }
    for (ManifestTable table : manifest.tables()) {
      try {
        DdlStatement.checkManifest(table);
        AttachedChecks.check(table);
      } catch (PgsnapException e) {
        problem(SnapshotWriter.MANIFEST, Kind.MANIFEST_INVALID, e.getMessage());
      }
    }
    for (io.pgsnap.catalog.UsedObject object : manifest.objects()) {
      try {
        UsedObjectChecks.check(object);
      } catch (PgsnapException e) {
        problem(SnapshotWriter.MANIFEST, Kind.MANIFEST_INVALID, e.getMessage());
      }
    }
    for (io.pgsnap.catalog.Sequence sequence : manifest.sequences()) {
      try {
        DdlStatement.checkSequence(sequence);
      } catch (PgsnapException e) {
        problem(SnapshotWriter.MANIFEST, Kind.MANIFEST_INVALID, e.getMessage());
      }
    }
  }

  /** Totals that disagree with the tables show a manifest edited by hand. */
  private void checkTotals(Manifest manifest) {
    List<ManifestTable> tables = manifest.tables();
    Manifest.Totals totals = manifest.totals();
    checkTotal("tables", totals.tables(), tables.size());
    checkTotal("rows", totals.rows(), tables.stream().mapToLong(ManifestTable::rows).sum());
    checkTotal(
        "storedBytes",
        totals.storedBytes(),
        tables.stream().mapToLong(ManifestTable::storedBytes).sum());
    checkTotal(
        "rawBytes", totals.rawBytes(), tables.stream().mapToLong(ManifestTable::rawBytes).sum());
    tables.stream().filter(ManifestTable::isSplit).forEach(this::checkPartSums);
    for (ManifestTable table : tables) {
      table
          .recordedFingerprint()
          .filter(f -> f.rows() != table.rows())
          .ifPresent(
              f ->
                  problem(
                      SnapshotWriter.MANIFEST,
                      Kind.MANIFEST_MISMATCH,
                      "the fingerprint of "
                          + table.id()
                          + " counts "
                          + f.rows()
                          + " rows but the table "
                          + table.rows()
                          + ": the manifest was changed; "
                          + RESTORE_OR_RETAKE));
    }
  }

  /** A split table's figures are its parts' sums; anything else is a manifest edited by hand. */
  private void checkPartSums(ManifestTable table) {
    List<ManifestTable> parts = table.fileEntries();
    checkPartSum(table, "rows", table.rows(), parts.stream().mapToLong(ManifestTable::rows).sum());
    checkPartSum(
        table,
        "storedBytes",
        table.storedBytes(),
        parts.stream().mapToLong(ManifestTable::storedBytes).sum());
    checkPartSum(
        table,
        "rawBytes",
        table.rawBytes(),
        parts.stream().mapToLong(ManifestTable::rawBytes).sum());
    Optional<Fingerprint> sum =
        parts.stream()
            .map(ManifestTable::recordedFingerprint)
            .reduce(Optional.of(Fingerprint.EMPTY), (a, b) -> a.flatMap(x -> b.map(x::plus)));
    if (!table.recordedFingerprint().equals(sum)) {
      problem(
          SnapshotWriter.MANIFEST,
          Kind.MANIFEST_MISMATCH,
          "the fingerprint of "
              + table.id()
              + " is not the sum of its parts' fingerprints: the manifest was changed; "
              + RESTORE_OR_RETAKE);
    }
  }

  private void checkPartSum(ManifestTable table, String field, long value, long sum) {
    if (value != sum) {
      problem(
          SnapshotWriter.MANIFEST,
          Kind.MANIFEST_MISMATCH,
          field
              + " of "
              + table.id()
              + " is "
              + value
              + " but its parts add up to "
              + sum
              + ": the manifest was changed; "
              + RESTORE_OR_RETAKE);
    }
  }

  private void checkTotal(String field, long total, long sum) {
    if (total != sum) {
      problem(
          SnapshotWriter.MANIFEST,
          Kind.MANIFEST_MISMATCH,
          "totals."
              + field
              + " is "
              + total
              + " but the tables add up to "
              + sum
              + ": the manifest was changed; "
              + RESTORE_OR_RETAKE);
    }
  }

  private void problem(String file, Kind kind, String message) {
    problems.add(new Problem(file, kind, message));
  }
}
