package io.pgsnap.storage;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How to reach object storage, beyond what the SDK finds itself. Credentials always come from the
 * SDK's standard chain (environment, system properties, profile, container or instance role), so no
 * secret ever passes through pgsnap's options.
 *
 * @param endpoint the server to talk to, for S3-compatible servers (MinIO, Ceph, R2, Garage); empty
 *     for the endpoint configured in the environment, or AWS itself
 * @param region the region to sign for; empty for the SDK's region chain
 */
public record S3Settings(Optional<URI> endpoint, Optional<String> region) {
  /**
   * Where an endpoint may be configured, in the order the SDK reads them: system property before
   * environment variable, the S3-specific one before the general one.
   */
  private static final List<String> ENDPOINT_PROPERTIES =
      List.of("aws.endpointUrlS3", "aws.endpointUrl");

  private static final List<String> ENDPOINT_VARIABLES =
      List.of("AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL");

  public S3Settings {
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(region, "region");
  }

  /** Everything from the SDK's standard chain. */
  public static S3Settings standard() {
    return new S3Settings(Optional.empty(), Optional.empty());
  }

  /** These settings, with the server at {@code endpoint} (a future {@code --s3-endpoint}). */
  public S3Settings withEndpoint(URI endpoint) {
    return new S3Settings(Optional.of(endpoint), region);
  }

  /**
   * The endpoint to use: the explicit one, or one configured by system property or environment
   * variable. An endpoint from a profile's {@code endpoint_url} is left to the SDK.
   */
  Optional<URI> resolvedEndpoint(Map<String, String> environment) {
    if (endpoint.isPresent()) {
      return endpoint;
    }
    for (int i = 0; i < ENDPOINT_PROPERTIES.size(); i++) {
      String property = System.getProperty(ENDPOINT_PROPERTIES.get(i));
      String value = property != null ? property : environment.get(ENDPOINT_VARIABLES.get(i));
      if (value != null && !value.isBlank()) {
        return Optional.of(URI.create(value.strip()));
      }
    }
    return Optional.empty();
  }
}
