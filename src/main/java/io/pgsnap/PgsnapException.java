package io.pgsnap;

import java.util.Objects;

/**
 * The one exception pgsnap's core throws for failures a user can act on. Its message says what
 * failed and what to do next; it never contains a password.
 */
public class PgsnapException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorCode code;
  private final String logMessage;

  public PgsnapException(ErrorCode code, String message) {
    this(code, message, null);
  }

  public PgsnapException(ErrorCode code, String message, Throwable cause) {
    this(code, message, String.valueOf(message), cause);
  }

  /**
   * A failure whose message for the operation log differs from the one shown to the user: the log
   * must never hold table data, while a terminal message may show the failing key.
   *
   * @param logMessage the message without any value from the tables
   */
  public PgsnapException(ErrorCode code, String message, String logMessage, Throwable cause) {
    super(message, cause);
    this.code = Objects.requireNonNull(code, "code");
    this.logMessage = Objects.requireNonNull(logMessage, "logMessage");
  }

  /** What kind of failure this is; decides the command line's exit status. */
  public ErrorCode code() {
    return code;
  }

  /** The message as {@code pgsnap.log} records it: without values from the tables. */
  public String logMessage() {
    return logMessage;
  }

  /** This failure with {@code more} said after it, in both its messages. */
  public PgsnapException extended(String more) {
    return new PgsnapException(code, getMessage() + more, logMessage + more, this);
  }
}
