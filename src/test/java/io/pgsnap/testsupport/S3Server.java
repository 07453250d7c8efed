package io.pgsnap.testsupport;

import io.pgsnap.storage.S3Location;
import io.pgsnap.storage.S3Storage;
import io.pgsnap.storage.S3Upload;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.junit.S3ProxyJunitCore;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3 server for tests: s3proxy, in this JVM on 127.0.0.1, with a transient (in-memory) store
 * and AWS signatures checked against fixed test keys. Either one per test class as a JUnit 5
 * extension, started before the class's first test with its buckets and stopped after its last:
 *
 * <pre>{@code
 * @RegisterExtension static final S3Server s3 = S3Server.perClass("my-bucket");
 * }</pre>
 *
 * or {@link #start()}ed and {@link #close()}d by hand.
 */
public final class S3Server implements AutoCloseable, BeforeAllCallback, AfterAllCallback {
  /** The test keys the server accepts. */
  public static final String ACCESS_KEY = "pgsnap-test-access";

  public static final String SECRET_KEY = "pgsnap-test-secret-key";

  private final List<String> buckets;
  private S3ProxyJunitCore proxy;

  private S3Server(List<String> buckets) {
    this.buckets = buckets;
  }

  /** A server for one test class, with {@code buckets} created when it starts. */
  public static S3Server perClass(String... buckets) {
    return new S3Server(List.of(buckets));
  }

  /** Starts a server; fails (never skips) when it cannot. */
  public static S3Server start() {
    S3Server server = new S3Server(List.of());
    server.proxy = startProxy();
    return server;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    proxy = startProxy();
    buckets.forEach(this::createBucket);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  private static S3ProxyJunitCore startProxy() {
    S3ProxyJunitCore proxy =
        new S3ProxyJunitCore.Builder()
            .withCredentials(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
            .withBlobStoreProvider("transient-nio2")
            .build();
    try {
      proxy.beforeEach();
    } catch (Exception e) {
      throw new IllegalStateException("the test S3 server (s3proxy) did not start: " + e, e);
    }
    return proxy;
  }

  /** Where the server listens, e.g. {@code http://127.0.0.1:41234}. */
  public URI endpoint() {
    return proxy.getUri();
  }

  /** A connection with the test keys. */
  public S3Storage storage() {
    return storage(SECRET_KEY);
  }

  /** A connection that signs with {@code secretKey}, e.g. a wrong one. */
  public S3Storage storage(String secretKey) {
    return storage(endpoint(), secretKey);
  }

  /** A connection with the test keys through {@code endpoint}, e.g. a proxy to this server. */
  public S3Storage storage(URI endpoint) {
    return storage(endpoint, SECRET_KEY);
  }

  private S3Storage storage(URI endpoint, String secretKey) {
    S3Client client =
        S3Client.builder()
            .endpointOverride(endpoint)
            .forcePathStyle(true)
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, secretKey)))
            .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
            .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
            .build();
    return new S3Storage(client, endpoint.toString());
  }

  /** Creates {@code bucket}. */
  public void createBucket(String bucket) {
    try (S3Storage storage = storage()) {
      storage.client().createBucket(b -> b.bucket(bucket));
    }
  }

  /** Uploads every file under {@code folder} to {@code target}, keeping relative paths. */
  public void upload(Path folder, S3Location target) {
    try (S3Storage storage = storage();
        Stream<Path> files = Files.walk(folder)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        String relative = folder.relativize(file).toString().replace('\\', '/');
        put(storage, target.child(relative), Files.readAllBytes(file));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes {@code bytes} as the object {@code object}. */
  public void put(S3Location object, byte[] bytes) {
    try (S3Storage storage = storage()) {
      put(storage, object, bytes);
    }
  }

  private static void put(S3Storage storage, S3Location object, byte[] bytes) {
    try (S3Upload upload = new S3Upload(storage, object, S3Upload.PART_SIZE)) {
      upload.write(bytes);
      upload.finish();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The bytes of the object {@code object}. */
  public byte[] get(S3Location object) {
    try (S3Storage storage = storage()) {
      return storage
          .client()
          .getObjectAsBytes(b -> b.bucket(object.bucket()).key(object.prefix()))
          .asByteArray();
    }
  }

  /** Every key in {@code bucket}. */
  public List<String> keys(String bucket) {
    try (S3Storage storage = storage()) {
      return storage.client().listObjectsV2Paginator(b -> b.bucket(bucket)).contents().stream()
          .map(o -> o.key())
          .toList();
    }
  }

  /** The keys of multipart uploads in {@code bucket} that were neither completed nor aborted. */
  public List<String> pendingUploads(String bucket) {
    try (S3Storage storage = storage()) {
      return storage.client().listMultipartUploads(b -> b.bucket(bucket)).uploads().stream()
          .map(u -> u.key())
          .toList();
    }
  }

  /**
   * Makes the SDK's standard chain find this server and {@code secretKey} (null for no keys at
   * all), through the system properties it reads before the environment, until the returned handle
   * is closed. Profiles and instance metadata are turned off, so that nothing on the machine
   * running the tests is found instead.
   */
  public Properties standardChain(String secretKey) {
    return standardChain(endpoint(), secretKey);
  }

  /** The same, with the endpoint {@code endpoint}, e.g. a proxy to this server. */
  public Properties standardChain(URI endpoint, String secretKey) {
    Map<String, String> values = new HashMap<>();
    values.put("aws.endpointUrl", endpoint.toString());
    values.put("aws.accessKeyId", secretKey == null ? null : ACCESS_KEY);
    values.put("aws.secretAccessKey", secretKey);
    values.put("aws.sharedCredentialsFile", "/nonexistent/pgsnap-test/credentials");
    values.put("aws.configFile", "/nonexistent/pgsnap-test/config");
    values.put("aws.disableEc2Metadata", "true");
    return new Properties(values);
  }

  /** Runs the command line with the SDK's standard chain finding this server and the test keys. */
  public Cli.Result cli(String... args) {
    try (Properties chain = standardChain(SECRET_KEY)) {
      return Cli.run(args);
    }
  }

  /** System properties set for a test, restored on {@link #close()}. */
  public static final class Properties implements AutoCloseable {
    private final Map<String, String> previous = new HashMap<>();

    Properties(Map<String, String> values) {
      values.forEach(
          (name, value) -> {
            previous.put(name, System.getProperty(name));
            set(name, value);
          });
    }

    @Override
    public void close() {
      previous.forEach(Properties::set);
    }

    private static void set(String name, String value) {
      if (value == null) {
        System.clearProperty(name);
      } else {
        System.setProperty(name, value);
      }
    }
  }

  @Override
  public void close() {
    if (proxy != null) {
      proxy.afterEach();
      proxy = null;
    }
  }
}
