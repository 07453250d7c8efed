/**
 * Reaching the server: connection strings and libpq-style defaults, the connection pool, and the
 * session settings that make exported text identical from run to run.
 */
package io.pgsnap.db;
