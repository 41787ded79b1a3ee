package org.kabambe.cli;

import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * {@code --db} for every command that opens a database, and the one place that says where it comes from: the
 * option, else the environment's {@code KABAMBE_DB}, else (serve) the config file's {@code database.url}, else
 * {@value #DEFAULT}.
 */
final class DatabaseOption {
  static final String DEFAULT = "data/kabambe";

  @Option(names = "--db", paramLabel = "DB", defaultValue = "${env:KABAMBE_DB}", description = "the database: an H2 "
      + "file path (default " + DEFAULT + "), mem: (serve only: in memory), or a PostgreSQL URL "
      + "jdbc:postgresql://HOST:PORT/DATABASE?user=USER with the password in env KABAMBE_DB_PASSWORD or a file named "
      + "by KABAMBE_DB_PASSWORD_FILE (env KABAMBE_DB)")
  String db;

  /** The location to open: {@code --db}, else KABAMBE_DB, else {@value #DEFAULT}. */
  String location() {
    return location(Optional.empty());
  }

  /** As {@link #location()}, with {@code configured} (the config file's) before the default. */
  String location(Optional<String> configured) {
    return Optional.ofNullable(db).filter(s -> !s.isBlank()).or(() -> configured).orElse(DEFAULT);
  }
}
