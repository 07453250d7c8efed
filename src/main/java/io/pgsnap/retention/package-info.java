/**
 * Which snapshots a folder holds and which of them to keep: listing with verification state,
 * retention policies in restic's terms, and pruning that never deletes outside snapshot folders.
 */
package io.pgsnap.retention;
