package org.kabambe.server;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * How to serve: port, flows folder, database (an H2 file path, or {@code mem:}), the optional deployment config
 * file (gateways, SMS providers, languages) and SMPP binds given on the command line.
 */
public record ServeOptions(String host, int port, Path flows, String db, Optional<Path> config, List<String> smpp) {
  public ServeOptions {
    smpp = List.copyOf(smpp);
  }

  /** Without command-line SMPP binds. */
  public ServeOptions(String host, int port, Path flows, String db, Optional<Path> config) {
    this(host, port, flows, db, config, List.of());
  }
}
