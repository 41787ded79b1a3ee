package org.kabambe.server;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Keeps slow or greedy clients from holding the server (slowloris): a connection over the server's or its
 * address's cap is closed as it arrives (the newest is shed, those being served keep going), and a connection
 * that takes longer than the deadlines to send a request head or body, or stays idle after its answer, is closed
 * by a sweep every half second. One guard is shared by every HTTP verticle; each verticle tracks its own
 * connections on its own event loop.
 */
final class ConnectionGuard {
  private final HttpLimits limits;
  private final AtomicInteger open = new AtomicInteger();
  private final Map<String, AtomicInteger> byAddress = new ConcurrentHashMap<>();
  private final LongAdder shed = new LongAdder();
  private final LongAdder timedOut = new LongAdder();

  ConnectionGuard(HttpLimits limits) {
    this.limits = limits;
  }

  HttpLimits limits() {
    return limits;
  }

  long shed() {
    return shed.sum();
  }

  long timedOut() {
    return timedOut.sum();
  }

  int open() {
    return open.get();
  }

  /** The connections of one event loop, and the sweep that enforces the deadlines on them. */
  Tracker tracker(Vertx vertx) {
    return new Tracker(vertx);
  }

  /** One verticle's view: called only on its event loop. */
  final class Tracker {
    private final Map<HttpConnection, Watched> watched = new HashMap<>();

    private Tracker(Vertx vertx) {
      vertx.setPeriodic(500, id -> sweep(System.nanoTime()));
    }

    /** A new connection: admitted and watched, or closed at once when a cap is reached. */
    void connected(HttpConnection connection) {
      String address = connection.remoteAddress() == null ? "" : connection.remoteAddress().hostAddress();
      AtomicInteger fromAddress = byAddress.computeIfAbsent(address, a -> new AtomicInteger());
      var w = new Watched(System.nanoTime(), () -> {
        open.decrementAndGet();
        if (fromAddress.decrementAndGet() == 0) byAddress.remove(address, fromAddress);
      });
      if (open.incrementAndGet() > limits.maxConnections()
          | fromAddress.incrementAndGet() > limits.maxConnectionsPerAddress()) {
        w.release.run();
        shed.increment();
        connection.close();
        return;
      }
      watched.put(connection, w);
      connection.closeHandler(v -> {
        Watched gone = watched.remove(connection);
        if (gone != null) gone.release.run();
      });
    }

    /** Wraps the router: marks when each request's head arrived, for the body deadline and the idle time after. */
    Handler<HttpServerRequest> requests(Handler<HttpServerRequest> next) {
      return request -> {
        Watched w = watched.get(request.connection());
        if (w != null) w.request(request, System.nanoTime());
        next.handle(request);
      };
    }

    private void sweep(long now) {
      watched.entrySet().removeIf(e -> {
        if (!e.getValue().overdue(now, limits)) return false;
        timedOut.increment();
        e.getValue().release.run(); // released here: the close handler will no longer find it
        e.getKey().close();
        return true;
      });
    }
  }

  /** What a connection is doing: waiting for a head, receiving a body, being answered, or idle after an answer. */
  private static final class Watched {
    private final Runnable release;
    private long since;
    private HttpServerRequest request;
    private long answeredAt;

    Watched(long openedAt, Runnable release) {
      this.since = openedAt;
      this.release = release;
    }

    void request(HttpServerRequest r, long at) {
      request = r;
      since = at;
      answeredAt = 0;
    }

    boolean overdue(long now, HttpLimits limits) {
      if (request == null) return now - since > limits.headerTimeout().toNanos();
      if (!request.isEnded()) return now - since > limits.bodyTimeout().toNanos();
      if (!request.response().ended()) return false; // ours to answer: the hop's own budgets bound it
      if (answeredAt == 0) answeredAt = now; // seen answered at this sweep: idle from here (±0.5 s)
      return now - answeredAt > limits.idleTimeout().toNanos();
    }
  }
}
