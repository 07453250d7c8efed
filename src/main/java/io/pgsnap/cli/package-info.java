/**
 * The {@code pgsnap} command line: picocli commands that turn options into the core's option
 * records, print results, and map error codes to exit statuses. The only package that knows
 * picocli.
 */
package io.pgsnap.cli;
