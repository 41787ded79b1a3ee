package org.kabambe.cluster;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * The name a node goes by in {@code outbox.claimed_by}, in logs and in {@code /health}: {@code --node-name}, else
 * {@code KABAMBE_NODE}, else host name and process id (unique on one machine, new after each restart). A node that
 * keeps its name across restarts settles its own interrupted sends at start; others settle them on takeover.
 */
public final class NodeName {
  /** The width of {@code outbox.claimed_by}. */
  static final int MAX_LENGTH = 64;

  private NodeName() {}

  /** {@code given} when present (checked), else this host's name and pid. */
  public static String resolve(Optional<String> given) {
    if (given.isPresent()) return checked(given.get().strip());
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      host = "localhost";
    }
    String name = host + "-" + ProcessHandle.current().pid();
    return name.length() > MAX_LENGTH ? name.substring(name.length() - MAX_LENGTH) : name;
  }

  private static String checked(String name) {
    if (name.isEmpty() || name.length() > MAX_LENGTH) {
      throw new IllegalArgumentException("--node-name (or KABAMBE_NODE) must be 1 to " + MAX_LENGTH
          + " characters, not '" + name + "'");
    }
    return name;
  }
}
