package io.pgsnap;

import java.util.Objects;

/**
 * The one exception pgsnap's core throws for failures a user can act on. Its message says what
 * failed and what to do next; it never contains a password.
 */
public class PgsnapException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorCode code;

  public PgsnapException(ErrorCode code, String message) {
    this(code, message, null);
  }

  public PgsnapException(ErrorCode code, String message, Throwable cause) {
    super(message, cause);
    this.code = Objects.requireNonNull(code, "code");
  }

  /** What kind of failure this is; decides the command line's exit status. */
  public ErrorCode code() {
    return code;
  }
}
