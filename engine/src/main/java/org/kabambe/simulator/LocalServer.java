package org.kabambe.simulator;

import java.io.IOException;
import java.io.StringReader;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import org.kabambe.catalog.Catalog;
import org.kabambe.connectors.ussd.GatewayConfig;
import org.kabambe.connectors.ussd.UssdGateways;
import org.kabambe.contact.ContactImportWriter;
import org.kabambe.contact.ContactImporter;
import org.kabambe.contact.PhoneNumbers;
import org.kabambe.contact.Rejection;
import org.kabambe.runtime.StepResult;
import org.kabambe.server.DeploymentConfig;
import org.kabambe.server.KabambeServer;
import org.kabambe.server.ServeOptions;
import org.kabambe.store.Database;

/**
 * The server a gateway reaches, run in-process for {@code kabambe simulate} and flow tests: the same composition
 * root as {@code kabambe serve} (USSD and SMS services, their session handling, the group-commit writer) on an
 * in-memory database, listening on a free loopback port. Phones talk to it over a gateway's wire format.
 */
public final class LocalServer implements AutoCloseable {
  private final KabambeServer server;
  private final Map<String, Integer> budgets;
  private final Clock clock;
  private final Map<String, List<StepResult.Visit>> visits = new ConcurrentHashMap<>();

  private LocalServer(KabambeServer server, Map<String, Integer> budgets, Clock clock) {
    this.server = server;
    this.budgets = budgets;
    this.clock = clock;
  }

  /**
   * Serves the flows in {@code flows} on {@code clock}; {@code callWebhooks} false fails every webhook without a
   * call (the flow's on_error path); {@code screenBudget} overrides every gateway's screen limit.
   */
  public static LocalServer start(Path flows, Clock clock, boolean callWebhooks, OptionalInt screenBudget) {
    quietLogs();
    Map<String, GatewayConfig> gateways = new LinkedHashMap<>();
    Map<String, Integer> budgets = new LinkedHashMap<>();
    UssdGateways.standard().forEach((name, gateway) -> {
      GatewayConfig c = GatewayConfig.open();
      if (screenBudget.isPresent()) c = c.screenBudget(screenBudget.getAsInt());
      gateways.put(name, c);
      budgets.put(name, screenBudget.orElse(gateway.defaultScreenBudget()));
    });
    DeploymentConfig defaults = DeploymentConfig.defaults();
    var config = new DeploymentConfig(defaults.defaultLanguage(), defaults.defaultRegion(), gateways, true,
        defaults.sms(), defaults.http(), defaults.database(), defaults.retention());
    var holder = new LocalServer[1];
    var embedding = new KabambeServer.Embedding(clock, callWebhooks,
        (phone, step) -> holder[0].visits.computeIfAbsent(phone, p -> new ArrayList<>()).addAll(step.visited()),
        Optional.of(config), false, Duration.ZERO); // a scripted participant answers at once, never retries
    try {
      var server = KabambeServer.start(new ServeOptions("127.0.0.1", freePort(), flows, Database.IN_MEMORY,
          Optional.empty()), embedding);
      holder[0] = new LocalServer(server, budgets, clock);
      return holder[0];
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("cannot start the in-process server: " + e.getMessage(), e);
    }
  }

  /** The server's own log lines (start-up, open gateways, no SMS provider) are noise in a tool's output. */
  private static void quietLogs() {
    if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "error");
    }
  }

  private static int freePort() throws IOException {
    try (var socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  public Catalog catalog() {
    return server.catalog();
  }

  int port() {
    return server.port();
  }

  KabambeServer server() {
    return server;
  }

  Clock clock() {
    return clock;
  }

  /** The screen limit of {@code gateway}'s screens on this server. */
  int budget(GatewayWire gateway) {
    return budgets.get(gateway.id());
  }

  /** The number as the server files it (its E.164 form). */
  static String key(String phone) {
    return PhoneNumbers.INTERNATIONAL.key(phone);
  }

  /** The nodes the services stepped through for {@code phone} since the last call. */
  List<StepResult.Visit> takeVisits(String phone) {
    List<StepResult.Visit> v = visits.remove(key(phone));
    return v == null ? List.of() : v;
  }

  /**
   * A participant from scratch: whatever the number left before is forgotten, then its contact (language, groups,
   * declared fields, as text) is imported as {@code kabambe contacts import} would.
   */
  public void reset(String phone, Map<String, ?> contact) {
    String key = key(phone);
    server.forget(key);
    visits.remove(key);
    Map<String, String> columns = new LinkedHashMap<>();
    columns.put("phone", key);
    contact.forEach((name, value) -> {
      if (name.equals("phone")) return;
      columns.put(name, value instanceof List<?> l ? String.join(";", l.stream().map(String::valueOf).toList())
          : String.valueOf(value));
    });
    if (columns.size() == 1) return;
    String csv = String.join(",", columns.keySet().stream().map(LocalServer::quoted).toList()) + "\n"
        + String.join(",", columns.values().stream().map(LocalServer::quoted).toList()) + "\n";
    List<Rejection> rejected = new ArrayList<>();
    new ContactImporter(new ContactImportWriter(server.database()), catalog().fields(), PhoneNumbers.INTERNATIONAL,
        clock).run(new StringReader(csv), rejected::add);
    if (!rejected.isEmpty()) {
      throw new IllegalArgumentException("the contact cannot be stored: " + rejected.get(0).reason());
    }
  }

  private static String quoted(String s) {
    return "\"" + s.replace("\"", "\"\"") + "\"";
  }

  @Override
  public void close() {
    server.close();
  }
}
