/**
 * Signed snapshots: {@link io.pgsnap.signing.OpenPgpSigner} signs a snapshot's {@code SHA256SUMS}
 * and {@code manifest.json} as it is completed (detached, armored OpenPGP signatures that {@code
 * gpg --verify} checks); {@link io.pgsnap.signing.SignatureCheck} reads a snapshot's records and
 * their signatures once and checks them against the key they must be signed with, before the
 * snapshot is opened from exactly those bytes; {@link io.pgsnap.signing.KeyFiles} reads the key
 * files a command line names.
 */
package io.pgsnap.signing;
