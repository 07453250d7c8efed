package io.pgsnap.crypto;

import io.pgsnap.ErrorCode;
import io.pgsnap.PgsnapException;

/**
 * The key material given does not open an encrypted file, or cannot be used at all: no passphrase
 * or key given, a wrong passphrase, a secret key the file was not encrypted for, a key file that
 * holds no usable key. Raised before any plaintext is returned, so that a key can be checked
 * against the first file before anything else happens. Its message names the file and the key,
 * never a passphrase.
 */
public final class WrongKeyException extends PgsnapException {
  private static final long serialVersionUID = 1L;

  WrongKeyException(String message) {
    super(ErrorCode.KEY, message);
  }

  WrongKeyException(String message, Throwable cause) {
    super(ErrorCode.KEY, message, cause);
  }
}
