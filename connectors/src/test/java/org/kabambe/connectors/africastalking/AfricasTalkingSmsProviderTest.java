package org.kabambe.connectors.africastalking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.kabambe.connectors.sms.OutboundSms;
import org.kabambe.connectors.sms.SubmitResult;
import org.kabambe.connectors.sms.SubmitResult.Accepted;
import org.kabambe.connectors.sms.SubmitResult.Rejected;
import org.kabambe.connectors.sms.SubmitResult.Retry;
import org.kabambe.connectors.sms.SubmitResult.Unknown;

class AfricasTalkingSmsProviderTest {
  private static Vertx vertx;
  private static FakeAfricasTalking at;
  private AfricasTalkingSmsProvider provider;

  @BeforeAll
  static void startServer() throws Exception {
    vertx = Vertx.vertx();
    at = new FakeAfricasTalking(vertx);
  }

  @AfterAll
  static void stopServer() throws Exception {
    at.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  @BeforeEach
  void newProvider() {
    provider = new AfricasTalkingSmsProvider(vertx, settings(at.base()));
  }

  private static AfricasTalkingSmsSettings settings(URI base) {
    return AfricasTalkingSmsSettings.production("kabambe-test", "secret-key").withBaseUrl(base)
        .withRequestTimeout(Duration.ofMillis(300));
  }

  private SubmitResult send(OutboundSms message) throws Exception {
    return provider.submit(message).toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  @Test
  void sendsTheFormWithItsKeyAndRecordsTheMessageId() throws Exception {
    at.answer(201, FakeAfricasTalking.recipient(101, "Success", "ATXid_1"));
    int before = at.requests().size();
    SubmitResult result = send(new OutboundSms(7, "+254711000001", "KABAMBE", "Chanjo ni salama & bure"));
    assertEquals(new Accepted(List.of("ATXid_1")), result);
    var request = at.requests().get(before);
    assertEquals("secret-key", request.headers().get("apiKey"));
    assertEquals("application/json", request.headers().get("Accept"));
    assertEquals("kabambe-test", request.form().get("username"));
    assertEquals("+254711000001", request.form().get("to"));
    assertEquals("Chanjo ni salama & bure", request.form().get("message"));
    assertEquals("KABAMBE", request.form().get("from"));
  }

  @Test
  void leavesFromOutWhenNeitherTheMessageNorTheSettingsNameASender() throws Exception {
    at.answer(201, FakeAfricasTalking.recipient(102, "Queued", "ATXid_2"));
    int before = at.requests().size();
    send(new OutboundSms(8, "+254711000001", "", "Hello"));
    assertTrue(at.requests().get(before).form().get("from") == null);
  }

  static Stream<Arguments> answers() {
    return Stream.of(
        Arguments.of(201, FakeAfricasTalking.recipient(100, "Processed", "ATXid_3"), new Accepted(List.of("ATXid_3"))),
        Arguments.of(201, FakeAfricasTalking.recipient(102, "Queued", "ATXid_4"), new Accepted(List.of("ATXid_4"))),
        Arguments.of(201, FakeAfricasTalking.recipient(403, "InvalidPhoneNumber", "None"),
            new Rejected(403, "InvalidPhoneNumber")),
        Arguments.of(201, FakeAfricasTalking.recipient(406, "UserInBlacklist", "None"),
            new Rejected(406, "UserInBlacklist")),
        Arguments.of(201, FakeAfricasTalking.recipient(409, "DoNotDisturbRejection", "None"),
            new Rejected(409, "DoNotDisturbRejection")),
        Arguments.of(201, FakeAfricasTalking.recipient(502, "RejectedByGateway", "None"),
            new Rejected(502, "RejectedByGateway")),
        Arguments.of(201, FakeAfricasTalking.recipient(405, "InsufficientBalance", "None"),
            new Retry(405, "InsufficientBalance")),
        Arguments.of(201, FakeAfricasTalking.recipient(500, "InternalServerError", "None"),
            new Retry(500, "InternalServerError")),
        Arguments.of(201, FakeAfricasTalking.recipient(501, "GatewayError", "None"), new Retry(501, "GatewayError")),
        Arguments.of(201, "{\"SMSMessageData\":{\"Message\":\"InvalidSenderId\",\"Recipients\":[]}}",
            new Rejected(0, "not sent: InvalidSenderId")),
        Arguments.of(401, "The supplied authentication is invalid", new Retry(401,
            "HTTP 401: The supplied authentication is invalid")),
        Arguments.of(400, "Invalid phone number", new Rejected(400, "HTTP 400: Invalid phone number")),
        Arguments.of(500, "oops", new Unknown("HTTP 500 from Africa's Talking")),
        Arguments.of(201, "<html>proxy</html>", new Unknown("unreadable answer: <html>proxy</html>")));
  }

  @ParameterizedTest
  @MethodSource("answers")
  void mapsEachAnswerByWhetherTheMessageWasOrMayHaveBeenSent(int status, String body, SubmitResult expected)
      throws Exception {
    at.answer(status, body);
    assertEquals(expected, send(new OutboundSms(9, "+254711000001", "", "Hello")));
  }

  @Test
  void noAnswerInTimeIsUnknownBecauseTheMessageMayHaveBeenSent() throws Exception {
    at.hang();
    assertInstanceOf(Unknown.class, send(new OutboundSms(10, "+254711000001", "", "Hello")));
  }

  @Test
  void aRefusedConnectionIsRetriedBecauseNothingWasSent() throws Exception {
    int closedPort;
    try (var socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    provider = new AfricasTalkingSmsProvider(vertx, settings(URI.create("http://127.0.0.1:" + closedPort)));
    assertInstanceOf(Retry.class, send(new OutboundSms(11, "+254711000001", "", "Hello")));
  }

  @Test
  void aClosedProviderIsNotReady() {
    assertTrue(provider.ready());
    provider.close();
    assertTrue(!provider.ready());
  }
}
