package io.pgsnap.restore;

import io.pgsnap.Cancellation;
import io.pgsnap.ErrorCode;
import io.pgsnap.ExportOptions;
import io.pgsnap.PgsnapException;
import io.pgsnap.ProgressListener;
import io.pgsnap.RestorePlan;
import io.pgsnap.RestorePlan.Action;
import io.pgsnap.catalog.Identifiers;
import io.pgsnap.catalog.TableId;
import io.pgsnap.catalog.TableSelection;
import io.pgsnap.export.Exporter;
import io.pgsnap.snapshot.SnapshotDestination;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The snapshot a destructive restore takes of the tables it is about to empty, exported from
 * another connection while the restore holds its locks (which let readers in), so it holds exactly
 * what gets overwritten.
 */
final class SafetySnapshot {
  private SafetySnapshot() {}

  /**
   * Exports the tables {@code plan} truncates or empties by cascade into {@code dir}.
   *
   * @return the safety snapshot's folder
   * @throws PgsnapException when the export fails, saying that nothing was restored
   */
  static Path take(
      DataSource dataSource, RestorePlan plan, Path dir, Clock clock, Cancellation cancellation) {
    List<String> patterns = new ArrayList<>();
    plan.steps().stream()
        .filter(s -> s.action() == Action.TRUNCATE)
        .forEach(s -> patterns.add(exactPattern(s.target())));
    plan.cascaded().forEach(t -> patterns.add(exactPattern(t)));
    ExportOptions export =
        ExportOptions.defaults(dir)
            .withSelection(new TableSelection(List.of(), patterns, List.of(), List.of()))
            .withLabel("safety snapshot before restoring " + plan.snapshotId());
    try {
      return new Exporter(
              dataSource,
              SnapshotDestination.folder(dir),
              export,
              ProgressListener.NONE,
              clock,
              cancellation)
          .export()
          .snapshot();
    } catch (PgsnapException e) {
      if (Cancellation.isReport(e)) {
        // The restore reports the interruption, as the operation the user started.
        throw new PgsnapException(ErrorCode.FAILURE, e.getMessage(), e);
      }
      String failed =
          "the safety snapshot of the tables to be truncated failed, so nothing was"
              + " restored: ";
      String skip = " (--no-safety-snapshot skips it)";
      throw new PgsnapException(
          e.code(), failed + e.getMessage() + skip, failed + e.logMessage() + skip, e);
    }
  }

  /** {@code failure} of the restore that followed, naming the safety snapshot it leaves behind. */
  static PgsnapException failedAfter(PgsnapException failure, Path safety) {
    return failure.extended(
        ". The safety snapshot taken before it is kept at "
            + safety
            + " (the target was not changed, so it is not needed; delete it when you like)");
  }

  private static String exactPattern(TableId id) {
    return Identifiers.quote(id.schema()) + "." + Identifiers.quote(id.name());
  }
}
