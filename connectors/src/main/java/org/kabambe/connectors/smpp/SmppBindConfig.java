package org.kabambe.connectors.smpp;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.TreeSet;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.TypeOfNumber;
import org.kabambe.connectors.duration.DurationText;

/**
 * One SMPP bind's settings, parsed from a URL such as
 * {@code smpp://SYSTEM_ID:PASSWORD@HOST:2775?tps=50&window=10&type=trx&concat=udh&name=main}.
 *
 * @param name              the bind's name; the provider is called {@code smpp:<name>}
 * @param source            default source address when an {@code OutboundSms} has none ("" = SMSC default)
 * @param sourceTon         TON of the source address; empty = guessed (alphanumeric 5, "+digits" 1, else 0)
 * @param sourceNpi         NPI of the source address; empty = guessed (alphanumeric 0, else 1)
 * @param transactionTimer  how long a request waits for its response before the outcome is unknown
 * @param enquireLink       idle time after which an enquire_link checks the link
 * @param reconnectMin      first reconnect delay; doubles per failure (with jitter) up to {@code reconnectMax}
 * @param ackTimeout        how long a deliver_sm waits for the engine to make it durable before it is refused
 * @param moPartTimeout     how long the parts of a concatenated MO wait for the missing ones
 * @param ussd              how USSD sessions carried over this bind map onto hops ({@link UssdProfile#NONE}: the
 *                          bind carries SMS only)
 * @param ussdBudget        the most characters a USSD screen over this bind may show (GSM-7)
 */
public record SmppBindConfig(
    String name, String host, int port, String systemId, String password, String systemType, BindMode bindMode,
    int tps, int window, String source, OptionalInt sourceTon, OptionalInt sourceNpi, ConcatMode concat,
    EncodingPolicy encoding, ReceiptIdFormat receiptIds, Duration transactionTimer, Duration enquireLink,
    Duration reconnectMin, Duration reconnectMax, Duration ackTimeout, Duration moPartTimeout, UssdProfile ussd,
    int ussdBudget) {

  /** Query parameters the URL may carry, with what each means (shown in errors). */
  static final Map<String, String> PARAMETERS = parameters();

  public SmppBindConfig {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(systemId, "systemId");
    Objects.requireNonNull(password, "password");
    Objects.requireNonNull(systemType, "systemType");
    Objects.requireNonNull(bindMode, "bindMode");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(sourceTon, "sourceTon");
    Objects.requireNonNull(sourceNpi, "sourceNpi");
    Objects.requireNonNull(concat, "concat");
    Objects.requireNonNull(encoding, "encoding");
    Objects.requireNonNull(receiptIds, "receiptIds");
    Objects.requireNonNull(ussd, "ussd");
    if (ussdBudget < 1 || ussdBudget > 254) {
      throw new IllegalArgumentException("SMPP ussd_budget must be 1..254 characters, got " + ussdBudget);
    }
    for (Duration d : new Duration[] {transactionTimer, enquireLink, reconnectMin, reconnectMax, ackTimeout,
        moPartTimeout}) {
      if (d == null || d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("SMPP bind timers must be positive, got " + d);
      }
    }
    if (reconnectMax.compareTo(reconnectMin) < 0) {
      throw new IllegalArgumentException("SMPP reconnect_max (" + reconnectMax + ") must be at least reconnect_min ("
          + reconnectMin + ")");
    }
    if (port < 1 || port > 65535 || tps < 1 || window < 1) {
      throw new IllegalArgumentException("SMPP bind needs a port in 1..65535, tps >= 1 and window >= 1");
    }
  }

  /** The provider name used in outbox rows and receipts: {@code smpp:<name>}. */
  public String providerName() {
    return "smpp:" + name;
  }

  @Override
  public String toString() {
    return "smpp://" + systemId + ":***@" + host + ":" + port + " (" + providerName() + ", " + bindMode
        + ", tps " + tps + ", window " + window + ", concat " + concat + ")";
  }

  /**
   * Parses a bind URL. User and password are percent-decoded ({@code %40} for '@', {@code %23} for '#'; '+' stays
   * '+'). Errors name the part that is wrong and never echo the password.
   *
   * @throws IllegalArgumentException naming the bad part and the fix
   */
  public static SmppBindConfig parse(String url) {
    Objects.requireNonNull(url, "url");
    String shown = masked(url);
    URI uri;
    try {
      uri = new URI(url.trim());
    } catch (URISyntaxException e) {
      throw bad(shown, "is not a valid URL (" + e.getReason() + "); percent-encode special characters in the "
          + "user and password, e.g. '#' as %23, '@' as %40, ' ' as %20");
    }
    if (!"smpp".equalsIgnoreCase(uri.getScheme())) {
      throw bad(shown, "must start with smpp:// (got scheme '" + uri.getScheme() + "')");
    }
    if (uri.getRawFragment() != null) {
      throw bad(shown, "contains '#': percent-encode it as %23 (in a password, everything after '#' is lost)");
    }
    if (uri.getHost() == null) {
      throw bad(shown, "has no host, or an invalid one: expected smpp://SYSTEM_ID:PASSWORD@HOST:PORT");
    }
    if (uri.getPort() < 0) {
      throw bad(shown, "has no port: expected smpp://SYSTEM_ID:PASSWORD@HOST:PORT (2775 is the usual one)");
    }
    String userInfo = uri.getRawUserInfo();
    if (userInfo == null || userInfo.isEmpty()) {
      throw bad(shown, "has no system id: expected smpp://SYSTEM_ID:PASSWORD@HOST:PORT");
    }
    int colon = userInfo.indexOf(':');
    String systemId = decode(colon < 0 ? userInfo : userInfo.substring(0, colon), shown, "system id");
    String password = colon < 0 ? "" : decode(userInfo.substring(colon + 1), shown, "password");
    if (systemId.isEmpty() || systemId.length() > 15) {
      throw bad(shown, "system id must be 1 to 15 characters (SMPP 3.4), got " + systemId.length());
    }
    if (password.length() > 8) {
      throw bad(shown, "password must be at most 8 characters (SMPP 3.4), got " + password.length());
    }
    Map<String, String> q = query(uri.getRawQuery(), shown);
    return new SmppBindConfig(
        q.getOrDefault("name", "main"), uri.getHost(), uri.getPort(), systemId, password,
        q.getOrDefault("system_type", ""), choice(q, "type", BindMode.TRX, shown),
        positive(q, "tps", 50, shown), positive(q, "window", 10, shown), q.getOrDefault("source", ""),
        octet(q, "source_ton", shown), octet(q, "source_npi", shown), choice(q, "concat", ConcatMode.UDH, shown),
        choice(q, "encoding", EncodingPolicy.GSM7, shown), receiptIds(q, shown),
        duration(q, "timeout", Duration.ofSeconds(10), shown),
        duration(q, "enquire_link", Duration.ofSeconds(30), shown),
        duration(q, "reconnect_min", Duration.ofSeconds(1), shown),
        duration(q, "reconnect_max", Duration.ofSeconds(30), shown),
        duration(q, "ack_timeout", Duration.ofSeconds(10), shown),
        duration(q, "mo_timeout", Duration.ofSeconds(60), shown),
        choice(q, "ussd", UssdProfile.NONE, shown), budget(q, shown));
  }

  private static Map<String, String> parameters() {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("name", "bind name (default main)");
    p.put("type", "trx | txrx | tx (default trx)");
    p.put("tps", "submits per second (default 50)");
    p.put("window", "outstanding submits (default 10)");
    p.put("system_type", "bind system_type (default empty)");
    p.put("source", "default sender address");
    p.put("source_ton", "sender TON 0..6 (default guessed)");
    p.put("source_npi", "sender NPI (default guessed)");
    p.put("concat", "udh | sar | payload (default udh)");
    p.put("encoding", "gsm7 | ucs2 (default gsm7: GSM-7 when the text allows)");
    p.put("receipt_id", "hex | decimal (default: as given)");
    p.put("timeout", "response timeout, e.g. 10s");
    p.put("enquire_link", "enquire_link interval, e.g. 30s");
    p.put("reconnect_min", "first reconnect delay, e.g. 1s");
    p.put("reconnect_max", "longest reconnect delay, e.g. 30s");
    p.put("ack_timeout", "wait for the engine before refusing a deliver_sm, e.g. 10s");
    p.put("mo_timeout", "wait for missing parts of a long MO, e.g. 60s");
    p.put("ussd", "none | default: USSD sessions over this bind (ussd_service_op / its_session_info), see UssdProfile");
    p.put("ussd_budget", "characters per USSD screen, 1..254 (default 182)");
    return Map.copyOf(p);
  }

  private static Map<String, String> query(String raw, String shown) {
    Map<String, String> q = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return q;
    }
    for (String pair : raw.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String key = decode(eq < 0 ? pair : pair.substring(0, eq), shown, "parameter name");
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1), shown, "parameter " + key);
      if (!PARAMETERS.containsKey(key)) {
        throw bad(shown, "has an unknown parameter '" + key + "'; known: "
            + String.join(", ", new TreeSet<>(PARAMETERS.keySet())));
      }
      if (q.put(key, value) != null) {
        throw bad(shown, "sets parameter '" + key + "' twice");
      }
    }
    return q;
  }

  private static String decode(String raw, String shown, String what) {
    try {
      // URLDecoder turns '+' into ' ', which is wrong outside forms: a '+' in a password or "+2557…" stays '+'.
      return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw bad(shown, "has a bad percent-escape in the " + what + " (write '%' itself as %25)");
    }
  }

  private static <E extends Enum<E>> E choice(Map<String, String> q, String key, E fallback, String shown) {
    String v = q.get(key);
    if (v == null) {
      return fallback;
    }
    for (E e : fallback.getDeclaringClass().getEnumConstants()) {
      if (e.name().equalsIgnoreCase(v)) {
        return e;
      }
    }
    throw bad(shown, "parameter " + key + "='" + v + "' is not one of: " + PARAMETERS.get(key));
  }

  private static ReceiptIdFormat receiptIds(Map<String, String> q, String shown) {
    String v = q.get("receipt_id");
    if (v == null) {
      return ReceiptIdFormat.AS_GIVEN;
    }
    return switch (v.toLowerCase(Locale.ROOT)) {
      case "hex" -> ReceiptIdFormat.HEX;
      case "decimal", "dec" -> ReceiptIdFormat.DECIMAL;
      case "as_given", "as-given", "same" -> ReceiptIdFormat.AS_GIVEN;
      default -> throw bad(shown, "parameter receipt_id='" + v + "' is not one of: hex, decimal");
    };
  }

  private static int positive(Map<String, String> q, String key, int fallback, String shown) {
    String v = q.get(key);
    if (v == null) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(v.trim());
      if (n >= 1) {
        return n;
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    throw bad(shown, "parameter " + key + "='" + v + "' must be a whole number >= 1");
  }

  private static int budget(Map<String, String> q, String shown) {
    int n = positive(q, "ussd_budget", 182, shown);
    if (n > 254) {
      throw bad(shown, "parameter ussd_budget='" + n + "' must be at most 254 (one short_message)");
    }
    return n;
  }

  private static OptionalInt octet(Map<String, String> q, String key, String shown) {
    String v = q.get(key);
    if (v == null) {
      return OptionalInt.empty();
    }
    try {
      int n = Integer.parseInt(v.trim());
      if (key.endsWith("ton")) {
        TypeOfNumber.valueOf((byte) n);
      } else {
        NumberingPlanIndicator.valueOf((byte) n);
      }
      if (n >= 0 && n <= 255) {
        return OptionalInt.of(n);
      }
    } catch (IllegalArgumentException ignored) {
      // reported below (NumberFormatException included)
    }
    throw bad(shown, "parameter " + key + "='" + v + "' must be a "
        + (key.endsWith("ton") ? "TON: 0 unknown, 1 international, 2 national, 3 network specific, 4 subscriber, "
            + "5 alphanumeric, 6 abbreviated" : "NPI: 0 unknown, 1 ISDN, 3 data, 4 telex, 6 land mobile, "
            + "8 national, 9 private, 10 ERMES, 14 internet, 18 WAP"));
  }

  private static Duration duration(Map<String, String> q, String key, Duration fallback, String shown) {
    String v = q.get(key);
    if (v == null) {
      return fallback;
    }
    return DurationText.parseSecondsByDefault(v).filter(d -> !d.isZero()).orElseThrow(() -> bad(shown,
        "parameter " + key + "='" + v + "' must be a positive duration, " + DurationText.FORMS));
  }

  /** The URL with its password replaced by ***, safe for logs and error messages. */
  static String masked(String url) {
    return url.replaceFirst("^(?i)(smpp://[^:@/]*:)[^@]*@", "$1***@");
  }

  private static IllegalArgumentException bad(String shown, String problem) {
    return new IllegalArgumentException("SMPP bind URL " + shown + " " + problem);
  }
}
