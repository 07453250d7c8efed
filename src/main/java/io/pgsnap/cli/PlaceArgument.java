package io.pgsnap.cli;

import io.pgsnap.retention.SnapshotPlace;
import io.pgsnap.storage.SnapshotAccess;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * The DIR parameter of {@code list}, {@code status} and {@code prune}: the place that holds the
 * snapshots, a folder or an {@code s3://} prefix, and how to reach object storage.
 */
final class PlaceArgument {
  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "DIR",
      defaultValue = "backups",
      description = {
        "Folder that holds the snapshots (default: ${DEFAULT-VALUE}),",
        "or s3://BUCKET/PREFIX in S3-compatible object storage: credentials, region and"
            + " AWS_ENDPOINT_URL come from the AWS SDK's environment and profile."
      })
  String location;

  @Mixin S3Options s3;

  /** The place; close it when done. A folder is never made of an {@code s3://} location. */
  SnapshotPlace open() {
    return SnapshotAccess.place(location, s3.settings());
  }
}
