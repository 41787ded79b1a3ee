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

/** DMark over real HTTP: GET hops with response=false on a new session, JSON replies with action request/end. */
class DmarkGatewayTest {
  private static final String PATH = "/ussd/dmark/" + GatewayCase.TOKEN;
  private static final String QUERY = "?transactionId=dm-5&msisdn=256772000001&ussdServiceCode=*217*10%23";
  private static GatewayHarness harness;

  @BeforeAll
  static void start() {
    harness = new GatewayHarness();
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  private static UssdRequest hop(Kind kind, String input) {
    return new UssdRequest("dmark", "dm-5", "256772000001", "*217*10#", "", kind, input, false, 182,
        Optional.empty());
  }

  private static GatewayCase get(String name, boolean response, String input) {
    return GatewayCase.get(name, PATH + QUERY + "&response=" + response + "&ussdRequestString=" + input);
  }

  private static String reply(String text, String action) {
    return new JsonObject().put("responseString", text).put("action", action).encode();
  }

  @TestFactory
  Stream<DynamicTest> table() {
    List<GatewayCase> table = new ArrayList<>(List.of(
        get("new session", false, "*217*10%23").replies(UssdReply.continueWith("Oli otya?"))
            .expect(200, reply("Oli otya?", "request"))
            .expectHeader("Content-Type", "application/json; charset=utf-8")
            .sees(hop(BEGIN, "*217*10#")),
        get("new session with pre-filled input", false, "*217*10*1*2%23")
            .expect(200, reply("Menu", "request")).sees(hop(BEGIN, "*217*10*1*2#")),
        get("continuation", true, "4").expect(200, reply("Menu", "request")).sees(hop(CONTINUE, "4")),
        get("input containing *, UTF-8 and %00", true, "a*b%E2%82%AC%00")
            .expect(200, reply("Menu", "request")).sees(hop(CONTINUE, "a*b€\u0000")),
        get("a 1000-character input", true, "k".repeat(1000))
            .expect(200, reply("Menu", "request")).sees(hop(CONTINUE, "k".repeat(1000))),
        get("the engine ends the session", true, "1").replies(UssdReply.endWith("Webale"))
            .expect(200, reply("Webale", "end")).sees(hop(CONTINUE, "1")),
        get("handler fails: polite end", true, "1").handlerFails()
            .expect(200, reply(UssdReply.BUSY_TEXT, "end")).sees(hop(CONTINUE, "1")),
        GatewayCase.get("msisdn that is not a number", PATH + "?transactionId=dm-5&msisdn=bob&ussdServiceCode=*217*10%23"
            + "&response=false&ussdRequestString=")
            .refused(400, "field 'msisdn' must be a phone number (digits, an optional leading +)"),
        GatewayCase.get("response that is not a boolean", PATH + QUERY + "&response=maybe&ussdRequestString=1")
            .refused(400, "field 'response' must be true or false"),
        GatewayCase.get("missing response", PATH + QUERY + "&ussdRequestString=1")
            .refused(400, "missing field 'response'"),
        GatewayCase.get("missing transactionId",
                PATH + "?msisdn=256772000001&ussdServiceCode=x&response=true&ussdRequestString=1")
            .refused(400, "missing field 'transactionId'"),
        GatewayCase.get("missing ussdRequestString", PATH + QUERY + "&response=true")
            .refused(400, "missing field 'ussdRequestString'"),
        get("malformed percent-encoding", true, "%G1").refused(400,
            "malformed percent-encoding in field 'ussdRequestString'")));
    table.addAll(GuardCases.of("dmark", (name, path) -> GatewayCase.get(name,
            path + QUERY + "&response=false&ussdRequestString=")
        .expect(200, reply("Menu", "request")).sees(hop(BEGIN, ""))));
    return harness.run("dmark", table);
  }
}
