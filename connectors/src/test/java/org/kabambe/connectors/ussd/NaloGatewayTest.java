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

/** Nalo over real HTTP: MSGTYPE true on the first dial, replies echo USERID/MSISDN, 120-character screens. */
class NaloGatewayTest {
  private static final String PATH = "/ussd/nalo/" + GatewayCase.TOKEN;
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

  private static JsonObject body(boolean first, String userData) {
    return new JsonObject().put("USERID", "kabambe_app").put("MSISDN", "233200000001").put("USERDATA", userData)
        .put("MSGTYPE", first).put("SESSIONID", "16590115252429751").put("NETWORK", "VODAFONE");
  }

  private static UssdRequest hop(Kind kind, String input) {
    return new UssdRequest("nalo", "16590115252429751", "233200000001", "", "VODAFONE", kind, input, false, 120,
        Optional.empty());
  }

  private static GatewayCase json(String name, JsonObject body) {
    return GatewayCase.post(name, PATH, JSON, body.encode());
  }

  private static String reply(String msg, boolean continues) {
    return new JsonObject().put("USERID", "kabambe_app").put("MSISDN", "233200000001").put("MSG", msg)
        .put("MSGTYPE", continues).encode();
  }

  @TestFactory
  Stream<DynamicTest> table() {
    List<GatewayCase> table = new ArrayList<>(List.of(
        json("first dial, budget 120 by default", body(true, "*920*44#"))
            .replies(UssdReply.continueWith("Welcome")).expect(200, reply("Welcome", true))
            .expectHeader("Content-Type", "application/json; charset=utf-8")
            .sees(hop(BEGIN, "*920*44#")),
        json("first dial with pre-filled input and a configured service code", body(true, "*920*44*1*2#"))
            .config(GatewayConfig.withToken(GatewayCase.TOKEN).serviceCode("*920*44#"))
            .sees(new UssdRequest("nalo", "16590115252429751", "233200000001", "*920*44#", "VODAFONE", BEGIN,
                "*920*44*1*2#", false, 120, Optional.empty()))
            .expect(200, reply("Menu", true)),
        json("continuation", body(false, "1")).sees(hop(CONTINUE, "1")).expect(200, reply("Menu", true)),
        json("MSGTYPE as a string", body(false, "1").put("MSGTYPE", "false"))
            .sees(hop(CONTINUE, "1")).expect(200, reply("Menu", true)),
        json("input containing *, UTF-8 and NUL", body(false, "1*2 Ɔ\u0000"))
            .sees(hop(CONTINUE, "1*2 Ɔ\u0000")).expect(200, reply("Menu", true)),
        json("a 1000-character input", body(false, "z".repeat(1000)))
            .sees(hop(CONTINUE, "z".repeat(1000))).expect(200, reply("Menu", true)),
        json("the engine ends the session", body(false, "2")).replies(UssdReply.endWith("Bye"))
            .expect(200, reply("Bye", false)).sees(hop(CONTINUE, "2")),
        json("MSISDN sent as a number is echoed as digits", body(false, "2").put("MSISDN", 233200000001L))
            .expect(200, reply("Menu", true)).sees(hop(CONTINUE, "2")),
        json("handler fails: polite end", body(false, "2")).handlerFails()
            .expect(200, reply(UssdReply.BUSY_TEXT, false)).sees(hop(CONTINUE, "2")),
        json("configured budget overrides 120", body(true, "*920*44#"))
            .config(GatewayConfig.withToken(GatewayCase.TOKEN).screenBudget(100))
            .sees(new UssdRequest("nalo", "16590115252429751", "233200000001", "", "VODAFONE", BEGIN, "*920*44#",
                false, 100, Optional.empty()))
            .expect(200, reply("Menu", true)),
        json("missing USERID", removed(body(true, "*920#"), "USERID")).refused(400, "missing field 'USERID'"),
        json("MSISDN too long to be real", body(true, "*920#").put("MSISDN", "9999999999999999999999999999999999999999"))
            .refused(400, "field 'MSISDN' must be a phone number of 3 to 15 digits (it has 40)"),
        json("missing MSISDN", removed(body(true, "*920#"), "MSISDN")).refused(400, "missing field 'MSISDN'"),
        json("missing SESSIONID", removed(body(true, "*920#"), "SESSIONID"))
            .refused(400, "missing field 'SESSIONID'"),
        json("missing MSGTYPE", removed(body(true, "*920#"), "MSGTYPE")).refused(400, "missing field 'MSGTYPE'"),
        json("MSGTYPE that is not a boolean", body(true, "*920#").put("MSGTYPE", "yes"))
            .refused(400, "field 'MSGTYPE' must be true or false"),
        json("missing USERDATA", removed(body(true, "*920#"), "USERDATA"))
            .refused(400, "missing field 'USERDATA'"),
        GatewayCase.post("malformed JSON", PATH, JSON, "{USERID:").refused(400, "body is not valid JSON")));
    table.addAll(GuardCases.of("nalo", (name, path) -> GatewayCase.post(name, path, JSON,
            body(true, "*920*44#").encode())
        .expect(200, reply("Menu", true)).sees(hop(BEGIN, "*920*44#"))));
    return harness.run("nalo", table);
  }

  private static JsonObject removed(JsonObject json, String field) {
    json.remove(field);
    return json;
  }
}
