/**
 * What the database holds, read from {@code pg_catalog}: immutable records for tables, columns,
 * constraints and sequences, the pattern-based table selection, and the DDL that recreates a table.
 */
package io.pgsnap.catalog;
