package io.pgsnap.storage;

import io.pgsnap.ErrorCode;
import io.pgsnap.PgsnapException;
import java.net.URI;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * An S3 client and the endpoint it talks to, for messages. One per command; closing it closes the
 * client's connections.
 *
 * <p>The client is the SDK's synchronous {@link S3Client} with its default HTTP client: each table
 * file is read or written as one stream on one thread, which the blocking client serves without an
 * event loop. Two settings differ from the SDK's defaults:
 *
 * <ul>
 *   <li>with an endpoint of its own (an S3-compatible server), addressing is path-style ({@code
 *       http://host/bucket/key}), since such servers rarely have a wildcard DNS name per bucket;
 *   <li>request checksums are sent, and response checksums checked, only when the operation
 *       requires them ({@code WHEN_REQUIRED}). Since SDK 2.30 the default adds CRC checksums to
 *       every upload, which several S3-compatible servers reject. pgsnap checks SHA-256 of every
 *       file itself, end to end.
 * </ul>
 */
public final class S3Storage implements AutoCloseable {
  /** The region signed for when an endpoint is given and no region is configured. */
  static final Region DEFAULT_REGION = Region.US_EAST_1;

  private final S3Client client;
  private final String endpoint;
  private final AutoCloseable credentials;

  /** Wraps a client built elsewhere; {@code endpoint} names its server in messages. */
  public S3Storage(S3Client client, String endpoint) {
    this(client, endpoint, () -> {});
  }

  private S3Storage(S3Client client, String endpoint, AutoCloseable credentials) {
    this.client = Objects.requireNonNull(client, "client");
    this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
    this.credentials = credentials;
  }

  /**
   * Connects with {@code settings} and the SDK's standard chain for the rest. Credentials and
   * region are resolved at once, so that their absence is reported before any work starts.
   *
   * @throws PgsnapException {@link ErrorCode#STORAGE} when no credentials or no region are found;
   *     {@link ErrorCode#USAGE} when the endpoint is not a URL
   */
  public static S3Storage connect(S3Settings settings) {
    return connect(settings, System.getenv());
  }

  static S3Storage connect(S3Settings settings, Map<String, String> environment) {
    Optional<URI> endpoint;
    try {
      endpoint = settings.resolvedEndpoint(environment);
    } catch (IllegalArgumentException e) {
      throw new PgsnapException(
          ErrorCode.USAGE,
          "the S3 endpoint is not a valid URL ("
              + e.getMessage()
              + "): give one such as http://127.0.0.1:9000",
          e);
    }
    if (endpoint.isPresent() && endpoint.get().getHost() == null) {
      throw new PgsnapException(
          ErrorCode.USAGE,
          "the S3 endpoint "
              + endpoint.get()
              + " names no host: give one such as http://127.0.0.1:9000");
    }
    Region region = region(settings, endpoint.isPresent());
    DefaultCredentialsProvider credentials = DefaultCredentialsProvider.builder().build();
    try {
      credentials.resolveCredentials();
    } catch (SdkClientException e) {
      throw new PgsnapException(
          ErrorCode.STORAGE,
          "no S3 credentials found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE"
              + " for a profile in ~/.aws/credentials, or run where a role provides them",
          e);
    }
    S3ClientBuilder builder =
        S3Client.builder()
            .region(region)
            .credentialsProvider(credentials)
            .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
            .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
    endpoint.ifPresent(uri -> builder.endpointOverride(uri).forcePathStyle(true));
    String shown = endpoint.map(URI::toString).orElse("AWS S3 (" + region.id() + ")");
    return new S3Storage(builder.build(), shown, credentials);
  }

  private static Region region(S3Settings settings, boolean ownEndpoint) {
    if (settings.region().isPresent()) {
      return Region.of(settings.region().get());
    }
    try {
      return new DefaultAwsRegionProviderChain().getRegion();
    } catch (SdkClientException e) {
      if (ownEndpoint) {
        // S3-compatible servers accept any region in the signature, most of them this one.
        return DEFAULT_REGION;
      }
      throw new PgsnapException(
          ErrorCode.STORAGE,
          "no AWS region found for S3: set AWS_REGION, or a region in the profile"
              + " (~/.aws/config)",
          e);
    }
  }

  /** The client. */
  public S3Client client() {
    return client;
  }

  /** The server, as messages name it: the endpoint URL, or AWS and its region. */
  public String endpoint() {
    return endpoint;
  }

  @Override
  public void close() {
    client.close();
    try {
      credentials.close();
    } catch (Exception e) {
      // nothing was written through it; a provider that fails to close loses nothing
    }
  }
}
