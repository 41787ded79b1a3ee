package org.kabambe.server;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * The config file's {@code database} section: {@code url} (an H2 file path or jdbc:postgresql://…, used when
 * neither --db nor KABAMBE_DB is given; keep the password in KABAMBE_DB_PASSWORD or KABAMBE_DB_PASSWORD_FILE) and
 * {@code pool_size} (PostgreSQL connections, used when neither --db-pool-size nor KABAMBE_DB_POOL_SIZE is given)
 * and {@code disk_reserve} (free space kept on the H2 file's disk, see DiskReserve; default max(512MB, 5 %)).
 */
public record DatabaseSettings(Optional<String> url, Optional<Integer> poolSize, OptionalLong diskReserve) {
  public static final DatabaseSettings NONE = new DatabaseSettings(Optional.empty(), Optional.empty(),
      OptionalLong.empty());

  /** Without a disk reserve setting (the default applies). */
  public DatabaseSettings(Optional<String> url, Optional<Integer> poolSize) {
    this(url, poolSize, OptionalLong.empty());
  }
}
