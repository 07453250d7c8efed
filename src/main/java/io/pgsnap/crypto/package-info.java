/**
 * OpenPGP encryption and detached signatures for snapshot files, readable and writable by GnuPG
 * 2.2: key material ({@link io.pgsnap.crypto.Passphrase}, {@link io.pgsnap.crypto.RecipientKey},
 * {@link io.pgsnap.crypto.SecretKey}), streams that encrypt ({@link io.pgsnap.crypto.Encryption})
 * and decrypt ({@link io.pgsnap.crypto.Decryption}) one file each, and detached signatures ({@link
 * io.pgsnap.crypto.DetachedSignature}, judged as a {@link io.pgsnap.crypto.SignatureVerdict}).
 */
package io.pgsnap.crypto;
