/**
 * {@code pgsnap drill}: proves that a snapshot restores, by restoring it into a scratch database
 * (on a throwaway server, or an existing one) and comparing every table's rows and content
 * fingerprint with the manifest.
 */
package io.pgsnap.drill;
