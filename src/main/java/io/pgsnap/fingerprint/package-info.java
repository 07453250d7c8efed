/**
 * Content fingerprints: an order-independent hash of a table's rows, defined on the values as
 * PostgreSQL prints them under pgsnap's pinned session settings, so that a CSV file, a JSON Lines
 * file, and a live table (read with COPY's text format) of the same rows give the same fingerprint.
 * See {@link io.pgsnap.fingerprint.Fingerprint} for the definition.
 */
package io.pgsnap.fingerprint;
