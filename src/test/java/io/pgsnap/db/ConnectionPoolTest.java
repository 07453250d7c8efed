package io.pgsnap.db;

import static io.pgsnap.db.Envs.resolve;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgsnap.ErrorCode;
import io.pgsnap.PgsnapException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/** The data source and pool that the settings open, without a server. */
class ConnectionPoolTest {

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    }
  }

  @Test
  void openingAPoolOnAClosedPortIsAConnectionErrorNamingHostAndPort() throws IOException {
    int port = closedPort();
    ConnectionSettings s =
        resolve("postgresql://bob:pw@127.0.0.1:" + port + "/app?connect_timeout=2&sslmode=disable");
    PgsnapException e =
        assertTimeoutPreemptively(
            Duration.ofSeconds(20),
            () -> assertThrows(PgsnapException.class, () -> s.openPool("test", 1).close()));
    assertEquals(ErrorCode.CONNECTION, e.code());
    assertEquals(
        "could not connect to 127.0.0.1:"
            + port
            + ": connection refused; is the server running and accepting TCP connections?",
        e.getMessage());
  }

  @Test
  void poolSizeBelowOneIsRejected() {
    ConnectionSettings s = resolve("postgresql://h/app");
    assertThrows(IllegalArgumentException.class, () -> s.openPool("test", 0));
  }

  @Test
  void dataSourceCarriesEverySetting() {
    PGSimpleDataSource ds =
        resolve(
                "postgresql://bob:pw@h1:5432,[::1]:5433/app?sslmode=verify-full"
                    + "&sslrootcert=/ca.pem&options=-c%20lock_timeout%3D5s&connect_timeout=7"
                    + "&target_session_attrs=read-write")
            .dataSource();
    assertArrayEquals(new String[] {"h1", "[::1]"}, ds.getServerNames());
    assertArrayEquals(new int[] {5432, 5433}, ds.getPortNumbers());
    assertEquals("app", ds.getDatabaseName());
    assertEquals("bob", ds.getUser());
    assertEquals("pw", ds.getPassword());
    assertEquals("verify-full", ds.getSslMode());
    assertEquals("/ca.pem", ds.getSslRootCert());
    assertEquals("-c lock_timeout=5s", ds.getOptions());
    assertEquals(7, ds.getConnectTimeout());
    assertEquals("primary", ds.getTargetServerType());
    assertEquals("pgsnap", ds.getApplicationName());
  }

  @Test
  void dataSourceUrlNeverHoldsThePassword() {
    PGSimpleDataSource ds = resolve("postgresql://bob:Secret-pw@h/app").dataSource();
    assertFalse(ds.getUrl().contains("Secret"), ds.getUrl());
  }

  @Test
  void tcpKeepalivesAreOnUnlessKeepalivesIsZero() {
    assertTrue(resolve("host=h").dataSource().getTcpKeepAlive());
    assertFalse(resolve("host=h keepalives=0").dataSource().getTcpKeepAlive());
  }

  @Test
  void loadBalanceHostsRandomTurnsOnDriverLoadBalancing() {
    assertTrue(resolve("host=h1,h2 load_balance_hosts=random").dataSource().getLoadBalanceHosts());
  }

  @Test
  void targetSessionAttrsMapToTheNearestDriverTargetServerType() {
    assertEquals("any", ConnectionSettings.targetServerType("any"));
    assertEquals("primary", ConnectionSettings.targetServerType("read-write"));
    assertEquals("primary", ConnectionSettings.targetServerType("primary"));
    assertEquals("secondary", ConnectionSettings.targetServerType("read-only"));
    assertEquals("secondary", ConnectionSettings.targetServerType("standby"));
    assertEquals("preferSecondary", ConnectionSettings.targetServerType("prefer-standby"));
  }
}
