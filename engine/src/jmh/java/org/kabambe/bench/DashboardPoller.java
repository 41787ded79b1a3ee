package org.kabambe.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * What a dashboard user waits for while the server is under load: on a thread of its own (not the load
 * generator's event loop), one request at a time, the routes the dashboard calls when a flow is shown and every
 * few seconds after ({@code /api/live}), each timed from send to the whole body. {@code bench-ussd --dashboard}.
 */
final class DashboardPoller implements AutoCloseable {
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final Map<String, Histogram> latency = new LinkedHashMap<>();
  private final AtomicLong failures = new AtomicLong();
  private final String base;
  private final String token;
  private final List<String> paths;
  private final long pauseMillis;
  private volatile boolean stop;
  private final Thread thread;

  DashboardPoller(String base, String token, String flow, long pauseMillis) {
    this.base = base;
    this.token = token;
    this.pauseMillis = pauseMillis;
    String f = "/api/flows/" + flow;
    paths = List.of("/api/live", f + "/figures", f + "/funnel", f + "/results", f + "/arms");
    for (String p : paths) latency.put(p, new Histogram(TimeUnit.SECONDS.toNanos(60), 3));
    thread = new Thread(this::poll, "dashboard-poller");
    thread.setDaemon(true);
  }

  DashboardPoller start() {
    thread.start();
    return this;
  }

  private void poll() {
    while (!stop) {
      for (String p : paths) {
        if (stop) return;
        long t0 = System.nanoTime();
        try {
          var r = http.send(HttpRequest.newBuilder(URI.create(base + p)).timeout(Duration.ofSeconds(30))
              .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
          if (r.statusCode() != 200) failures.incrementAndGet();
        } catch (Exception e) {
          failures.incrementAndGet();
        }
        synchronized (latency) {
          latency.get(p).recordValue(Math.min(System.nanoTime() - t0, TimeUnit.SECONDS.toNanos(60)));
        }
      }
      try {
        Thread.sleep(pauseMillis);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** Stops polling; one line per route: calls, p50, p99, max in ms. */
  String report() {
    close();
    var sb = new StringBuilder();
    synchronized (latency) {
      latency.forEach((p, h) -> sb.append(String.format(Locale.ROOT, "%n    %-45s %5d calls  p50 %6.1f  p99 %6.1f  max %6.1f ms",
          p, h.getTotalCount(), h.getValueAtPercentile(50) / 1e6, h.getValueAtPercentile(99) / 1e6,
          h.getMaxValue() / 1e6)));
    }
    if (failures.get() > 0) sb.append("\n    failed calls: ").append(failures.get());
    return sb.toString();
  }

  @Override
  public void close() {
    stop = true;
    thread.interrupt();
    try {
      thread.join(35_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
