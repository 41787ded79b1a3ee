package org.kabambe.cluster;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The PostgreSQL advisory-lock key of a singleton: the first 8 bytes (big-endian) of SHA-256 of
 * {@code "kabambe singleton " + name}. Stable across versions and JVMs, so every node of a cluster, whatever its
 * build, contends for the same lock; the prefix keeps clear of keys another application on the database may use.
 * An operator finds the holder with {@code SELECT pid, application_name FROM pg_locks JOIN pg_stat_activity USING
 * (pid) WHERE locktype = 'advisory'} (the key shows as classid = high 32 bits, objid = low 32 bits).
 */
public final class SingletonKey {
  private SingletonKey() {}

  /** The key of singleton {@code name}, e.g. {@code campaigns} or {@code smpp:acme}. */
  public static long of(String name) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest(("kabambe singleton " + name).getBytes(StandardCharsets.UTF_8));
      return ByteBuffer.wrap(digest, 0, Long.BYTES).getLong();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
