package io.pgsnap;

import io.pgsnap.snapshot.Manifest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * A finished export.
 *
 * @param snapshot the complete snapshot folder
 * @param manifest what was written there, as recorded in its {@code manifest.json} (for an
 *     encrypted snapshot: the complete manifest, which is kept encrypted beside it)
 * @param elapsed how long the export took
 */
public record ExportResult(Path snapshot, Manifest manifest, Duration elapsed) {
  public ExportResult {
    Objects.requireNonNull(snapshot, "snapshot");
    Objects.requireNonNull(manifest, "manifest");
    Objects.requireNonNull(elapsed, "elapsed");
  }
}
