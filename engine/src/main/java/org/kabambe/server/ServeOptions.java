package org.kabambe.server;

import java.nio.file.Path;
import java.util.Optional;

/**
 * How to serve: port, flows folder, database (an H2 file path, or {@code mem:}), and the optional deployment
 * config file (gateways, languages).
 */
public record ServeOptions(String host, int port, Path flows, String db, Optional<Path> config) {}
