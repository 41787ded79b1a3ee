package org.kabambe.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP relay in front of a test PostgreSQL that a test cuts the way a network would, at the worst moment for a
 * writer: {@link #cutAtNextCommit} lets the next commit of a connection that sent the marker (a statement only that
 * client sends) reach the server, drops the server's answer and every connection, and refuses new connections until
 * {@link #restore}. The commit has landed; the client cannot know whether it did.
 */
public final class PostgresLink implements AutoCloseable {
  // The tag of PostgreSQL's CommandComplete message for a COMMIT.
  private static final byte[] COMMITTED = "COMMIT\0".getBytes(StandardCharsets.US_ASCII);

  private final PostgresServer server;
  private final byte[] marker;
  private final ServerSocket listener;
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private volatile boolean down;
  private volatile CompletableFuture<Void> armed;

  private PostgresLink(PostgresServer server, String marker) throws IOException {
    this.server = server;
    this.marker = marker.getBytes(StandardCharsets.UTF_8);
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread accept = new Thread(this::accept, "postgres-link");
    accept.setDaemon(true);
    accept.start();
  }

  /** A link to {@code server} whose cuts aim at the connection that sends {@code marker}. */
  public static PostgresLink to(PostgresServer server, String marker) throws IOException {
    return new PostgresLink(server, marker);
  }

  /** {@code url} (a database on the server) reached through this link. */
  public String url(String url) {
    return url.replace("127.0.0.1:" + server.port() + "/", "127.0.0.1:" + listener.getLocalPort() + "/");
  }

  /** Arms the cut; the future completes once it happened. */
  public CompletableFuture<Void> cutAtNextCommit() {
    var cut = new CompletableFuture<Void>();
    armed = cut;
    return cut;
  }

  /** Accepts connections again. */
  public void restore() {
    down = false;
  }

  @Override
  public void close() throws IOException {
    listener.close();
    cutAll();
  }

  private void accept() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        if (down) {
          client.close();
          continue;
        }
        Socket upstream = new Socket(InetAddress.getLoopbackAddress(), server.port());
        sockets.add(client);
        sockets.add(upstream);
        var marked = new boolean[1];
        pump(client, upstream, (buffer, n) -> {
          if (!marked[0] && contains(buffer, n, marker)) marked[0] = true;
          return true;
        });
        pump(upstream, client, (buffer, n) -> {
          CompletableFuture<Void> cut = armed;
          if (cut != null && marked[0] && contains(buffer, n, COMMITTED)) {
            down = true; // the commit went through; its answer does not
            armed = null;
            cutAll();
            cut.complete(null);
            return false;
          }
          return !down;
        });
      } catch (IOException e) {
        // closed, or the server is down: the client sees its connection fail
      }
    }
  }

  /** Decides, for each chunk read, whether it is passed on. */
  private interface Relay {
    boolean pass(byte[] buffer, int n);
  }

  private void pump(Socket from, Socket to, Relay relay) {
    Thread t = new Thread(() -> {
      byte[] buffer = new byte[64 * 1024];
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        for (int n; (n = in.read(buffer)) > 0; ) {
          if (!relay.pass(buffer, n)) break;
          out.write(buffer, 0, n);
          out.flush();
        }
      } catch (IOException e) {
        // one side went away
      } finally {
        closeQuietly(from);
        closeQuietly(to);
        sockets.remove(from);
        sockets.remove(to);
      }
    }, "postgres-link-pump");
    t.setDaemon(true);
    t.start();
  }

  private void cutAll() {
    for (Socket s : sockets) {
      closeQuietly(s);
    }
    sockets.clear();
  }

  private static boolean contains(byte[] buffer, int n, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= n; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (buffer[i + j] != needle[j]) continue outer;
      }
      return true;
    }
    return false;
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // closing anyway
    }
  }
}
