package io.pgsnap;

import io.pgsnap.export.Exporter;
import io.pgsnap.verify.Verifier;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * pgsnap as a library: every operation against one database, configured once.
 *
 * <pre>{@code
 * ExportResult result = Pgsnap.using(dataSource).export(ExportOptions.defaults(Path.of("backups")));
 * VerifyResult check = Pgsnap.verify(result.snapshot(), VerifyOptions.deepCheck());
 * }</pre>
 *
 * <p>Instances are immutable; the {@code with...} methods return changed copies.
 */
public final class Pgsnap {
  private final DataSource dataSource;
  private final ProgressListener progress;
  private final Clock clock;

  private Pgsnap(DataSource dataSource, ProgressListener progress, Clock clock) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.progress = Objects.requireNonNull(progress, "progress");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * pgsnap over {@code dataSource}. An export with {@code jobs > 1} needs {@code jobs + 1}
   * connections from it at once.
   */
  public static Pgsnap using(DataSource dataSource) {
    return new Pgsnap(dataSource, ProgressListener.NONE, Clock.systemUTC());
  }

  /** The same, reporting progress to {@code listener}. */
  public Pgsnap withProgress(ProgressListener listener) {
    return new Pgsnap(dataSource, listener, clock);
  }

  /** The same, taking the time (snapshot ids, manifest times) from {@code clock}. */
  public Pgsnap withClock(Clock clock) {
    return new Pgsnap(dataSource, progress, clock);
  }

  /**
   * Exports the selected tables into a new snapshot folder under {@link ExportOptions#outDir()}.
   *
   * @return the complete snapshot and its manifest
   * @throws PgsnapException when the export fails; no complete-looking snapshot is left behind
   */
  public ExportResult export(ExportOptions options) {
    return new Exporter(dataSource, options, progress, clock).export();
  }

  /**
   * Verifies a snapshot folder offline: the manifest against its schema, {@code SHA256SUMS} and the
   * overall checksum, every table file's presence, size and SHA-256, files that do not belong, and
   * (with {@link VerifyOptions#deep()}) every file's decompressed rows against the manifest.
   * Static, since verification needs no database. Appends one line to {@code pgsnap.log} in the
   * snapshot's parent folder.
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
}
