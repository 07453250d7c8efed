package io.pgsnap;

import io.pgsnap.catalog.TableSelection;
import io.pgsnap.crypto.Encryption;
import io.pgsnap.snapshot.Compression;
import io.pgsnap.snapshot.DataFormat;
import io.pgsnap.snapshot.SnapshotSigner;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What to export and how.
 *
 * @param outDir the folder that holds snapshots; created if missing
 * @param selection which tables
 * @param format how rows are written
 * @param compression how files are compressed
 * @param jobs how many tables are exported in parallel, each by its own connection sharing one
 *     database snapshot; the data source must provide {@code jobs + 1} connections when {@code jobs
 *     > 1}
 * @param label a free-text label recorded in the manifest, or {@code null}
 * @param lockWaitTimeout how long to wait for the shared locks on the tables before failing, or
 *     {@code null} to wait as long as it takes (as pg_dump does by default)
 * @param splitAbove with {@code jobs > 1}, an ordinary table whose heap ({@code pg_relation_size})
 *     holds at least this many bytes is exported in several parts, block ranges read by different
 *     workers under the same database snapshot
 * @param encryption the key material every table file and the complete manifest are encrypted with,
 *     or empty for a snapshot that is not encrypted
 * @param signer signs the snapshot's {@code SHA256SUMS} and {@code manifest.json} as it is
 *     completed (e.g. {@link io.pgsnap.signing.OpenPgpSigner}); {@code null} for an unsigned
 *     snapshot
 */
public record ExportOptions(
    Path outDir,
    TableSelection selection,
    DataFormat format,
    Compression compression,
    int jobs,
    String label,
    Duration lockWaitTimeout,
    long splitAbove,
    Optional<Encryption> encryption,
    SnapshotSigner signer) {

  /** The default {@code splitAbove}: 64 MiB. */
  public static final long DEFAULT_SPLIT_ABOVE = 64L << 20;

  /** The smallest {@code splitAbove}: one default-sized block, 8 KiB. */
  public static final long MIN_SPLIT_ABOVE = 8L << 10;

  /** The default folder for snapshots. */
  public static final Path DEFAULT_OUT_DIR = Path.of("backups");

  public ExportOptions {
    Objects.requireNonNull(outDir, "outDir");
    Objects.requireNonNull(selection, "selection");
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(compression, "compression");
    if (jobs < 1) {
      throw new PgsnapException(ErrorCode.USAGE, "--jobs must be at least 1, not " + jobs);
    }
    if (lockWaitTimeout != null && (lockWaitTimeout.isNegative() || lockWaitTimeout.isZero())) {
      throw new PgsnapException(ErrorCode.USAGE, "--lock-wait-timeout must be positive");
    }
    Objects.requireNonNull(encryption, "encryption");
    if (splitAbove < MIN_SPLIT_ABOVE) {
      throw new PgsnapException(
          ErrorCode.USAGE, "--split-above must be at least 8KiB, not " + splitAbove + " bytes");
    }
  }

  /** Options for a snapshot that is neither encrypted nor signed. */
  public ExportOptions(
      Path outDir,
      TableSelection selection,
      DataFormat format,
      Compression compression,
      int jobs,
      String label,
      Duration lockWaitTimeout,
      long splitAbove) {
    this(
        outDir,
        selection,
        format,
        compression,
        jobs,
        label,
        lockWaitTimeout,
        splitAbove,
        Optional.empty(),
        null);
  }

  /** All tables of schema {@code public}, CSV, zstd, one job, into {@code outDir}. */
  public static ExportOptions defaults(Path outDir) {
    return new ExportOptions(
        outDir,
        TableSelection.defaults(),
        DataFormat.CSV,
        Compression.ZSTD,
        1,
        null,
        null,
        DEFAULT_SPLIT_ABOVE,
        Optional.empty(),
        null);
  }

  public ExportOptions withSelection(TableSelection selection) {
    return edit(b -> b.selection = selection);
  }

  public ExportOptions withFormat(DataFormat format) {
    return edit(b -> b.format = format);
  }

  public ExportOptions withCompression(Compression compression) {
    return edit(b -> b.compression = compression);
  }

  public ExportOptions withJobs(int jobs) {
    return edit(b -> b.jobs = jobs);
  }

  public ExportOptions withLabel(String label) {
    return edit(b -> b.label = label);
  }

  public ExportOptions withLockWaitTimeout(Duration lockWaitTimeout) {
    return edit(b -> b.lockWaitTimeout = lockWaitTimeout);
  }

  public ExportOptions withSplitAbove(long splitAbove) {
    return edit(b -> b.splitAbove = splitAbove);
  }

  /** Encrypts the snapshot's files with {@code encryption}. */
  public ExportOptions withEncryption(Encryption encryption) {
    return edit(b -> b.encryption = Optional.of(encryption));
  }

  /** Signs the snapshot with {@code signer} as it is completed; {@code null} for none. */
  public ExportOptions withSigner(SnapshotSigner signer) {
    return edit(b -> b.signer = signer);
  }

  private ExportOptions edit(Consumer<Builder> change) {
    Builder builder = new Builder(this);
    change.accept(builder);
    return builder.build();
  }

  /** A copy of some options to change one field of. */
  private static final class Builder {
    private Path outDir;
    private TableSelection selection;
    private DataFormat format;
    private Compression compression;
    private int jobs;
    private String label;
    private Duration lockWaitTimeout;
    private long splitAbove;
    private Optional<Encryption> encryption;
    private SnapshotSigner signer;

    Builder(ExportOptions o) {
      outDir = o.outDir;
      selection = o.selection;
      format = o.format;
      compression = o.compression;
      jobs = o.jobs;
      label = o.label;
      lockWaitTimeout = o.lockWaitTimeout;
      splitAbove = o.splitAbove;
      encryption = o.encryption;
      signer = o.signer;
    }

    ExportOptions build() {
      return new ExportOptions(
          outDir,
          selection,
          format,
          compression,
          jobs,
          label,
          lockWaitTimeout,
          splitAbove,
          encryption,
          signer);
    }
  }
}
