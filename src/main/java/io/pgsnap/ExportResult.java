package io.pgsnap;

import io.pgsnap.snapshot.Manifest;
import io.pgsnap.storage.S3Location;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * A finished export.
 *
 * @param location the complete snapshot: its folder, or its {@code s3://bucket/prefix/id}
 * @param manifest what was written there, as recorded in its {@code manifest.json} (for an
 *     encrypted snapshot: the complete manifest, which is kept encrypted beside it)
 * @param elapsed how long the export took
 */
public record ExportResult(String location, Manifest manifest, Duration elapsed) {
  public ExportResult {
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(manifest, "manifest");
    Objects.requireNonNull(elapsed, "elapsed");
  }

  /**
   * The complete snapshot folder.
   *
   * @throws IllegalStateException when the snapshot was written to object storage ({@link
   *     #location()} names it)
   */
  public Path snapshot() {
    if (S3Location.isS3(location)) {
      throw new IllegalStateException("the snapshot is in object storage: " + location);
    }
    return Path.of(location);
  }
}
