/**
 * The snapshot on disk: folder layout and file names, the manifest and its records, compression,
 * checksums ({@code SHA256SUMS}), and the operation log.
 */
package io.pgsnap.snapshot;
