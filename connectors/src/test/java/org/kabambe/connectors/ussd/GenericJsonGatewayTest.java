package org.kabambe.connectors.ussd;

import static org.kabambe.connectors.ussd.UssdRequest.Kind.BEGIN;
import static org.kabambe.connectors.ussd.UssdRequest.Kind.CONTINUE;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.kabambe.connectors.ussd.UssdRequest.Kind;

/** Kabambe's generic JSON format over real HTTP. */
class GenericJsonGatewayTest {
  private static final String PATH = "/ussd/generic/" + GatewayCase.TOKEN;
  private static final String JSON = "application/json";
  private static GatewayHarness harness;

  @BeforeAll
  static void start() {
    harness = new GatewayHarness();
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  private static JsonObject body(boolean fresh, String input) {
    return new JsonObject().put("sessionId", "g-1").put("msisdn", "+265991000001").put("serviceCode", "*555#")
        .put("input", input).put("new", fresh);
  }

  private static UssdRequest hop(Kind kind, String input, String network) {
    return new UssdRequest("generic", "g-1", "+265991000001", "*555#", network, kind, input, false, 182,
        Optional.empty());
  }

  private static GatewayCase json(String name, JsonObject body) {
    return GatewayCase.post(name, PATH, JSON, body.encode());
  }

  private static String reply(String text, boolean end) {
    return new JsonObject().put("text", text).put("end", end).encode();
  }

  @TestFactory
  Stream<DynamicTest> table() {
    List<GatewayCase> table = new ArrayList<>(List.of(
        json("new session", body(true, "")).replies(UssdReply.continueWith("Moni!"))
            .expect(200, reply("Moni!", false)).expectHeader("Content-Type", "application/json; charset=utf-8")
            .sees(hop(BEGIN, "", "")),
        json("new session with pre-filled dial and a network", body(true, "*555*1*2#").put("network", "TNM"))
            .sees(hop(BEGIN, "*555*1*2#", "TNM")).expect(200, reply("Menu", false)),
        json("an optional requestId numbers the hop", body(false, "1").put("requestId", "r-7"))
            .sees(new UssdRequest("generic", "g-1", "+265991000001", "*555#", "", CONTINUE, "1", false, 182,
                Optional.empty(), "r-7"))
            .expect(200, reply("Menu", false)),
        json("continuation with * and UTF-8", body(false, "1*2 ŵ")).sees(hop(CONTINUE, "1*2 ŵ", ""))
            .expect(200, reply("Menu", false)),
        json("a 1000-character input", body(false, "q".repeat(1000))).sees(hop(CONTINUE, "q".repeat(1000), ""))
            .expect(200, reply("Menu", false)),
        json("the engine ends the session", body(false, "9")).replies(UssdReply.endWith("Zikomo"))
            .expect(200, reply("Zikomo", true)).sees(hop(CONTINUE, "9", "")),
        json("handler fails: polite end", body(false, "9")).handlerFails()
            .expect(200, reply(UssdReply.BUSY_TEXT, true)).sees(hop(CONTINUE, "9", "")),
        json("handler throws: polite end", body(false, "9")).handlerThrows()
            .expect(200, reply(UssdReply.BUSY_TEXT, true)).sees(hop(CONTINUE, "9", "")),
        json("msisdn that is a word", body(true, "").put("msisdn", "unknown"))
            .refused(400, "field 'msisdn' must be a phone number (digits, an optional leading +)"),
        json("missing new", removed(body(true, ""), "new")).refused(400, "missing field 'new'"),
        json("new that is not a boolean", body(true, "").put("new", 1))
            .refused(400, "field 'new' must be true or false"),
        json("missing msisdn", removed(body(true, ""), "msisdn")).refused(400, "missing field 'msisdn'"),
        json("missing input", removed(body(true, ""), "input")).refused(400, "missing field 'input'"),
        json("null serviceCode", body(true, "").putNull("serviceCode"))
            .refused(400, "missing field 'serviceCode'"),
        GatewayCase.post("malformed JSON", PATH, JSON, "{\"sessionId\": \"g-1\",}")
            .refused(400, "body is not valid JSON"),
        GatewayCase.post("JSON bytes that are not UTF-8", PATH, JSON, "")
            .rawBody(new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, '"', '}'})
            .refused(400, "body is not valid JSON")));
    table.addAll(GuardCases.of("generic", (name, path) -> GatewayCase.post(name, path, JSON,
            body(true, "").encode())
        .expect(200, reply("Menu", false)).sees(hop(BEGIN, "", ""))));
    return harness.run("generic", table);
  }

  private static JsonObject removed(JsonObject json, String field) {
    json.remove(field);
    return json;
  }
}
