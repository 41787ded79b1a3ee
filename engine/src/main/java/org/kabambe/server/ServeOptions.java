package org.kabambe.server;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.kabambe.store.Database;

/**
 * How to serve: port, flows folder, database (an H2 file path, {@code mem:}, or a PostgreSQL URL) and its pool
 * size (PostgreSQL only), the optional deployment config file (gateways, SMS providers, languages), SMPP binds given
 * on the command line, the region local numbers are read in (overriding the file's {@code default_region}), and
 * the node's name (see {@link org.kabambe.cluster.NodeName}; empty: host name and pid).
 */
public record ServeOptions(String host, int port, Path flows, String db, Optional<Path> config, List<String> smpp,
                           Optional<String> region, int dbPoolSize, Optional<String> nodeName) {
  public ServeOptions {
    smpp = List.copyOf(smpp);
  }

  /** With the node named after its host and pid. */
  public ServeOptions(String host, int port, Path flows, String db, Optional<Path> config, List<String> smpp,
                      Optional<String> region, int dbPoolSize) {
    this(host, port, flows, db, config, smpp, region, dbPoolSize, Optional.empty());
  }

  /** With the default PostgreSQL pool size. */
  public ServeOptions(String host, int port, Path flows, String db, Optional<Path> config, List<String> smpp,
                      Optional<String> region) {
    this(host, port, flows, db, config, smpp, region, Database.DEFAULT_POOL_SIZE);
  }

  /** Without a command-line region (the config file's {@code default_region}, if any, applies). */
  public ServeOptions(String host, int port, Path flows, String db, Optional<Path> config, List<String> smpp) {
    this(host, port, flows, db, config, smpp, Optional.empty());
  }

  /** Without command-line SMPP binds. */
  public ServeOptions(String host, int port, Path flows, String db, Optional<Path> config) {
    this(host, port, flows, db, config, List.of());
  }
}
