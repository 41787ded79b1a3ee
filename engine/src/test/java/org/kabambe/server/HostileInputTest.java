package org.kabambe.server;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Tag;
import org.kabambe.server.UssdClient.Reply;
import org.kabambe.testing.TestDatabases;

/**
 * Whatever a gateway (or someone posing as one) sends, the answer is a screen (200 with CON/END, or the generic
 * JSON) or a 4xx: never a 500, and never a stack trace or a Java class name in the body.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
@Tag("database")
class HostileInputTest {
  private static final Pattern LEAK = Pattern.compile(
      "Exception|\\tat |java\\.|javax\\.|org\\.kabambe|io\\.vertx|io\\.netty|com\\.fasterxml|org\\.h2|NullPointer");
  private static final String CODE = UssdClient.VACCINE_CODE;

  private static KabambeServer server;
  private static UssdClient client;
  private static final AtomicInteger numbers = new AtomicInteger();

  @BeforeAll
  static void start() throws Exception {
    int port = UssdClient.freePort();
    server = KabambeServer.start(new ServeOptions("127.0.0.1", port, UssdClient.DEMO_FLOWS, TestDatabases.throwaway(), Optional.empty()));
    client = new UssdClient(port);
  }

  @AfterAll
  static void stop() {
    if (server != null) server.close();
  }

  private static String phone() {
    return String.format("+2547550%05d", numbers.incrementAndGet());
  }

  /** Checks one reply; returns a description of what is wrong, or null. */
  private static String problem(String what, Reply r, boolean json) {
    if (LEAK.matcher(r.body()).find()) return what + ": internals in the body: " + r;
    // "Busy" is what a hop that failed (e.g. its rows refused by the database) answers: an input must not fail it.
    if (r.body().contains("the service is busy")) return what + ": the hop failed: " + r;
    if (r.status() >= 400 && r.status() < 500) return null;
    if (r.status() != 200) return what + ": status " + r;
    if (!json) {
      return r.continues() || r.ends() ? null : what + ": not a CON/END screen: " + r;
    }
    try {
      JsonObject o = new JsonObject(r.body());
      return o.getValue("text") instanceof String && o.getValue("end") instanceof Boolean ? null
          : what + ": not {text, end}: " + r;
    } catch (RuntimeException e) {
      return what + ": not JSON: " + r;
    }
  }

  /** Sends every input as the second hop of a fresh session and as a first hop, on both gateways. */
  private static List<String> sendAll(Map<String, String> inputs) throws Exception {
    List<String> problems = Collections.synchronizedList(new ArrayList<>());
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      var futures = new ArrayList<Future<?>>();
      inputs.forEach((what, input) -> futures.add(pool.submit(() -> {
        String p = phone();
        check(problems, what + " (AT second hop)", false, () -> {
          client.africasTalking("h-" + p, p, "");
          return client.africasTalking("h-" + p, p, input);
        });
        String q = phone();
        check(problems, what + " (AT first hop)", false, () -> client.africasTalking("h-" + q, q, input));
        String g = phone();
        check(problems, what + " (generic second hop)", true, () -> {
          client.generic("h-" + g, g, "", true);
          return client.generic("h-" + g, g, input, false);
        });
        check(problems, what + " (generic first hop)", true, () -> client.generic("h1-" + g, g, input, true));
        return null;
      })));
      for (Future<?> f : futures) f.get(60, TimeUnit.SECONDS);
    } finally {
      pool.shutdownNow();
    }
    return problems;
  }

  private interface Call {
    Reply call() throws Exception;
  }

  private static void check(List<String> problems, String what, boolean json, Call call) {
    try {
      String p = problem(what, call.call(), json);
      if (p != null) problems.add(p);
    } catch (Exception e) {
      problems.add(what + ": " + e);
    }
  }

  private static void assertNone(List<String> problems) {
    if (!problems.isEmpty()) {
      fail(problems.size() + " bad replies, e.g.:\n" + String.join("\n", problems.subList(0, Math.min(10, problems.size()))));
    }
  }

  @Test
  void inputsOfZeroToAThousandCharacters() throws Exception {
    var inputs = new LinkedHashMap<String, String>();
    for (int n : new int[] {0, 1, 2, 3, 9, 10, 80, 81, 159, 160, 181, 182, 183, 255, 256, 500, 999, 1000}) {
      inputs.put(n + " letters", "a".repeat(n));
      inputs.put(n + " digits", "1".repeat(n));
      inputs.put(n + " stars", "*".repeat(n));
      inputs.put(n + " hashes", "#".repeat(n));
      inputs.put(n + " spaces", " ".repeat(n));
      inputs.put(n + " of '1*'", "1*".repeat(n / 2));
      inputs.put(n + " euro signs", "€".repeat(n));
      inputs.put(n + " emoji", "\uD83D\uDE00".repeat(n / 2));
    }
    assertNone(sendAll(inputs));
  }

  @Test
  void aCodePointFromEveryUnicodeBlock() throws Exception {
    var inputs = new LinkedHashMap<String, String>();
    Character.UnicodeBlock last = null;
    for (int cp = 0x20; cp <= 0x10FFFF; cp++) {
      Character.UnicodeBlock block = Character.UnicodeBlock.of(cp);
      if (block == null || block == last || !Character.isDefined(cp) || Character.isISOControl(cp)
          || Character.getType(cp) == Character.SURROGATE) {
        continue;
      }
      last = block;
      String c = new String(Character.toChars(cp));
      inputs.put(block + " U+" + Integer.toHexString(cp), c + c + "1" + c);
    }
    assertTrue(inputs.size() > 250, "blocks sampled: " + inputs.size());
    assertNone(sendAll(inputs));
  }

  @Test
  void controlCharactersAndOddStrings() throws Exception {
    var inputs = new LinkedHashMap<String, String>();
    inputs.put("NUL", "\u0000");
    inputs.put("NUL in digits", "1\u00002");
    inputs.put("every C0 control", controls());
    inputs.put("CR LF", "1\r\n2");
    inputs.put("BOM", "\uFEFF1");
    inputs.put("RTL override", "\u202E1");
    inputs.put("zero-width joiner", "1\u200D");
    inputs.put("combining marks", "e\u0301\u0301\u0301");
    inputs.put("percent signs", "%00%zz%");
    inputs.put("form chars", "a=b&c=d+e");
    inputs.put("json chars", "\"}{\\");
    inputs.put("template", "{{ contact.phone }}");
    inputs.put("expression", "answers.age < 18 || true");
    inputs.put("html", "<script>alert(1)</script>");
    inputs.put("sql", "1'; DROP TABLE answers; --");
    inputs.put("nav", "98");
    inputs.put("back", "0");
    inputs.put("home", "00");
    inputs.put("huge number", "9".repeat(400));
    inputs.put("negative", "-1");
    inputs.put("float", "1e309");
    inputs.put("dial string", "*384*12*1*1*34#");
    inputs.put("other dial", "*999#");
    assertNone(sendAll(inputs));
  }

  private static String controls() {
    var sb = new StringBuilder();
    for (char c = 1; c < 0x20; c++) sb.append(c);
    return sb.append('\u007F').toString();
  }

  /** Bodies no URL encoder would produce: %00, malformed percent-encoding, invalid UTF-8, broken forms. */
  @Test
  void malformedAfricasTalkingBodies() throws Exception {
    List<String> problems = new ArrayList<>();
    List<byte[]> texts = new ArrayList<>();
    for (String t : List.of("%00", "1%002", "%", "%2", "%Z1", "%%", "1%", "%E2%82", "%C0%AF", "%ED%A0%80", "%FF%FE",
        "%F4%90%80%80", "%F8%88%80%80%80", "%C3", "%C3%28", "+", "%2B%2A", "a%3Db%26c")) {
      texts.add(t.getBytes(StandardCharsets.US_ASCII));
    }
    texts.add(new byte[] {(byte) 0xFF, (byte) 0xFE, '1'});
    texts.add(new byte[] {'1', (byte) 0xC3});
    texts.add(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80});
    texts.add(new byte[] {(byte) 0xC0, (byte) 0xAF});
    texts.add(new byte[] {0});
    for (byte[] text : texts) {
      String what = "text=" + printable(text);
      for (boolean second : new boolean[] {false, true}) {
        String p = phone();
        String session = "m-" + p;
        if (second) client.africasTalking(session, p, "");
        byte[] body = concat(("sessionId=" + session + "&phoneNumber=" + UssdClient.enc(p)
            + "&serviceCode=" + UssdClient.enc(CODE) + "&text=").getBytes(StandardCharsets.US_ASCII), text);
        check(problems, what + (second ? " (second hop)" : ""), false,
            () -> client.post("/ussd/africastalking", "application/x-www-form-urlencoded", body));
      }
      for (String field : List.of("sessionId", "phoneNumber", "serviceCode")) {
        byte[] body = ("sessionId=s&phoneNumber=%2B254755099999&serviceCode=" + UssdClient.enc(CODE) + "&text=")
            .replace(field + "=", field + "=X").getBytes(StandardCharsets.US_ASCII);
        byte[] hostile = replaceX(body, text);
        check(problems, field + "=" + printable(text), false,
            () -> client.post("/ussd/africastalking", "application/x-www-form-urlencoded", hostile));
      }
    }
    for (String form : List.of("", "&&&", "=", "text", "text=1", "sessionId=&phoneNumber=&serviceCode=&text=",
        "sessionId=s&sessionId=t&phoneNumber=1&phoneNumber=2&serviceCode=*384*12%23&text=&text=1",
        "sessionId=s&phoneNumber=%2B254755000000&serviceCode=*384*12%23&text=&status=Bogus&durationInMillis=x",
        "sessionId=s&phoneNumber=%2B254755000000&serviceCode=*384*12%23&text=&hopsCount=99999999999999999999&status=Success",
        "sessionId=" + "s".repeat(7000) + "&phoneNumber=1&serviceCode=1&text=",
        "sessionId=s&phoneNumber=%2B254755000000&serviceCode=*384*12%23&text=" + "1*".repeat(5000))) {
      check(problems, "form " + form.substring(0, Math.min(60, form.length())), false,
          () -> client.post("/ussd/africastalking", "application/x-www-form-urlencoded",
              form.getBytes(StandardCharsets.UTF_8)));
    }
    check(problems, "wrong content type", false,
        () -> client.post("/ussd/africastalking", "application/json", "{}".getBytes(StandardCharsets.UTF_8)));
    check(problems, "GET", false, () -> client.rawGet("/ussd/africastalking?text=%ZZ%00"));
    check(problems, "unknown gateway", false, () -> client.rawGet("/ussd/%ZZ%00"));
    check(problems, "path NUL", false, () -> client.rawGet("/ussd/africastalking/%00?%%"));
    assertNone(problems);
  }

  @Test
  void malformedGenericBodies() throws Exception {
    List<String> problems = new ArrayList<>();
    String ok = "{\"sessionId\":\"s\",\"msisdn\":\"+254755088888\",\"serviceCode\":\"*384*12#\",\"input\":INPUT,\"new\":NEW}";
    List<String> inputs = List.of("\"\\u0000\"", "\"1\\u00002\"", "\"\\ud800\"", "\"\\udc00\\ud800\"", "\"\\uZZZZ\"",
        "\"\\\"", "1", "null", "{}", "[]", "true", "\"" + "x".repeat(7000) + "\"", "1e999999", "-0", "\"\\/\"");
    for (String input : inputs) {
      for (String fresh : List.of("true", "false", "\"yes\"", "null", "1")) {
        String body = ok.replace("INPUT", input).replace("NEW", fresh);
        check(problems, "input " + input.substring(0, Math.min(30, input.length())) + " new " + fresh, true,
            () -> client.post("/ussd/generic", "application/json", body.getBytes(StandardCharsets.UTF_8)));
      }
    }
    byte[] prefix = ok.substring(0, ok.indexOf("INPUT")).getBytes(StandardCharsets.UTF_8);
    byte[] suffix = ok.substring(ok.indexOf("INPUT") + 5).replace("NEW", "true").getBytes(StandardCharsets.UTF_8);
    for (byte[] bad : List.of(new byte[] {'"', (byte) 0xFF, (byte) 0xFE, '"'}, new byte[] {'"', (byte) 0xC3, '"'},
        new byte[] {'"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"'}, new byte[] {'"', 0, '"'})) {
      byte[] body = concat(concat(prefix, bad), suffix);
      check(problems, "raw bytes " + printable(bad), true,
          () -> client.post("/ussd/generic", "application/json", body));
    }
    for (String body : List.of("", "{", "}", "[]", "null", "\"x\"", "{\"sessionId\":1}", "{}",
        "[".repeat(5000) + "]".repeat(5000), "{\"a\":".repeat(1000) + "1" + "}".repeat(1000),
        "\uFEFF" + ok.replace("INPUT", "\"1\"").replace("NEW", "true"),
        ok.replace("INPUT", "\"1\"").replace("NEW", "true") + "garbage",
        ok.replace("INPUT", "\"1\",\"input\":\"2\"").replace("NEW", "true"),
        ok.replace("\"s\"", "\"" + "\uD83D\uDE00".repeat(1000) + "\"").replace("INPUT", "\"1\"").replace("NEW", "true"),
        ok.replace("+254755088888", "").replace("INPUT", "\"\"").replace("NEW", "true"),
        ok.replace("+254755088888", "\\u0000").replace("INPUT", "\"\"").replace("NEW", "true"),
        ok.replace("*384*12#", "\u202E*384*12#").replace("INPUT", "\"\"").replace("NEW", "true"))) {
      check(problems, "body " + body.substring(0, Math.min(40, body.length())), true,
          () -> client.post("/ussd/generic", "application/json", body.getBytes(StandardCharsets.UTF_8)));
    }
    assertNone(problems);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    var out = new ByteArrayOutputStream();
    out.writeBytes(a);
    out.writeBytes(b);
    return out.toByteArray();
  }

  private static byte[] replaceX(byte[] body, byte[] with) {
    var out = new ByteArrayOutputStream();
    for (byte b : body) {
      if (b == 'X') out.writeBytes(with);
      else out.write(b);
    }
    return out.toByteArray();
  }

  private static String printable(byte[] bytes) {
    var sb = new StringBuilder();
    for (byte b : bytes) {
      if (b >= 0x21 && b < 0x7F) sb.append((char) b);
      else sb.append(String.format("\\x%02X", b & 0xFF));
    }
    return sb.toString();
  }
}
