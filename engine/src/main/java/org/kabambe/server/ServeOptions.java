package org.kabambe.server;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * How to serve: port, flows folder, database (an H2 file path, or {@code mem:}), the optional deployment config
 * file (gateways, SMS providers, languages), SMPP binds given on the command line, and the region local numbers
 * are read in (overriding the file's {@code default_region}).
 */
public record ServeOptions(String host, int port, Path flows, String db, Optional<Path> config, List<String> smpp,
                           Optional<String> region) {
  public ServeOptions {
    smpp = List.copyOf(smpp);
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
