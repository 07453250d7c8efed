/**
 * Snapshots in S3-compatible object storage: {@code s3://bucket/prefix} locations, the S3 client
 * and its settings, a {@link io.pgsnap.snapshot.SnapshotStore} that reads a snapshot from a bucket,
 * and an upload stream that writes one object while it is written.
 */
package io.pgsnap.storage;
