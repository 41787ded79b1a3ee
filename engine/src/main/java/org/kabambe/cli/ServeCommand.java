package org.kabambe.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.kabambe.server.KabambeServer;
import org.kabambe.server.ServeOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code kabambe serve}: the USSD service over HTTP, on an embedded H2 database by default. */
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

  @Option(names = "--db", defaultValue = "${env:KABAMBE_DB:-data/kabambe}", description = "H2 database file, or mem: (env KABAMBE_DB; default data/kabambe)")
  String db;

  @Option(names = "--config", description = "deployment config file (gateways, tokens, allowlists, SMS providers)")
  Optional<Path> config;

  @Option(names = "--smpp", paramLabel = "URL", description = "an SMPP bind, e.g. smpp://ID:PASSWORD@HOST:2775?tps=50 "
      + "(repeatable; env KABAMBE_SMPP, comma-separated)")
  List<String> smpp = new ArrayList<>();

  @Option(names = "--region", paramLabel = "CC", description = "country whose local numbers callers may send without "
      + "a country code, e.g. KE (env KABAMBE_REGION; overrides default_region in the config file)")
  Optional<String> region;

  @Override
  public Integer call() throws Exception {
    KabambeServer server;
    try {
      List<String> binds = new ArrayList<>(smpp);
      String env = System.getenv("KABAMBE_SMPP");
      if (binds.isEmpty() && env != null && !env.isBlank()) binds.addAll(List.of(env.split(",")));
      Optional<String> r = region.or(() -> Optional.ofNullable(System.getenv("KABAMBE_REGION")).filter(s -> !s.isBlank()));
      server = KabambeServer.start(new ServeOptions(host, port, flows, db, config, binds, r));
    } catch (RuntimeException e) {
      throw new CliException("kabambe serve: " + e.getMessage());
    }
    var out = spec.commandLine().getOut();
    out.println("Kabambe is serving " + flows + " on http://" + host + ":" + port + " (database " + db + ").");
    out.println("Try: curl -d 'sessionId=s1&phoneNumber=%2B254700000001&serviceCode=*384*12%23&text=' "
        + "http://localhost:" + port + "/ussd/africastalking");
    out.flush();
    var stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      stopped.countDown();
    }, "kabambe-shutdown"));
    stopped.await();
    return Main.OK;
  }
}
