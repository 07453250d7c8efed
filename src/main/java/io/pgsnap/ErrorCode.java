package io.pgsnap;

/**
 * What kind of failure a {@link PgsnapException} reports, and the process exit status the command
 * line maps it to. The statuses are part of pgsnap's contract with cron jobs and monitoring checks:
 * they never change meaning between versions.
 */
public enum ErrorCode {
  /** Something failed that none of the other codes describes. */
  FAILURE(1),
  /** The command line or an option value is wrong, or a table pattern matches nothing. */
  USAGE(2),
  /** A snapshot failed verification, or a validation run found a difference. */
  INTEGRITY(3),
  /** A monitoring check found the newest snapshot too old, broken or missing. */
  ALERT(4),
  /** The server could not be reached, refused the login, or the connection was lost. */
  CONNECTION(5),
  /** The database user lacks a privilege the operation needs. */
  PERMISSION(6),
  /** The snapshot folder could not be written or read: disk full, permission denied, missing. */
  STORAGE(7),
  /**
   * The key material for an encrypted or signed snapshot is missing or wrong: no passphrase or key
   * given, a passphrase or secret key that does not open the files, or a key file that holds no
   * usable key (expired, revoked, not able to encrypt or sign).
   */
  KEY(8),
  /**
   * The operation was cancelled ({@link Cancellation}) and cleaned up after itself. The command
   * line exits 130 after SIGINT (Ctrl-C) and 143 after SIGTERM: 128 plus the signal's number, as
   * shells report a process that a signal ended.
   */
  INTERRUPTED(130);

  private final int exitStatus;

  ErrorCode(int exitStatus) {
    this.exitStatus = exitStatus;
  }

  /** The process exit status the command line uses for this code. */
  public int exitStatus() {
    return exitStatus;
  }
}
