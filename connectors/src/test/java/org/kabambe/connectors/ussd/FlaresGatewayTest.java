package org.kabambe.connectors.ussd;

import static org.kabambe.connectors.ussd.UssdRequest.Kind.BEGIN;
import static org.kabambe.connectors.ussd.UssdRequest.Kind.CONTINUE;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.kabambe.connectors.ussd.UssdRequest.Kind;

/** Comviva Flares over real HTTP: GET hops, text replies with Freeflow FC/FB, BEGIN recognised by service code. */
class FlaresGatewayTest {
  private static final String PATH = "/ussd/flares/" + GatewayCase.TOKEN;
  private static final String QUERY = "?SessionID=fl-77&MSISDN=919800000001&MSC=919800000099&input=";
  private static final GatewayConfig WITH_CODE = GatewayConfig.withToken(GatewayCase.TOKEN).serviceCode("*384*12#");
  private static GatewayHarness harness;

  @BeforeAll
  static void start() {
    harness = new GatewayHarness();
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  private static UssdRequest hop(String serviceCode, Kind kind, String input) {
    return new UssdRequest("flares", "fl-77", "919800000001", serviceCode, "919800000099", kind, input, false, 182,
        Optional.empty());
  }

  private static GatewayCase get(String name, String input) {
    return GatewayCase.get(name, PATH + QUERY + input).config(WITH_CODE);
  }

  @TestFactory
  Stream<DynamicTest> table() {
    List<GatewayCase> table = new ArrayList<>(List.of(
        get("first hop: the code without * and #", "384*12").replies(UssdReply.continueWith("Welcome"))
            .expect(200, "Welcome").expectHeader("Freeflow", "FC")
            .expectHeader("Content-Type", "text/plain; charset=utf-8")
            .sees(hop("*384*12#", BEGIN, "*384*12#")),
        get("first hop with pre-filled input", "384*12*1*2")
            .expect(200, "Menu").sees(hop("*384*12#", BEGIN, "*384*12*1*2#")),
        get("continuation", "2").expect(200, "Menu").expectHeader("Freeflow", "FC")
            .sees(hop("*384*12#", CONTINUE, "2")),
        get("input containing * (encoded), UTF-8 and %00", "1%2A2+%E0%A4%B9%00")
            .expect(200, "Menu").sees(hop("*384*12#", CONTINUE, "1*2 ह\u0000")),
        get("a 1000-character input", "w".repeat(1000)).expect(200, "Menu")
            .sees(hop("*384*12#", CONTINUE, "w".repeat(1000))),
        get("the engine ends the session", "3").replies(UssdReply.endWith("Dhanyavaad"))
            .expect(200, "Dhanyavaad").expectHeader("Freeflow", "FB").sees(hop("*384*12#", CONTINUE, "3")),
        get("handler fails: polite end", "3").handlerFails()
            .expect(200, UssdReply.BUSY_TEXT).expectHeader("Freeflow", "FB").sees(hop("*384*12#", CONTINUE, "3")),
        get("without a configured code every hop continues", "384*12").config(GatewayConfig.withToken("s3cret"))
            .expect(200, "Menu").sees(hop("", CONTINUE, "384*12")),
        GatewayCase.get("MSISDN with a line break", PATH + "?SessionID=fl-77&MSISDN=9198%0A00&input=1")
            .refused(400, "field 'MSISDN' must be a phone number (digits, an optional leading +)"),
        GatewayCase.get("missing MSISDN", PATH + "?SessionID=fl-77&input=1")
            .refused(400, "missing field 'MSISDN'"),
        GatewayCase.get("missing SessionID", PATH + "?MSISDN=919800000001&input=1")
            .refused(400, "missing field 'SessionID'"),
        GatewayCase.get("missing input", PATH + "?SessionID=fl-77&MSISDN=919800000001")
            .refused(400, "missing field 'input'"),
        get("malformed percent-encoding", "1%zz").refused(400, "malformed percent-encoding in field 'input'"),
        get("percent-encoded bytes that are not UTF-8", "%C3").refused(400, "field 'input' is not valid UTF-8"),
        GatewayCase.get("no query at all", PATH).refused(400, "missing field 'SessionID'")));
    table.addAll(GuardCases.of("flares", (name, path) -> GatewayCase.get(name, path + QUERY + "384*12")
        .config(WITH_CODE).expect(200, "Menu").expectHeader("Freeflow", "FC")
        .sees(hop("*384*12#", BEGIN, "*384*12#"))));
    return harness.run("flares", table);
  }
}
