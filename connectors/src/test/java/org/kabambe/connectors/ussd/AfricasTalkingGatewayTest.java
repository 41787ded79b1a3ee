package org.kabambe.connectors.ussd;

import static org.kabambe.connectors.ussd.UssdRequest.Kind.BEGIN;
import static org.kabambe.connectors.ussd.UssdRequest.Kind.CONTINUE;
import static org.kabambe.connectors.ussd.UssdRequest.Kind.END;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.kabambe.connectors.ussd.SessionEnd.Reason;
import org.kabambe.connectors.ussd.UssdRequest.Kind;

/** Africa's Talking over real HTTP: cumulative text, CON/END replies, the end-of-session notification. */
class AfricasTalkingGatewayTest {
  private static final String PATH = "/ussd/africastalking/" + GatewayCase.TOKEN;
  private static final String FORM = "application/x-www-form-urlencoded";
  private static final String HOP = "sessionId=ATUid_1&phoneNumber=%2B254711000001&networkCode=63902"
      + "&serviceCode=*384*12%23&text=";
  private static final String TEXT_PLAIN = "text/plain; charset=utf-8";
  private static GatewayHarness harness;

  @BeforeAll
  static void start() {
    harness = new GatewayHarness();
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  private static UssdRequest hop(Kind kind, String input, boolean cumulative) {
    return new UssdRequest("africastalking", "ATUid_1", "+254711000001", "*384*12#", "63902", kind, input,
        cumulative, 182, Optional.empty());
  }

  private static UssdRequest ended(String input, SessionEnd end) {
    return new UssdRequest("africastalking", "ATUid_1", "+254711000001", "*384*12#", "63902", END, input, false,
        182, Optional.of(end));
  }

  private static GatewayCase form(String name, String body) {
    return GatewayCase.post(name, PATH, FORM, body);
  }

  @TestFactory
  Stream<DynamicTest> table() {
    List<GatewayCase> table = new ArrayList<>(List.of(
        form("new session: empty text", HOP)
            .replies(UssdReply.continueWith("Welcome\n1. Join\n2. Learn"))
            .expect(200, "CON Welcome\n1. Join\n2. Learn").expectHeader("Content-Type", TEXT_PLAIN)
            .sees(hop(BEGIN, "", false)),
        form("continuation carries the whole text, cumulative", HOP + "1*2")
            .replies(UssdReply.continueWith("Your name?")).expect(200, "CON Your name?")
            .sees(hop(CONTINUE, "1*2", true)),
        form("dial with pre-filled input *384*12*1*2# arrives as text on the first hop", HOP + "1*2")
            .sees(hop(CONTINUE, "1*2", true)).expect(200, "CON Menu"),
        form("input containing * (raw and encoded) is passed whole", HOP + "1*a%2Ab*c")
            .sees(hop(CONTINUE, "1*a*b*c", true)).expect(200, "CON Menu"),
        form("the engine ends the session", HOP + "1*2*Amina")
            .replies(UssdReply.endWith("Thank you, Amina.")).expect(200, "END Thank you, Amina.")
            .sees(hop(CONTINUE, "1*2*Amina", true)),
        form("UTF-8, plus-as-space and %00 arrive intact", HOP + "1*Nj%C3%A9ri+%F0%9F%91%8D*%00")
            .sees(hop(CONTINUE, "1*Njéri 👍*\u0000", true)).expect(200, "CON Menu"),
        form("a 1000-character input", HOP + "x".repeat(1000))
            .sees(hop(CONTINUE, "x".repeat(1000), true)).expect(200, "CON Menu"),
        form("configured screen budget travels on the request", HOP)
            .config(GatewayConfig.withToken(GatewayCase.TOKEN).screenBudget(160))
            .sees(new UssdRequest("africastalking", "ATUid_1", "+254711000001", "*384*12#", "63902", BEGIN, "",
                false, 160, Optional.empty()))
            .expect(200, "CON Menu"),
        form("missing networkCode is tolerated", "sessionId=ATUid_1&phoneNumber=%2B254711000001"
            + "&serviceCode=*384*12%23&text=")
            .sees(new UssdRequest("africastalking", "ATUid_1", "+254711000001", "*384*12#", "", BEGIN, "", false,
                182, Optional.empty()))
            .expect(200, "CON Menu"),
        form("end-of-session notification (Incomplete) is acknowledged with 200",
            HOP.replace("&text=", "") + "&status=Incomplete&durationInMillis=35000&hopsCount=3&input=2"
                + "&lastAppResponse=CON+Your+name%3F&errorMessage=&date=2025-01-01+10%3A00%3A00")
            .replies(UssdReply.continueWith("ignored")).expect(200, "")
            .sees(ended("2", new SessionEnd(Reason.INCOMPLETE, "Incomplete", OptionalLong.of(35000),
                OptionalInt.of(3), ""))),
        form("end-of-session notification (Success)",
            HOP.replace("&text=", "") + "&status=Success&durationInMillis=12000&hopsCount=4&input=1")
            .expect(200, "")
            .sees(ended("1", new SessionEnd(Reason.COMPLETED, "Success", OptionalLong.of(12000),
                OptionalInt.of(4), ""))),
        form("end-of-session notification (Failed) keeps the error message",
            HOP.replace("&text=", "") + "&status=Failed&errorMessage=Network+timeout")
            .handlerFails().expect(200, "")
            .sees(ended("", new SessionEnd(Reason.FAILED, "Failed", OptionalLong.empty(), OptionalInt.empty(),
                "Network timeout"))),
        form("handler future fails: polite END screen", HOP + "1")
            .handlerFails().expect(200, "END " + UssdReply.BUSY_TEXT).sees(hop(CONTINUE, "1", true)),
        form("handler throws: polite END screen", HOP)
            .handlerThrows().expect(200, "END " + UssdReply.BUSY_TEXT).sees(hop(BEGIN, "", false)),
        form("phoneNumber with no digits", "sessionId=ATUid_1&phoneNumber=anonymous&serviceCode=*384*12%23&text=")
            .refused(400, "field 'phoneNumber' must be a phone number (digits, an optional leading +)"),
        form("phoneNumber too long to be real", "sessionId=ATUid_1&phoneNumber=%2B9999999999999999999999999999999999999999&serviceCode=*384*12%23&text=")
            .refused(400, "field 'phoneNumber' must be a phone number of 3 to 15 digits (it has 40)"),
        form("empty phoneNumber", "sessionId=ATUid_1&phoneNumber=&serviceCode=*384*12%23&text=")
            .refused(400, "field 'phoneNumber' must be a phone number of 3 to 15 digits (it has 0)"),
        form("missing phoneNumber", "sessionId=ATUid_1&serviceCode=*384*12%23&text=")
            .refused(400, "missing field 'phoneNumber'"),
        form("missing sessionId", "phoneNumber=%2B254711000001&serviceCode=*384*12%23&text=")
            .refused(400, "missing field 'sessionId'"),
        form("missing text", "sessionId=ATUid_1&phoneNumber=%2B254711000001&serviceCode=*384*12%23")
            .refused(400, "missing field 'text'"),
        form("malformed percent-encoding", HOP + "1%zz").refused(400, "malformed percent-encoding in field 'text'"),
        form("truncated percent-encoding", HOP + "1%2").refused(400, "malformed percent-encoding in field 'text'"),
        form("percent-encoded bytes that are not UTF-8", HOP + "%FF%FE")
            .refused(400, "field 'text' is not valid UTF-8"),
        form("raw body bytes that are not UTF-8", "").rawBody(new byte[] {'t', 'e', 'x', 't', '=', (byte) 0xC3})
            .refused(400, "form body is not valid UTF-8"),
        form("notification with a non-numeric duration",
            HOP.replace("&text=", "") + "&status=Success&durationInMillis=soon")
            .refused(400, "field 'durationInMillis' must be a whole number"),
        form("empty body", "").refused(400, "missing field 'sessionId'")));
    table.addAll(GuardCases.of("africastalking", (name, path) -> GatewayCase.post(name, path, FORM, HOP)
        .replies(UssdReply.continueWith("Hello")).expect(200, "CON Hello").sees(hop(BEGIN, "", false))));
    return harness.run("africastalking", table);
  }
}
