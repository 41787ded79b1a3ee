package org.kabambe.connectors.africastalking;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.core.buffer.Buffer;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.kabambe.connectors.sms.DeliveryReport;
import org.kabambe.connectors.sms.DeliveryReport.State;
import org.kabambe.connectors.sms.InboundSms;
import org.kabambe.connectors.sms.SmsHandler;
import org.kabambe.connectors.ussd.GatewayConfig;

/** The callbacks over real HTTP: what Africa's Talking posts, what the handler receives, what is answered. */
class AfricasTalkingSmsRoutesTest {
  private static final Instant NOW = Instant.parse("2025-03-01T08:00:00Z");
  private static final String TOKEN = "s3cret";

  private static Vertx vertx;
  private static HttpServer server;
  private static WebClient client;
  private static final RecordingHandler handler = new RecordingHandler();

  /** Records what it is given; fails when told to. */
  static final class RecordingHandler implements SmsHandler {
    final List<InboundSms> inbound = new CopyOnWriteArrayList<>();
    final List<DeliveryReport> receipts = new CopyOnWriteArrayList<>();
    volatile boolean failing;

    @Override
    public CompletionStage<Void> inbound(InboundSms message) {
      inbound.add(message);
      return outcome();
    }

    @Override
    public CompletionStage<Void> receipt(DeliveryReport report) {
      receipts.add(report);
      return outcome();
    }

    private CompletionStage<Void> outcome() {
      // Completed later on another thread, as a durable write would be.
      return failing ? CompletableFuture.failedFuture(new IllegalStateException("database down"))
          : CompletableFuture.runAsync(() -> { });
    }
  }

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    Router router = Router.router(vertx);
    new AfricasTalkingSmsRoutes("africastalking", GatewayConfig.withToken(TOKEN), handler,
        Clock.fixed(NOW, ZoneOffset.UTC)).mount(router);
    server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").toCompletionStage()
        .toCompletableFuture().get(5, TimeUnit.SECONDS);
    client = WebClient.create(vertx);
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  @BeforeEach
  void reset() {
    handler.inbound.clear();
    handler.receipts.clear();
    handler.failing = false;
  }

  private static HttpResponse<Buffer> post(String path, MultiMap form) throws Exception {
    return client.post(server.actualPort(), "127.0.0.1", path).sendForm(form).toCompletionStage()
        .toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  private static MultiMap inboundForm() {
    return MultiMap.caseInsensitiveMultiMap().add("from", "+254711000001").add("to", "22384")
        .add("text", "STOP please").add("date", "2025-03-01 08:00:00").add("id", "ATXid_in1").add("linkId", "L1");
  }

  @Test
  void anInboundMessageReachesTheHandlerAndIsAcknowledgedOnceRecorded() throws Exception {
    var response = post(AfricasTalkingSmsRoutes.INBOUND_PATH + "/" + TOKEN, inboundForm());
    assertEquals(200, response.statusCode());
    assertEquals(List.of(new InboundSms("africastalking", "+254711000001", "22384", "STOP please", "ATXid_in1", NOW)),
        handler.inbound);
  }

  @Test
  void theTokenMayComeInAHeader() throws Exception {
    var response = client.post(server.actualPort(), "127.0.0.1", AfricasTalkingSmsRoutes.INBOUND_PATH)
        .putHeader("X-Kabambe-Token", TOKEN).sendForm(inboundForm()).toCompletionStage().toCompletableFuture()
        .get(5, TimeUnit.SECONDS);
    assertEquals(200, response.statusCode());
  }

  @Test
  void aMissingFieldIsA400NamingIt() throws Exception {
    var response = post(AfricasTalkingSmsRoutes.INBOUND_PATH + "/" + TOKEN, inboundForm().remove("text"));
    assertEquals(400, response.statusCode());
    assertEquals("missing field 'text'", response.bodyAsString());
    var receipt = post(AfricasTalkingSmsRoutes.DELIVERY_PATH + "/" + TOKEN,
        MultiMap.caseInsensitiveMultiMap().add("id", "ATXid_1"));
    assertEquals(400, receipt.statusCode());
    assertEquals("missing field 'status'", receipt.bodyAsString());
    assertEquals(List.of(), handler.inbound);
    assertEquals(List.of(), handler.receipts);
  }

  /** Decoding is strict, as on the USSD routes: input arrives exactly as sent or is refused naming the field. */
  static Stream<Arguments> inboundBodies() {
    String valid = "from=%2B254711000001&to=22384&id=ATXid_in1&text=";
    return Stream.of(
        Arguments.of("UTF-8, plus-as-space and %00 arrive intact", bytes(valid + "Nj%C3%A9ri+%F0%9F%91%8D%00"), 200,
            "OK", "Nj\u00e9ri \uD83D\uDC4D\u0000"),
        Arguments.of("malformed percent-encoding", bytes(valid + "1%zz"), 400,
            "malformed percent-encoding in field 'text'", null),
        Arguments.of("truncated percent-encoding", bytes(valid + "1%2"), 400,
            "malformed percent-encoding in field 'text'", null),
        Arguments.of("percent-encoded bytes that are not UTF-8", bytes(valid + "%FF%FE"), 400,
            "field 'text' is not valid UTF-8", null),
        Arguments.of("raw body bytes that are not UTF-8", concat(bytes(valid + "caf"), new byte[] {(byte) 0xE9}), 400,
            "form body is not valid UTF-8", null),
        Arguments.of("malformed field name", bytes(valid + "hi&%zz=1"), 400,
            "malformed percent-encoding in field '%zz'", null),
        Arguments.of("body over the 16 KiB cap", bytes(valid + "a".repeat(AfricasTalkingSmsRoutes.BODY_LIMIT)), 413,
            "body larger than 16384 bytes", null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("inboundBodies")
  void inboundFormsAreDecodedStrictly(String name, byte[] body, int status, String answer, String text)
      throws Exception {
    var response = client.post(server.actualPort(), "127.0.0.1", AfricasTalkingSmsRoutes.INBOUND_PATH + "/" + TOKEN)
        .putHeader("Content-Type", "application/x-www-form-urlencoded").sendBuffer(Buffer.buffer(body))
        .toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    assertEquals(status, response.statusCode(), name);
    assertEquals(answer, response.bodyAsString(), name);
    assertEquals(text == null ? List.of() : List.of(text), handler.inbound.stream().map(InboundSms::text).toList());
  }

  private static byte[] bytes(String ascii) {
    return ascii.getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] both = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, both, a.length, b.length);
    return both;
  }

  /** Admission is the USSD routes' own (CallerGuard): each row a config, how the callback comes, what it gets. */
  static Stream<Arguments> admissions() {
    GatewayConfig tokened = GatewayConfig.withToken(TOKEN);
    String inbound = AfricasTalkingSmsRoutes.INBOUND_PATH;
    return Stream.of(
        Arguments.of("disabled", tokened.disabled(), inbound + "/" + TOKEN, null, FORM, 404, "not found"),
        Arguments.of("open (no token, no allowlist)", GatewayConfig.open(), inbound, null, FORM, 200, "OK"),
        Arguments.of("path token on a config without one", GatewayConfig.open(), inbound + "/" + TOKEN, null, FORM,
            404, "unknown gateway path"),
        Arguments.of("wrong token in the header", tokened, inbound, "guess", FORM, 403, "forbidden"),
        Arguments.of("caller 127.0.0.1 outside the allowlist", tokened.allow("10.0.0.0/8"), inbound + "/" + TOKEN,
            null, FORM, 403, "forbidden"),
        Arguments.of("caller inside an allowlisted block", tokened.allow("127.0.0.0/8"), inbound, TOKEN, FORM, 200,
            "OK"),
        Arguments.of("content type with charset and other case", tokened, inbound + "/" + TOKEN, null,
            "Application/X-WWW-Form-URLEncoded; charset=UTF-8", 200, "OK"),
        Arguments.of("no content type", tokened, inbound + "/" + TOKEN, null, null, 415,
            "content type must be " + FORM));
  }

  private static final String FORM = "application/x-www-form-urlencoded";

  @ParameterizedTest(name = "{0}")
  @MethodSource("admissions")
  void admissionFollowsTheGatewayConfig(String name, GatewayConfig config, String path, String headerToken,
      String contentType, int status, String answer) throws Exception {
    Router router = Router.router(vertx);
    new AfricasTalkingSmsRoutes("africastalking", config, handler, Clock.fixed(NOW, ZoneOffset.UTC)).mount(router);
    HttpServer own = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").toCompletionStage()
        .toCompletableFuture().get(5, TimeUnit.SECONDS);
    try {
      var request = client.post(own.actualPort(), "127.0.0.1", path);
      if (headerToken != null) {
        request.putHeader("X-Kabambe-Token", headerToken);
      }
      if (contentType != null) {
        request.putHeader("Content-Type", contentType);
      }
      var response = request.sendBuffer(Buffer.buffer("from=%2B254711000001&to=22384&text=hi"))
          .toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
      assertEquals(status, response.statusCode(), name);
      assertEquals(answer, response.bodyAsString(), name);
      assertEquals(status == 200 ? 1 : 0, handler.inbound.size(), name);
    } finally {
      own.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void withoutTheTokenACallbackIsForbidden() throws Exception {
    assertEquals(403, post(AfricasTalkingSmsRoutes.INBOUND_PATH, inboundForm()).statusCode());
    assertEquals(403, post(AfricasTalkingSmsRoutes.INBOUND_PATH + "/guess", inboundForm()).statusCode());
    assertEquals(List.of(), handler.inbound);
  }

  @Test
  void deliveryStatusesBecomeReceipts() throws Exception {
    String path = AfricasTalkingSmsRoutes.DELIVERY_PATH + "/" + TOKEN;
    post(path, MultiMap.caseInsensitiveMultiMap().add("id", "ATXid_1").add("status", "Success")
        .add("phoneNumber", "+254711000001").add("networkCode", "63902"));
    post(path, MultiMap.caseInsensitiveMultiMap().add("id", "ATXid_2").add("status", "Buffered"));
    post(path, MultiMap.caseInsensitiveMultiMap().add("id", "ATXid_3").add("status", "Failed")
        .add("failureReason", "AbsentSubscriber"));
    post(path, MultiMap.caseInsensitiveMultiMap().add("id", "ATXid_4").add("status", "Rejected")
        .add("failureReason", "UserInBlacklist"));
    assertEquals(List.of(
        new DeliveryReport("africastalking", "ATXid_1", State.DELIVERED, "", NOW),
        new DeliveryReport("africastalking", "ATXid_2", State.ENROUTE, "", NOW),
        new DeliveryReport("africastalking", "ATXid_3", State.UNDELIVERABLE, "AbsentSubscriber", NOW),
        new DeliveryReport("africastalking", "ATXid_4", State.REJECTED, "UserInBlacklist", NOW)), handler.receipts);
  }

  @Test
  void aCallbackTheEngineCouldNotRecordIsA500SoItIsSentAgain() throws Exception {
    handler.failing = true;
    assertEquals(500, post(AfricasTalkingSmsRoutes.INBOUND_PATH + "/" + TOKEN, inboundForm()).statusCode());
  }

  @Test
  void onlyFormPostsAreAccepted() throws Exception {
    String path = AfricasTalkingSmsRoutes.INBOUND_PATH + "/" + TOKEN;
    var get = client.get(server.actualPort(), "127.0.0.1", path).send().toCompletionStage().toCompletableFuture()
        .get(5, TimeUnit.SECONDS);
    assertEquals(405, get.statusCode());
    var json = client.post(server.actualPort(), "127.0.0.1", path).sendJsonObject(new io.vertx.core.json.JsonObject()
        .put("from", "+254711000001")).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    assertEquals(415, json.statusCode());
  }
}
