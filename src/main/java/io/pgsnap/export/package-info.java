/**
 * Export: one consistent database snapshot streamed table by table with {@code COPY ... TO STDOUT}
 * into a snapshot folder, by one or several workers.
 */
package io.pgsnap.export;
