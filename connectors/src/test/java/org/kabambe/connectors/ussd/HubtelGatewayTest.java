package org.kabambe.connectors.ussd;

import static org.kabambe.connectors.ussd.UssdRequest.Kind.BEGIN;
import static org.kabambe.connectors.ussd.UssdRequest.Kind.CONTINUE;
import static org.kabambe.connectors.ussd.UssdRequest.Kind.END;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.kabambe.connectors.ussd.SessionEnd.Reason;
import org.kabambe.connectors.ussd.UssdRequest.Kind;

/** Hubtel over real HTTP: typed JSON hops (case-insensitive), Response/Release replies, release and timeout notices. */
class HubtelGatewayTest {
  private static final String PATH = "/ussd/hubtel/" + GatewayCase.TOKEN;
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

  private static JsonObject body(String type, String message) {
    return new JsonObject().put("SessionId", "a1b2c3").put("Mobile", "233244000001").put("ServiceCode", "*714*12#")
        .put("Type", type).put("Message", message).put("Operator", "MTN").put("Sequence", 1)
        .put("ClientState", "");
  }

  private static UssdRequest hop(Kind kind, String input) {
    return hop(kind, input, "1");
  }

  private static UssdRequest hop(Kind kind, String input, String sequence) {
    return new UssdRequest("hubtel", "a1b2c3", "233244000001", "*714*12#", "MTN", kind, input, false, 182,
        Optional.empty(), sequence);
  }

  private static UssdRequest ended(String input, SessionEnd end) {
    return new UssdRequest("hubtel", "a1b2c3", "233244000001", "*714*12#", "MTN", END, input, false, 182,
        Optional.of(end), "1");
  }

  private static GatewayCase json(String name, JsonObject body) {
    return json(name, body.encode());
  }

  private static GatewayCase json(String name, String body) {
    return GatewayCase.post(name, PATH, JSON, body);
  }

  private static String reply(String type, String message, String clientState) {
    return new JsonObject().put("Type", type).put("Message", message).put("ClientState", clientState).encode();
  }

  @TestFactory
  Stream<DynamicTest> table() {
    List<GatewayCase> table = new ArrayList<>(List.of(
        json("initiation carries the whole dialled string with pre-filled input",
            body("Initiation", "*714*12*1*2#"))
            .replies(UssdReply.continueWith("Welcome\n1. Join"))
            .expect(200, reply("Response", "Welcome\n1. Join", ""))
            .expectHeader("Content-Type", "application/json; charset=utf-8")
            .sees(hop(BEGIN, "*714*12*1*2#")),
        json("Type compared case-insensitively", body("INITIATION", "*714*12#"))
            .sees(hop(BEGIN, "*714*12#")).expect(200, reply("Response", "Menu", "")),
        json("continuation carries only the current input", body("Response", "2"))
            .sees(hop(CONTINUE, "2")).expect(200, reply("Response", "Menu", "")),
        json("Sequence numbers the hop (a retry repeats it)", body("Response", "1").put("Sequence", 3))
            .sees(hop(CONTINUE, "1", "3")).expect(200, reply("Response", "Menu", "")),
        json("Sequence sent as a string", body("Response", "1").put("Sequence", "4"))
            .sees(hop(CONTINUE, "1", "4")).expect(200, reply("Response", "Menu", "")),
        json("no Sequence: the hop is not numbered", removed(body("Response", "1"), "Sequence"))
            .sees(hop(CONTINUE, "1", "")).expect(200, reply("Response", "Menu", "")),
        json("input containing * and UTF-8", body("response", "a*b ✓ Ɛ"))
            .sees(hop(CONTINUE, "a*b ✓ Ɛ")).expect(200, reply("Response", "Menu", "")),
        json("a 1000-character input with NUL", body("Response", "y".repeat(999) + "\u0000"))
            .sees(hop(CONTINUE, "y".repeat(999) + "\u0000")).expect(200, reply("Response", "Menu", "")),
        json("the engine ends the session; ClientState echoed", body("Response", "1").put("ClientState", "s-9"))
            .replies(UssdReply.endWith("Thank you"))
            .expect(200, reply("Release", "Thank you", "s-9")).sees(hop(CONTINUE, "1")),
        json("Release notice is acknowledged", body("Release", ""))
            .replies(UssdReply.continueWith("ignored"))
            .expect(200, reply("Release", "", "")).sees(ended("", SessionEnd.of(Reason.RELEASED, "Release"))),
        json("Timeout notice is acknowledged even if the handler fails", body("timeout", ""))
            .handlerFails()
            .expect(200, reply("Release", "", "")).sees(ended("", SessionEnd.of(Reason.TIMED_OUT, "Timeout"))),
        json("Mobile sent as a JSON number", body("Response", "1").put("Mobile", 233244000001L))
            .sees(hop(CONTINUE, "1")).expect(200, reply("Response", "Menu", "")),
        json("handler fails: polite Release", body("Response", "1")).handlerFails()
            .expect(200, reply("Release", UssdReply.BUSY_TEXT, "")).sees(hop(CONTINUE, "1")),
        json("configured screen budget", body("Initiation", "*714*12#"))
            .config(GatewayConfig.withToken(GatewayCase.TOKEN).screenBudget(160))
            .sees(new UssdRequest("hubtel", "a1b2c3", "233244000001", "*714*12#", "MTN", BEGIN, "*714*12#", false,
                160, Optional.empty(), "1"))
            .expect(200, reply("Response", "Menu", "")),
        json("Mobile that is a name", body("Response", "1").put("Mobile", "alice"))
            .refused(400, "field 'Mobile' must be a phone number (digits, an optional leading +)"),
        json("missing Mobile", removed(body("Response", "1"), "Mobile")).refused(400, "missing field 'Mobile'"),
        json("missing SessionId", removed(body("Response", "1"), "SessionId"))
            .refused(400, "missing field 'SessionId'"),
        json("missing Type", removed(body("Response", "1"), "Type")).refused(400, "missing field 'Type'"),
        json("missing Message on a response", removed(body("Response", "1"), "Message"))
            .refused(400, "missing field 'Message'"),
        json("missing ServiceCode on initiation", removed(body("Initiation", "*714#"), "ServiceCode"))
            .refused(400, "missing field 'ServiceCode'"),
        json("unknown Type", body("Hangup", ""))
            .refused(400, "field 'Type' must be one of Initiation, Response, Release, Timeout"),
        json("Message that is not a string", body("Response", "1").put("Message", new JsonObject()))
            .refused(400, "field 'Message' must be a string"),
        json("malformed JSON", "{\"SessionId\": ").refused(400, "body is not valid JSON"),
        json("JSON that is not an object", "[1,2]").refused(400, "body must be a JSON object"),
        json("empty body", "").refused(400, "body must be a JSON object")));
    table.addAll(GuardCases.of("hubtel", (name, path) -> GatewayCase.post(name, path, JSON,
            body("Initiation", "*714*12#").encode())
        .expect(200, reply("Response", "Menu", "")).sees(hop(BEGIN, "*714*12#"))));
    return harness.run("hubtel", table);
  }

  private static JsonObject removed(JsonObject json, String field) {
    json.remove(field);
    return json;
  }
}
