/**
 * Offline checks of snapshots on disk: the integrity of one snapshot folder against its manifest
 * and checksums ({@code verify}), and the health of a folder of snapshots for monitoring ({@code
 * status}).
 */
package io.pgsnap.verify;
