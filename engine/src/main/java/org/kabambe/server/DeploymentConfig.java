package org.kabambe.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.kabambe.connectors.ussd.GatewayConfig;
import org.kabambe.connectors.ussd.UssdGateways;
import org.kabambe.contact.PhoneNumbers;
import org.kabambe.diag.Diagnostics;
import org.kabambe.flow.yaml.SafeYamlReader;
import org.kabambe.flow.yaml.YamlDocument;
import org.kabambe.flow.yaml.YamlEntry;
import org.kabambe.flow.yaml.YamlMap;
import org.kabambe.flow.yaml.YamlValue;
import org.kabambe.retention.RetentionSettings;
import org.kabambe.store.DiskReserve;

/**
 * Deployment settings from the optional YAML config file:
 * <pre>
 * default_language: en
 * default_region: KE        # how numbers without a country code are read (E.164 normalisation)
 * gateways:
 *   africastalking: {token: s3cret, allow: [196.201.214.0/24], budget: 182}
 *   nalo: {service_code: "*920*55#", budget: 120}
 *   hubtel: {enabled: false}
 * http:                     # what one client may hold (defaults shown; caps follow the descriptor limit)
 *   header_timeout: 10s     # to send a request's head
 *   body_timeout: 10s       # to send its body
 *   idle_timeout: 60s       # a kept-alive connection with nothing asked
 *   max_connections: 10000
 *   max_connections_per_address: 2500
 * database:                 # when neither --db nor KABAMBE_DB says (password: KABAMBE_DB_PASSWORD[_FILE])
 *   url: jdbc:postgresql://db.example:5432/kabambe?user=kabambe
 *   pool_size: 12
 *   disk_reserve: 2GB       # free space kept on the H2 file's disk; below it hops are refused (default max(512MB, 5 %))
 * retention:                # raw rows kept this long, then purged daily (defaults shown; "forever" keeps them)
 *   events: 90d
 *   answers: 365d
 *   ended_conversations: 30d
 *   outbox_bodies: 30d
 *   audit: 730d
 * </pre>
 * Without a file (or a {@code gateways} section) every gateway is open with no token: fine on a laptop, and
 * announced as a warning at start-up, since production URLs must carry a secret or an allowlist.
 */
public record DeploymentConfig(String defaultLanguage, Optional<String> defaultRegion,
                               Map<String, GatewayConfig> gateways, boolean gatewaysOpen, SmsConfig sms,
                               HttpLimits http, DatabaseSettings database, RetentionSettings retention) {
  private static final Set<String> TOP = Set.of("default_language", "default_region", "gateways", "sms", "http",
      "database", "retention");
  private static final Set<String> DATABASE = Set.of("url", "pool_size", "disk_reserve");
  private static final Set<String> HTTP = Set.of("header_timeout", "body_timeout", "idle_timeout", "max_connections",
      "max_connections_per_address");
  private static final Set<String> SMS = Set.of("smpp", "africastalking", "routes", "reply_timeout", "retry_min",
      "retry_max");
  private static final Set<String> AT_SMS = Set.of("username", "api_key", "base_url", "from", "token", "tps");
  private static final Set<String> GATEWAY = Set.of("enabled", "token", "allow", "budget", "service_code");

  public static DeploymentConfig defaults() {
    Map<String, GatewayConfig> open = new LinkedHashMap<>();
    UssdGateways.standard().keySet().forEach(name -> open.put(name, GatewayConfig.open()));
    return new DeploymentConfig("en", Optional.empty(), open, true, SmsConfig.NONE, HttpLimits.defaults(),
        DatabaseSettings.NONE, RetentionSettings.DEFAULTS);
  }

  /** Reads the file; every mistake is reported with its position and the server does not start. */
  public static DeploymentConfig read(Path file) {
    Diagnostics d = new Diagnostics();
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read the config file " + file + ": " + e.getMessage());
    }
    Optional<YamlDocument> doc = SafeYamlReader.read(file.toString(), bytes, d);
    DeploymentConfig config = doc.flatMap(x -> x.root("the config file").map()).map(m -> parse(m, d))
        .orElse(defaults());
    if (d.hasErrors()) {
      var sb = new StringBuilder("the config file has errors:");
      d.sorted().forEach(x -> sb.append("\n").append(x));
      throw new IllegalArgumentException(sb.toString());
    }
    return config;
  }

  private static DeploymentConfig parse(YamlMap m, Diagnostics d) {
    m.allowOnly(TOP);
    String language = m.optional("default_language").flatMap(YamlValue::text).orElse("en");
    Optional<YamlValue> regionValue = m.optional("default_region");
    Optional<String> region = regionValue.flatMap(YamlValue::text);
    if (region.isPresent()) {
      try {
        region = PhoneNumbers.forRegion(region.get()).region();
      } catch (IllegalArgumentException e) {
        regionValue.get().error("default_region: " + e.getMessage());
        region = Optional.empty();
      }
    }
    SmsConfig sms = m.optional("sms").flatMap(YamlValue::map).map(DeploymentConfig::sms).orElse(SmsConfig.NONE);
    HttpLimits http = m.optional("http").flatMap(YamlValue::map).map(DeploymentConfig::http)
        .orElseGet(HttpLimits::defaults);
    DatabaseSettings database = m.optional("database").flatMap(YamlValue::map).map(DeploymentConfig::database)
        .orElse(DatabaseSettings.NONE);
    RetentionSettings retention = m.optional("retention").flatMap(YamlValue::map).map(RetentionSettings::read)
        .orElse(RetentionSettings.DEFAULTS);
    Optional<YamlMap> gws = m.optional("gateways").flatMap(YamlValue::map);
    if (gws.isEmpty()) return new DeploymentConfig(language, region, defaults().gateways(), true, sms, http,
        database, retention);
    Map<String, GatewayConfig> out = new LinkedHashMap<>();
    Set<String> known = UssdGateways.standard().keySet();
    gws.get().allowOnly(known);
    for (YamlEntry e : gws.get().entries()) {
      if (!known.contains(e.key())) continue;
      e.value().map().ifPresent(g -> out.put(e.key(), gateway(g, e.value())));
    }
    return new DeploymentConfig(language, region, out, false, sms, http, database, retention);
  }

  private static DatabaseSettings database(YamlMap m) {
    m.allowOnly(DATABASE);
    Optional<Integer> pool = m.optional("pool_size").flatMap(YamlValue::wholeNumber);
    if (pool.isPresent() && pool.get() < 2) {
      m.error("database: pool_size must be at least 2 (the writer's connection and one more)");
    }
    OptionalLong reserve = OptionalLong.empty();
    Optional<YamlValue> reserveValue = m.optional("disk_reserve");
    Optional<String> reserveText = reserveValue.flatMap(YamlValue::text);
    if (reserveText.isPresent()) {
      try {
        reserve = OptionalLong.of(DiskReserve.parseSize(reserveText.get()));
      } catch (IllegalArgumentException e) {
        reserveValue.get().error("database: disk_reserve " + e.getMessage());
      }
    }
    return new DatabaseSettings(m.optional("url").flatMap(YamlValue::text), pool, reserve);
  }

  private static HttpLimits http(YamlMap m) {
    m.allowOnly(HTTP);
    HttpLimits d = HttpLimits.defaults();
    int max = m.optional("max_connections").flatMap(YamlValue::wholeNumber).orElse(d.maxConnections());
    int perAddress = m.optional("max_connections_per_address").flatMap(YamlValue::wholeNumber)
        .orElse(Math.min(d.maxConnectionsPerAddress(), max));
    if (max < 1 || perAddress < 1) {
      m.error("http: max_connections and max_connections_per_address must be at least 1");
      return d;
    }
    return new HttpLimits(
        m.optional("header_timeout").flatMap(YamlValue::duration).orElse(d.headerTimeout()),
        m.optional("body_timeout").flatMap(YamlValue::duration).orElse(d.bodyTimeout()),
        m.optional("idle_timeout").flatMap(YamlValue::duration).orElse(d.idleTimeout()), max, perAddress);
  }

  private static SmsConfig sms(YamlMap m) {
    m.allowOnly(SMS);
    List<String> smpp = m.optional("smpp").flatMap(YamlValue::list).orElse(List.of()).stream()
        .flatMap(v -> v.text().stream()).toList();
    Optional<SmsConfig.AfricasTalkingSms> at = m.optional("africastalking").flatMap(YamlValue::map).map(a -> {
      a.allowOnly(AT_SMS);
      return new SmsConfig.AfricasTalkingSms(
          a.required("username").flatMap(YamlValue::text).orElse(""),
          a.required("api_key").flatMap(YamlValue::text).orElse(""),
          a.optional("base_url").flatMap(YamlValue::text),
          a.optional("from").flatMap(YamlValue::text),
          a.optional("token").flatMap(YamlValue::text),
          a.optional("tps").flatMap(YamlValue::wholeNumber).orElse(10));
    });
    Map<String, String> routes = new LinkedHashMap<>();
    m.optional("routes").flatMap(YamlValue::map)
        .ifPresent(r -> r.entries().forEach(e -> e.value().text().ifPresent(t -> routes.put(e.key(), t))));
    var timeout = m.optional("reply_timeout").flatMap(YamlValue::duration).orElse(SmsConfig.NONE.replyTimeout());
    var retryMin = m.optional("retry_min").flatMap(YamlValue::duration).orElse(SmsConfig.RETRY_MIN);
    var retryMax = m.optional("retry_max").flatMap(YamlValue::duration).orElse(SmsConfig.RETRY_MAX);
    try {
      return new SmsConfig(smpp, at, routes, timeout, retryMin, retryMax);
    } catch (IllegalArgumentException e) {
      m.optional("retry_min").orElseGet(() -> m.optional("retry_max").orElseThrow()).error(e.getMessage());
      return new SmsConfig(smpp, at, routes, timeout);
    }
  }

  /** The same deployment with more SMPP binds. */
  public DeploymentConfig withSmpp(List<String> urls) {
    return new DeploymentConfig(defaultLanguage, defaultRegion, gateways, gatewaysOpen, sms.withSmpp(urls), http,
        database, retention);
  }

  /** The same deployment reading local numbers in {@code region} (a command-line option wins over the file). */
  public DeploymentConfig withRegion(Optional<String> region) {
    if (region.isEmpty()) return this;
    return new DeploymentConfig(defaultLanguage, PhoneNumbers.forRegion(region.get()).region(), gateways, gatewaysOpen,
        sms, http, database, retention);
  }

  /** How this deployment normalises numbers. */
  public PhoneNumbers phoneNumbers() {
    return PhoneNumbers.of(defaultRegion);
  }

  private static GatewayConfig gateway(YamlMap g, YamlValue at) {
    g.allowOnly(GATEWAY);
    GatewayConfig c = GatewayConfig.open();
    if (!g.optional("enabled").flatMap(YamlValue::bool).orElse(true)) c = c.disabled();
    Optional<String> token = g.optional("token").flatMap(YamlValue::text);
    if (token.isPresent()) c = c.token(token.get());
    List<String> allow = g.optional("allow").flatMap(YamlValue::list).orElse(List.of()).stream()
        .flatMap(v -> v.text().stream()).toList();
    try {
      if (!allow.isEmpty()) c = c.allow(allow.toArray(String[]::new));
    } catch (IllegalArgumentException e) {
      g.optional("allow").get().error("'allow' has an address that is not an IP or CIDR block: " + e.getMessage());
    }
    Optional<Integer> budget = g.optional("budget").flatMap(YamlValue::wholeNumber);
    if (budget.isPresent()) c = c.screenBudget(budget.get());
    Optional<String> code = g.optional("service_code").flatMap(YamlValue::text);
    if (code.isPresent()) c = c.serviceCode(code.get());
    return c;
  }
}
