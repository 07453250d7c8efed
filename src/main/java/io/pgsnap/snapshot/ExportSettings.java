package io.pgsnap.snapshot;

import io.pgsnap.catalog.TableSelection;
import java.util.Objects;

/**
 * The options of the export that wrote a snapshot, as recorded in its manifest.
 *
 * @param format how rows are written
 * @param compression how files are compressed
 * @param jobs how many workers exported tables in parallel
 * @param selection the table patterns given
 */
public record ExportSettings(
    DataFormat format, Compression compression, int jobs, TableSelection selection) {
  public ExportSettings {
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(compression, "compression");
    Objects.requireNonNull(selection, "selection");
  }
}
