package org.kabambe.server;

import com.sun.management.UnixOperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;

/**
 * What one HTTP client may hold of the server: how long it may take to send a request's head and body, how long a
 * kept-alive connection may sit idle, and how many connections the server and one client address may have open.
 * A gateway hop is a small request sent at once, so the deadlines can be short; the caps keep file descriptors for
 * the database, the journal and the flow watcher whatever clients do.
 */
public record HttpLimits(Duration headerTimeout, Duration bodyTimeout, Duration idleTimeout, int maxConnections,
                         int maxConnectionsPerAddress) {
  /** Descriptors never given to clients: the database, journal segments, flow files, SMPP binds, logs. */
  static final int RESERVED_DESCRIPTORS = 1_024;

  public HttpLimits {
    if (maxConnections < 1 || maxConnectionsPerAddress < 1) {
      throw new IllegalArgumentException("connection caps must be at least 1");
    }
  }

  /** 10 s for a head or a body, 60 s idle, caps from the process's descriptor limit. */
  public static HttpLimits defaults() {
    int max = defaultMaxConnections(descriptorLimit());
    return new HttpLimits(Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(60), max,
        Math.max(1, max / 4));
  }

  static int defaultMaxConnections(long descriptors) {
    if (descriptors <= 0) return 10_000;
    return (int) Math.max(64, Math.min(10_000, descriptors - RESERVED_DESCRIPTORS));
  }

  private static long descriptorLimit() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean unix) {
      return unix.getMaxFileDescriptorCount();
    }
    return -1;
  }
}
