package io.pgsnap.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy on 127.0.0.1 that passes each connection on to {@code target} and cuts it once it has
 * sent {@code limit} bytes back to the client: a network that fails in the middle of a response. It
 * cuts every connection, or only the first few (a network that drops out, then recovers).
 */
public final class CuttingProxy implements AutoCloseable {
  private final ServerSocket listener;
  private final URI target;
  private final long limit;
  private final AtomicLong cutsLeft;

  private CuttingProxy(ServerSocket listener, URI target, long limit, long cuts) {
    this.listener = listener;
    this.target = target;
    this.limit = limit;
    this.cutsLeft = new AtomicLong(cuts);
  }

  /**
   * Starts a proxy to the HTTP server at {@code target} that cuts every connection after {@code
   * limit} bytes.
   */
  public static CuttingProxy start(URI target, long limit) {
    return start(target, limit, Long.MAX_VALUE);
  }

  /**
   * Starts a proxy to the HTTP server at {@code target} that cuts its first {@code cuts}
   * connections after {@code limit} bytes and passes later ones whole.
   */
  public static CuttingProxy start(URI target, long limit, long cuts) {
    try {
      ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      CuttingProxy proxy = new CuttingProxy(listener, target, limit, cuts);
      Thread accepting = new Thread(proxy::accept, "cutting-proxy");
      accepting.setDaemon(true);
      accepting.start();
      return proxy;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Where clients connect instead of the target. */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + listener.getLocalPort());
  }

  private void accept() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        Socket server = new Socket();
        server.connect(new InetSocketAddress(target.getHost(), target.getPort()));
        pipe(client, server, Long.MAX_VALUE);
        pipe(server, client, cutsLeft.getAndDecrement() > 0 ? limit : Long.MAX_VALUE);
      } catch (IOException e) {
        // closed, or a connection failed: nothing to do for a test proxy
      }
    }
  }

  /** Copies {@code from} to {@code to} on a thread of its own; closes both after {@code max}. */
  private static void pipe(Socket from, Socket to, long max) {
    Thread copying =
        new Thread(
            () -> {
              byte[] buffer = new byte[8192];
              long sent = 0;
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                int n;
                while (sent < max
                    && (n = in.read(buffer, 0, (int) Math.min(buffer.length, max - sent))) > 0) {
                  out.write(buffer, 0, n);
                  out.flush();
                  sent += n;
                }
              } catch (IOException e) {
                // the other side closed
              } finally {
                closeQuietly(from);
                closeQuietly(to);
              }
            },
            "cutting-proxy-pipe");
    copying.setDaemon(true);
    copying.start();
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // already closed
    }
  }

  @Override
  public void close() {
    try {
      listener.close();
    } catch (IOException e) {
      // already closed
    }
  }
}
