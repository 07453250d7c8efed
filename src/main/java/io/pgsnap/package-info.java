/**
 * pgsnap's public API: the facade that runs export and verify (and later restore and compare), the
 * option and result records, and the exception hierarchy with its error codes.
 */
package io.pgsnap;
