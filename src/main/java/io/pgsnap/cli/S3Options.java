package io.pgsnap.cli;

import io.pgsnap.storage.S3Settings;
import io.pgsnap.storage.SnapshotAccess;
import java.net.URI;
import picocli.CommandLine.Option;

/** How the commands that take an {@code s3://} location reach object storage. */
final class S3Options {
  /** How a command describes its SNAPSHOT parameter's object storage form. */
  static final String LOCATION =
      "or s3://BUCKET/PREFIX/ID in S3-compatible object storage: credentials, region and"
          + " AWS_ENDPOINT_URL come from the AWS SDK's environment and profile.";

  @Option(
      names = "--s3-endpoint",
      paramLabel = "URL",
      description = {
        "The S3-compatible server of s3:// locations (MinIO, Ceph, R2, Garage), e.g."
            + " http://127.0.0.1:9000, addressed path-style.",
        "Default: AWS_ENDPOINT_URL_S3 or AWS_ENDPOINT_URL, else the SDK's (AWS S3)."
      })
  URI endpoint;

  /** The settings these options give; the SDK's standard chain for everything else. */
  S3Settings settings() {
    return endpoint == null ? S3Settings.standard() : S3Settings.standard().withEndpoint(endpoint);
  }

  /** The snapshot at {@code location}, a folder or an {@code s3://} location; close it after. */
  SnapshotAccess access(String location) {
    return SnapshotAccess.of(location, settings());
  }
}
