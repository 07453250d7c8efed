package io.pgsnap.testsupport;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * A {@link PgServer} that this test run started and must stop: closing it stops the server and
 * removes everything it left on disk. Closing twice is harmless, because both JUnit's store and the
 * JVM's shutdown hook may do it.
 */
interface ManagedServer extends PgServer, AutoCloseable {
  /** The superuser role of every server the suite starts, on every provisioning route. */
  String SUPERUSER = "pgsnap_super";

  /** Where the server came from, for logs and failure messages, e.g. a binaries folder. */
  String origin();

  @Override
  void close();

  /**
   * A strong superuser password of URL-safe characters only, because the password goes into libpq
   * URIs unescaped ({@link TestDatabase#uri()}).
   */
  static String randomPassword(SecureRandom random) {
    byte[] bytes = new byte[24];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
