package io.pgsnap;

import io.pgsnap.export.Exporter;
import java.time.Clock;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * pgsnap as a library: every operation against one database, configured once.
 *
 * <pre>{@code
 * ExportResult result = Pgsnap.using(dataSource).export(ExportOptions.defaults(Path.of("backups")));
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
}
