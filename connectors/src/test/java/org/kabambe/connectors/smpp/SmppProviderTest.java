package org.kabambe.connectors.smpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.kabambe.connectors.sms.DeliveryReport;
import org.kabambe.connectors.sms.InboundSms;
import org.kabambe.connectors.sms.OutboundSms;
import org.kabambe.connectors.sms.SubmitResult;

/** SmppProvider against the in-process SMSC over real SMPP sessions on loopback. */
class SmppProviderTest {
  static final Duration WAIT = Duration.ofSeconds(5);
  static final String FAST = "reconnect_min=50ms&reconnect_max=200ms&ack_timeout=1s&mo_timeout=300ms";

  SmscSimulator smsc;
  RecordingHandler engine = new RecordingHandler();
  final List<SmppProvider> providers = new ArrayList<>();

  @BeforeEach
  void startSmsc() throws Exception {
    smsc = SmscSimulator.start(SmscSimulator.Options.forTests("kabambe", "s3cr:t"));
  }

  @AfterEach
  void stop() {
    providers.forEach(SmppProvider::close);
    smsc.close();
  }

  SmppProvider bound(String query) throws Exception {
    String timeout = query.contains("timeout=") ? "" : "&timeout=1s";
    SmppProvider p = SmppProvider.start(smsc.url(FAST + timeout + (query.isEmpty() ? "" : "&" + query)), engine);
    providers.add(p);
    RecordingHandler.await(p::ready, WAIT, () -> "bind state " + p.metrics().bindState());
    return p;
  }

  static SubmitResult submit(SmppProvider p, String to, String text) throws Exception {
    return p.submit(new OutboundSms(1, to, "", text)).toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "Hello Amina, your clinic visit is on Monday.",
      "Extension chars cost two: € [ ] { } ^ ~ \\ | and a form feed \f done",
      "Amharic: ሰላም ጤና ይስጥልኝ",
      "Emoji 👍🏽 and Swahili: Habari za asubuhi",
      ""})
  void shortMessagesArriveIntactInOnePart(String text) throws Exception {
    SmppProvider p = bound("");
    SubmitResult result = submit(p, "+255700000001", text);

    SubmitResult.Accepted accepted = assertInstanceOf(SubmitResult.Accepted.class, result);
    ReceivedMessage got = smsc.awaitReceived(1, WAIT).get(0);
    assertEquals(text, got.text());
    assertEquals("255700000001", got.to());
    assertEquals(accepted.providerIds(), got.messageIds());
    assertEquals(org.kabambe.connectors.sms.SmsEncoding.isGsm7(text) ? 0x00 : 0x08, got.dataCoding());
  }

  @ParameterizedTest
  @EnumSource(ConcatMode.class)
  void longMessagesAreReassembledInEveryConcatMode(ConcatMode mode) throws Exception {
    SmppProvider p = bound("concat=" + mode.name().toLowerCase());
    String gsm = "Vaccines are safe. {Reminder} bring the card [€0]. ".repeat(9);
    String ucs2 = "ጤና ይስጥልኝ 👍🏽 ".repeat(20);

    SubmitResult.Accepted a = assertInstanceOf(SubmitResult.Accepted.class, submit(p, "+255700000001", gsm));
    SubmitResult.Accepted b = assertInstanceOf(SubmitResult.Accepted.class, submit(p, "+255700000002", ucs2));

    List<ReceivedMessage> got = smsc.awaitReceived(2, WAIT);
    assertEquals(gsm, got.get(0).text());
    assertEquals(ucs2, got.get(1).text());
    assertEquals(a.providerIds(), got.get(0).messageIds());
    assertEquals(b.providerIds(), got.get(1).messageIds());
    int expectedParts = mode == ConcatMode.PAYLOAD ? 1 : org.kabambe.connectors.sms.SmsEncoding.split(gsm,
        mode == ConcatMode.SAR ? org.kabambe.connectors.sms.SegmentLimits.CONCAT_16BIT_REF
            : org.kabambe.connectors.sms.SegmentLimits.CONCAT_8BIT_REF).size();
    assertEquals(expectedParts, a.providerIds().size());
    assertEquals(mode.name(), got.get(0).concat());
  }

  @Test
  void forcedUcs2SendsGsmTextAsUcs2InUcs2SizedParts() throws Exception {
    SmppProvider p = bound("encoding=ucs2");
    String text = "Plain GSM text with {braces} ".repeat(5); // 145 chars: 3 UCS-2 parts of at most 67
    SubmitResult.Accepted a = assertInstanceOf(SubmitResult.Accepted.class, submit(p, "+255700000001", text));
    ReceivedMessage got = smsc.awaitReceived(1, WAIT).get(0);
    assertEquals(text, got.text());
    assertEquals(0x08, got.dataCoding());
    assertEquals(3, a.providerIds().size());
  }

  @ParameterizedTest
  @EnumSource(SmscSimulator.ReceiptFormat.class)
  void receiptsReachTheEngineWithTheIdsGivenAtSubmit(SmscSimulator.ReceiptFormat format) throws Exception {
    smsc.receiptFormat(format).receiptState(DeliveryReport.State.UNDELIVERABLE);
    SmppProvider p = bound("");
    SubmitResult.Accepted a = assertInstanceOf(SubmitResult.Accepted.class,
        submit(p, "+255700000001", "Your results are ready"));

    DeliveryReport report = engine.awaitReceipts(1, WAIT).get(0);
    assertEquals(a.providerIds().get(0), report.providerId());
    assertEquals(DeliveryReport.State.UNDELIVERABLE, report.state());
    assertEquals("smpp:main", report.provider());
    RecordingHandler.await(() -> p.metrics().receipts() == 1, WAIT, () -> "receipts counted");
  }

  @Test
  void decimalReceiptIdsAreNormalisedToMatchHexSubmitIds() throws Exception {
    smsc.receiptFormat(SmscSimulator.ReceiptFormat.TEXT).decimalReceiptIds(true);
    SmppProvider p = bound("receipt_id=decimal&concat=udh");
    SubmitResult.Accepted a = assertInstanceOf(SubmitResult.Accepted.class,
        submit(p, "+255700000001", "x".repeat(200)));

    List<DeliveryReport> reports = engine.awaitReceipts(2, WAIT);
    assertEquals(a.providerIds().stream().sorted().toList(),
        reports.stream().map(DeliveryReport::providerId).sorted().toList());
    assertTrue(a.providerIds().get(0).matches("[0-9a-f]+"), a.providerIds().toString());
  }

  @Test
  void unreadableReceiptsAreCountedAndAcknowledged() throws Exception {
    SmppProvider p = bound("");
    smsc.sendRawReceipt("255700000001", "384", "this is not a receipt").get(5, TimeUnit.SECONDS);
    assertEquals(1, p.metrics().unknownReceipts());
    assertTrue(engine.receipts.isEmpty());
    assertTrue(p.ready());
  }

  @Test
  void plainMoReachesTheEngine() throws Exception {
    bound("");
    smsc.sendMo("255700000009", "384", "JOIN ሰላም").get(5, TimeUnit.SECONDS);
    InboundSms mo = engine.awaitInbound(1, WAIT).get(0);
    assertEquals("JOIN ሰላም", mo.text());
    assertEquals("255700000009", mo.from());
    assertEquals("384", mo.to());
    assertEquals("smpp:main", mo.provider());
  }

  @ParameterizedTest
  @EnumSource(value = SmscSimulator.MoConcat.class, names = {"UDH8", "UDH16", "SAR"})
  void concatenatedMoIsReassembled(SmscSimulator.MoConcat concat) throws Exception {
    SmppProvider p = bound("");
    String text = "My child had a fever after the second dose, {is this normal}? ".repeat(5);
    smsc.sendMo("255700000009", "384", text, concat, List.of()).get(5, TimeUnit.SECONDS);
    InboundSms mo = engine.awaitInbound(1, WAIT).get(0);
    assertEquals(text, mo.text());
    assertEquals(1, p.metrics().inbound());
    assertEquals(0, p.metrics().incompleteInbound());
  }

  @Test
  void aLostMoPartTimesOutAndTheRestIsDelivered() throws Exception {
    SmppProvider p = bound("");
    String text = "A".repeat(153) + "B".repeat(153) + "C".repeat(20);
    smsc.sendMo("255700000009", "384", text, SmscSimulator.MoConcat.UDH8, List.of(2)).get(5, TimeUnit.SECONDS);
    InboundSms mo = engine.awaitInbound(1, WAIT).get(0);
    assertEquals("A".repeat(153) + "C".repeat(20), mo.text());
    assertEquals(1, p.metrics().incompleteInbound());
  }

  @Test
  void aDeliverSmTheEngineCouldNotStoreIsDeliveredAgain() throws Exception {
    SmppProvider p = bound("");
    engine.failNext.set(1);
    smsc.sendMo("255700000009", "384", "STOP").get(10, TimeUnit.SECONDS);
    InboundSms mo = engine.awaitInbound(1, WAIT).get(0);
    assertEquals("STOP", mo.text());
    assertEquals(1, engine.inbound.size());
    assertTrue(smsc.deliverAttempts() >= 2, "deliver attempts " + smsc.deliverAttempts());
    assertEquals(1, p.metrics().deliverRefused());
  }

  @Test
  void rejectedBindsAreRetriedWithBackoffUntilAccepted() throws Exception {
    smsc.rejectBinds(3);
    SmppProvider p = bound("");
    assertEquals(3, smsc.bindsRejected());
    assertEquals(3, p.metrics().bindFailures());
    assertEquals(SmppMetrics.BindState.BOUND, p.metrics().bindState());
    assertInstanceOf(SubmitResult.Accepted.class, submit(p, "+255700000001", "after rebinding"));
  }

  @Test
  void submitsWhileNotBoundAreRetriedNotLost() throws Exception {
    smsc.rejectBinds(1_000);
    SmppProvider p = SmppProvider.start(smsc.url(FAST + "&timeout=1s"), engine);
    providers.add(p);
    SubmitResult.Retry r = assertInstanceOf(SubmitResult.Retry.class, submit(p, "+255700000001", "hello"));
    assertEquals(SmppStatus.ESME_RINVBNDSTS, r.status());
    assertEquals(1, p.metrics().submitsRetry());
  }

  @Test
  void aDroppedConnectionLeavesInFlightSubmitsUnknownOrRetryAndLaterSubmitsSucceed() throws Exception {
    SmppProvider p = bound("window=4");
    smsc.delayResponses(Duration.ofMillis(400));
    List<CompletableFuture<SubmitResult>> inFlight = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      inFlight.add(p.submit(new OutboundSms(i, "+25570000000" + i, "", "in flight " + i)).toCompletableFuture());
    }
    // Drop while all four wait at the SMSC (counted on arrival, answered 400 ms later).
    RecordingHandler.await(() -> smsc.submits() >= 4, WAIT, () -> smsc.submits() + " submits at the SMSC");
    smsc.dropConnections();
    for (CompletableFuture<SubmitResult> f : inFlight) {
      SubmitResult r = f.get(5, TimeUnit.SECONDS);
      assertTrue(r instanceof SubmitResult.Unknown || r instanceof SubmitResult.Retry, r.toString());
    }
    smsc.delayResponses(Duration.ZERO);
    RecordingHandler.await(p::ready, WAIT, () -> "rebind");
    assertInstanceOf(SubmitResult.Accepted.class, submit(p, "+255700000001", "after the drop"));
    assertTrue(p.metrics().disconnects() >= 1);
  }

  @Test
  void throttledSubmitsAreRetry() throws Exception {
    SmppProvider p = bound("");
    smsc.throttle(50);
    List<SubmitResult> results = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      results.add(submit(p, "+255700000001", "message " + i));
    }
    List<String> kinds = results.stream().map(r -> r.getClass().getSimpleName()).collect(Collectors.toList());
    assertEquals(List.of("Accepted", "Retry", "Accepted", "Retry"), kinds);
    assertEquals(SmppStatus.ESME_RTHROTTLED, ((SubmitResult.Retry) results.get(1)).status());
  }

  @Test
  void responsesSlowerThanTheTransactionTimerAreUnknown() throws Exception {
    SmppProvider p = bound("timeout=300ms");
    smsc.delayResponses(Duration.ofMillis(700));
    SubmitResult r = submit(p, "+255700000001", "slow");
    assertInstanceOf(SubmitResult.Unknown.class, r);
    assertEquals(1, p.metrics().submitsUnknown());
  }

  @Test
  void transmitterAndReceiverPairCarriesSubmitsReceiptsAndMo() throws Exception {
    SmppProvider p = bound("type=txrx");
    RecordingHandler.await(() -> smsc.boundSessions() == 2, WAIT, () -> "two binds");
    SubmitResult.Accepted a = assertInstanceOf(SubmitResult.Accepted.class, submit(p, "+255700000001", "hi"));
    assertEquals(a.providerIds().get(0), engine.awaitReceipts(1, WAIT).get(0).providerId());
    smsc.sendMo("255700000009", "384", "HELP").get(5, TimeUnit.SECONDS);
    assertEquals("HELP", engine.awaitInbound(1, WAIT).get(0).text());
  }

  @Test
  void closeUnbindsAndLaterSubmitsAreRetry() throws Exception {
    SmppProvider p = bound("");
    p.close();
    RecordingHandler.await(() -> smsc.boundSessions() == 0, WAIT, () -> "unbound");
    assertEquals(SmppMetrics.BindState.CLOSED, p.metrics().bindState());
    assertInstanceOf(SubmitResult.Retry.class, submit(p, "+255700000001", "too late"));
  }
}
