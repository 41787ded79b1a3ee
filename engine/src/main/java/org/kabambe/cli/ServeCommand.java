package org.kabambe.cli;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.kabambe.api.AdminTokenFile;
import org.kabambe.api.ApiTokens;
import org.kabambe.api.Role;
import org.kabambe.server.DatabaseSettings;
import org.kabambe.server.DeploymentConfig;
import org.kabambe.server.KabambeServer;
import org.kabambe.server.ServeOptions;
import org.kabambe.store.Database;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code kabambe serve}: the USSD service over HTTP, on an embedded H2 database by default, or PostgreSQL. */
@Command(name = "serve", description = "Serve the flows over USSD (HTTP gateways), with durable conversations.")
final class ServeCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--port", defaultValue = "${env:KABAMBE_PORT:-8080}", description = "HTTP port (env KABAMBE_PORT; default 8080)")
  int port;

  @Option(names = "--host", defaultValue = "${env:KABAMBE_HOST:-0.0.0.0}", description = "address to listen on (default 0.0.0.0)")
  String host;

  @Option(names = "--flows", defaultValue = "${env:KABAMBE_FLOWS:-flows}", description = "flows folder (env KABAMBE_FLOWS; default flows)")
  Path flows;

  @picocli.CommandLine.Mixin
  DatabaseOption database;

  @Option(names = "--db-pool-size", paramLabel = "N", defaultValue = "${env:KABAMBE_DB_POOL_SIZE}", description =
      "PostgreSQL connections: the writer's, the background jobs' and the API's (env KABAMBE_DB_POOL_SIZE; default "
      + Database.DEFAULT_POOL_SIZE + "; H2 ignores it)")
  Optional<Integer> dbPoolSize;

  @Option(names = "--node-name", paramLabel = "NAME", defaultValue = "${env:KABAMBE_NODE}", description =
      "this node's name in logs, /health and the outbox's claims (env KABAMBE_NODE; default host name and pid); "
      + "nodes on one PostgreSQL database share the singleton jobs whatever their names")
  Optional<String> nodeName;

  @Option(names = "--config", description = "deployment config file (gateways, tokens, allowlists, SMS providers)")
  Optional<Path> config;

  @Option(names = "--smpp", paramLabel = "URL", description = "an SMPP bind, e.g. smpp://ID:PASSWORD@HOST:2775?tps=50 "
      + "(repeatable; env KABAMBE_SMPP, comma-separated)")
  List<String> smpp = new ArrayList<>();

  @Option(names = "--region", paramLabel = "CC", description = "country whose local numbers callers may send without "
      + "a country code, e.g. KE (env KABAMBE_REGION; overrides default_region in the config file)")
  Optional<String> region;

  @Option(names = "--admin-token-file", paramLabel = "FILE", description = "an admin token for the dashboard and "
      + "the API: read from FILE (and stored in the database if missing there), or created and written to FILE "
      + "(owner-only) when there is no FILE. The way in to a --db mem: server across restarts.")
  Optional<Path> adminTokenFile;

  @Override
  public Integer call() throws Exception {
    KabambeServer server = startServing();
    var stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      stopped.countDown();
    }, "kabambe-shutdown"));
    stopped.await();
    return Main.OK;
  }

  /** Starts the server and says how to reach it (tests stop it with close()). */
  KabambeServer startServing() throws Exception {
    KabambeServer server;
    try {
      List<String> binds = new ArrayList<>(smpp);
      String env = System.getenv("KABAMBE_SMPP");
      if (binds.isEmpty() && env != null && !env.isBlank()) binds.addAll(List.of(env.split(",")));
      Optional<String> r = region.or(() -> Optional.ofNullable(System.getenv("KABAMBE_REGION")).filter(s -> !s.isBlank()));
      // The config file is read here for its database section too (KabambeServer reads it for the rest).
      DatabaseSettings fromFile = config.map(DeploymentConfig::read).map(DeploymentConfig::database)
          .orElse(DatabaseSettings.NONE);
      int pool = dbPoolSize.or(fromFile::poolSize).orElse(Database.DEFAULT_POOL_SIZE);
      server = KabambeServer.start(new ServeOptions(host, port, flows, database.location(fromFile.url()), config,
          binds, r, pool, nodeName.filter(n -> !n.isBlank())));
    } catch (RuntimeException e) {
      throw new CliException("kabambe serve: " + e.getMessage());
    }
    var out = spec.commandLine().getOut();
    out.println("Kabambe is serving " + flows + " on http://" + host + ":" + port + " (database "
        + server.database().location() + ").");
    out.println("Try: curl -d 'sessionId=s1&phoneNumber=%2B254700000001&serviceCode=*384*12%23&text=' "
        + "http://localhost:" + port + "/ussd/africastalking");
    try {
      adminAccess(server).ifPresent(out::println);
    } catch (RuntimeException e) {
      server.close();
      throw new CliException("kabambe serve: " + e.getMessage());
    }
    out.flush();
    return server;
  }

  /**
   * How an admin signs in, when {@code kabambe token create} cannot help: the token file's token, or for an
   * in-memory database (which no other command can reach) a token made for this run and shown once.
   */
  private Optional<String> adminAccess(KabambeServer server) {
    var tokens = new ApiTokens(server.database(), Clock.systemUTC());
    String dashboard = "http://localhost:" + port + "/";
    if (adminTokenFile.isPresent()) {
      AdminTokenFile.ensure(tokens, adminTokenFile.get(), "serve");
      return Optional.of("Admin token (dashboard " + dashboard + ", API): in " + adminTokenFile.get() + ".");
    }
    if (server.database().location().equals(Database.IN_MEMORY)) {
      String token = tokens.create(Role.ADMIN, "serve (in-memory database)", Optional.empty(), "serve").token();
      return Optional.of("In-memory database: an admin token for this run (dashboard " + dashboard + ", API), shown "
          + "once: " + token + System.lineSeparator() + "(serve --admin-token-file FILE keeps one across restarts.)");
    }
    return Optional.empty();
  }
}
