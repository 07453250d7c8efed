package io.pgsnap.storage;

import io.pgsnap.ErrorCode;
import io.pgsnap.PgsnapException;
import java.io.IOException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Turns the SDK's failures into messages that say what to do, with pgsnap's exit statuses: the
 * server unreachable or the connection lost is {@link ErrorCode#CONNECTION}; a missing bucket,
 * refused credentials, denied access and any other refusal is {@link ErrorCode#STORAGE}.
 *
 * <p>Messages name the server, the bucket and the key, and the server's error code; never a
 * credential. The server's own error text is left out, since some servers echo request details.
 */
public final class S3Errors {
  private S3Errors() {}

  /**
   * The failure of {@code action} (e.g. "reading s3://b/p/manifest.json") on {@code endpoint}.
   *
   * @param bucket the bucket the request went to, for a missing bucket's message
   */
  public static PgsnapException of(SdkException e, String action, String bucket, String endpoint) {
    if (e instanceof S3Exception s3) {
      return refused(s3, action, bucket, endpoint);
    }
    if (isNetworkFailure(e)) {
      return unreachable(e, action, endpoint);
    }
    return new PgsnapException(
        ErrorCode.STORAGE, action + " failed at " + endpoint + ": " + e.getMessage(), e);
  }

  /** A connection lost while an object was being read, after its first bytes arrived. */
  public static PgsnapException readInterrupted(IOException e, String object, String endpoint) {
    return new PgsnapException(
        ErrorCode.CONNECTION,
        "the connection to "
            + endpoint
            + " failed while reading "
            + object
            + " ("
            + describe(e)
            + "): check the network and run the command again",
        e);
  }

  private static PgsnapException refused(
      S3Exception e, String action, String bucket, String endpoint) {
    String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    String what = code == null ? "HTTP " + e.statusCode() : code + ", HTTP " + e.statusCode();
    if ("NoSuchBucket".equals(code)) {
      return new PgsnapException(
          ErrorCode.STORAGE,
          "the bucket "
              + bucket
              + " does not exist at "
              + endpoint
              + ": check its name (and the endpoint), or create it",
          e);
    }
    if ("InvalidAccessKeyId".equals(code) || "SignatureDoesNotMatch".equals(code)) {
      return new PgsnapException(
          ErrorCode.STORAGE,
          endpoint
              + " refused the credentials while "
              + action
              + " ("
              + what
              + "): check AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or the profile's keys",
          e);
    }
    if (e.statusCode() == 403) {
      return new PgsnapException(
          ErrorCode.STORAGE,
          "access denied while "
              + action
              + " ("
              + what
              + "): the credentials lack permission for it on bucket "
              + bucket
              + " (reading needs s3:ListBucket and s3:GetObject)",
          e);
    }
    return new PgsnapException(
        ErrorCode.STORAGE, endpoint + " refused " + action + " (" + what + ")", e);
  }

  private static PgsnapException unreachable(SdkException e, String action, String endpoint) {
    return new PgsnapException(
        ErrorCode.CONNECTION,
        "could not reach "
            + endpoint
            + " while "
            + action
            + " ("
            + describe(rootCause(e))
            + "): check the endpoint (AWS_ENDPOINT_URL) and the network",
        e);
  }

  private static boolean isNetworkFailure(SdkException e) {
    if (!(e instanceof SdkClientException)) {
      return false;
    }
    // Refused connections, unknown hosts, timeouts and connections reset all arrive as an
    // IOException below the SDK's own exception.
    for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
      if (t instanceof IOException) {
        return true;
      }
    }
    return false;
  }

  private static Throwable rootCause(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t;
  }

  private static String describe(Throwable e) {
    String message = e.getMessage();
    String type = e.getClass().getSimpleName();
    return message == null || message.isBlank() ? type : type + ": " + message;
  }
}
