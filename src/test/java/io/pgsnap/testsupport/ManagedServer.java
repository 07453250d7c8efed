package io.pgsnap.testsupport;

import io.pgsnap.server.LocalServer;

/**
 * A {@link PgServer} that this test run started and must stop: closing it stops the server and
 * removes everything it left on disk. Closing twice is harmless, because both JUnit's store and the
 * JVM's shutdown hook may do it.
 */
interface ManagedServer extends PgServer, AutoCloseable {
  /** The superuser role of every server the suite starts, on every provisioning route. */
  String SUPERUSER = LocalServer.SUPERUSER;

  /** Where the server came from, for logs and failure messages, e.g. a binaries folder. */
  String origin();

  @Override
  void close();
}
