package io.pgsnap.crypto;

import io.pgsnap.ErrorCode;
import io.pgsnap.PgsnapException;

/**
 * An encrypted file is not the message that was written: its integrity check (the MDC) fails, it
 * ends early, it is not an integrity-protected OpenPGP message, or bytes follow the message. Raised
 * at the latest when the end of the plaintext is reached, instead of reporting that end, so that a
 * reader that loads what it reads can roll back.
 */
public final class IntegrityException extends PgsnapException {
  private static final long serialVersionUID = 1L;

  IntegrityException(String file, String what) {
    this(file, what, null);
  }

  IntegrityException(String file, String what, Throwable cause) {
    super(
        ErrorCode.INTEGRITY,
        file
            + " fails its OpenPGP integrity check: "
            + what
            + ". The file is damaged or was altered after it was written; do not use what was read"
            + " from it, and restore from another snapshot",
        cause);
  }
}
