package org.kabambe.outbox;

import org.kabambe.testing.MutableClock;
import org.kabambe.testing.QueryPlans;
import org.kabambe.testing.Sql;
import org.kabambe.testing.TestDatabases;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kabambe.outbox.Outbox.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kabambe.connectors.sms.DeliveryReport;
import org.kabambe.connectors.sms.DeliveryReport.State;
import org.kabambe.connectors.sms.SubmitResult;
import org.kabambe.store.Database;
import org.kabambe.store.GroupCommitWriter;
import org.kabambe.store.HopWrite;
import org.kabambe.store.OutboxRow;
import org.kabambe.store.WriterMetrics;
import org.kabambe.connectors.retry.Backoff;

@Tag("database")
class OutboxSenderTest {
  private static final Instant T0 = Instant.parse("2025-03-01T08:00:00Z");
  private static final String LONG_TEXT = "Your next clinic visit is on Monday. ".repeat(6); // 222 septets: 2 parts

  @TempDir
  Path dir;

  private final MutableClock clock = new MutableClock(T0);
  private final FakeTicker ticker = new FakeTicker();
  private final RecordingMetrics metrics = new RecordingMetrics();
  private String location;
  private Database db;
  private OutboxHistory records;
  private OutboxSender sender;

  @AfterEach
  void closeAll() {
    if (sender != null) {
      sender.close();
    }
    if (db != null) {
      db.close();
    }
  }

  private void openDb() {
    if (location == null) location = TestDatabases.location(dir); // opened again after a "restart"
    db = Database.open(location);
    records = new OutboxHistory(db);
  }

  private OutboxSender start(ScriptedProvider provider, OutboxSettings settings, RecipientPolicy policy) {
    sender = OutboxSender.builder(db, ProviderRouter.single(provider)).settings(settings).recipientPolicy(policy)
        .metrics(metrics).clock(clock).ticker(ticker).random(new Random(7)).start();
    return sender;
  }

  private OutboxSender start(ScriptedProvider provider) {
    return start(provider, fastSettings(), RecipientPolicy.ALLOW_ALL);
  }

  private static OutboxSettings fastSettings() {
    return OutboxSettings.defaults().withPollInterval(Duration.ofMillis(20))
        .withBackoff(new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(4)));
  }

  private OutboxMessage message(long id) {
    return records.find(id).orElseThrow();
  }

  private void awaitStatus(long id, OutboxStatus status) {
    await("message " + id + " " + status, () -> message(id).status() == status);
  }

  private DeliveryReport receipt(String providerId, State state) {
    return new DeliveryReport("smsc", providerId, state, state == State.DELIVERED ? "000" : "001",
        clock.instant());
  }

  @Test
  void aHopsQueuedSmsIsSubmittedWithItsIdsAndDeliveredByItsReceipt() throws Exception {
    openDb();
    try (var writer = GroupCommitWriter.start(db, new GroupCommitWriter.Settings(16, 100), WriterMetrics.NONE)) {
      writer.submit(new HopWrite(Optional.empty(), List.of(), List.of(),
          List.of(new OutboxRow("+254700000001", "Thank you for joining.", T0)))).get(5, TimeUnit.SECONDS);
    }
    var provider = new ScriptedProvider("smsc", 50, ticker);
    start(provider);
    long id = records.ofPhone("+254700000001").get(0).id();
    awaitStatus(id, OutboxStatus.SUBMITTED);

    OutboxMessage submitted = message(id);
    assertEquals(1, submitted.attempts());
    assertEquals(Optional.of("smsc"), submitted.provider());
    assertEquals(Optional.of(T0), submitted.submittedAt());
    assertEquals(List.of(id + "-1"), submitted.parts().stream().map(OutboxMessage.Part::providerId).toList());
    assertEquals("Thank you for joining.", provider.submits().get(0).message().text());
    assertEquals("+254700000001", provider.submits().get(0).message().to());

    clock.advance(Duration.ofSeconds(9));
    sender.receipts().record(receipt(id + "-1", State.DELIVERED)).toCompletableFuture().get(5, TimeUnit.SECONDS);
    OutboxMessage delivered = message(id);
    assertEquals(OutboxStatus.DELIVERED, delivered.status());
    assertEquals(Optional.of(T0.plusSeconds(9)), delivered.deliveredAt());
    awaitMetrics(List.of("submitted:smsc", "delivered"));
  }

  @Test
  void aNumbersNextMessageWaitsForThePreviousResultSoTheyArriveInOrder() throws Exception {
    openDb();
    long first = Outbox.queue(db, "+254700000001", "Language: English", T0);
    long second = Outbox.queue(db, "+254700000001", "Vaccine survey: take part?", T0);
    long other = Outbox.queue(db, "+254700000002", "Hello", T0);
    var firstResult = new CompletableFuture<SubmitResult>();
    var provider = new ScriptedProvider("smsc", 1000, ticker).thenAnswerLater(firstResult);
    start(provider);
    awaitStatus(other, OutboxStatus.SUBMITTED); // other numbers are not held up
    assertEquals(OutboxStatus.QUEUED, message(second).status(), "waits while the first is in flight");
    assertEquals(List.of(first, other), provider.submits().stream().map(x -> x.message().id()).toList());
    firstResult.complete(new SubmitResult.Accepted(List.of(first + "-1")));
    awaitStatus(second, OutboxStatus.SUBMITTED);
    assertEquals(List.of(first, other, second), provider.submits().stream().map(x -> x.message().id()).toList());
  }

  @Test
  void submitsArePacedAtTheProvidersRate() {
    openDb();
    for (int i = 0; i < 100; i++) {
      Outbox.queue(db, "+25470000" + String.format("%04d", i), "Broadcast " + i, T0);
    }
    var provider = new ScriptedProvider("smsc", 50, ticker);
    start(provider);
    await("100 submits", () -> provider.submits().size() == 100);

    List<Long> at = provider.submits().stream().map(ScriptedProvider.Submit::atNanos).toList();
    double seconds = (at.get(99) - at.get(0)) / 1e9;
    assertEquals(1.98, seconds, 0.05, "100 submits at 50/s span 99 intervals of 20 ms");
    for (int i = 0; i + 50 < at.size(); i++) {
      assertTrue(at.get(i + 50) - at.get(i) >= 1_000_000_000L, "no second holds more than 50 submits");
    }
  }

  @Test
  void aThrottledMessageBacksOffAndIsSentWhenTheProviderAcceptsIt() {
    openDb();
    long id = Outbox.queue(db, "+254700000002", "Reminder", T0);
    var provider = new ScriptedProvider("smsc", 50, ticker)
        .thenAnswer(new SubmitResult.Retry(0x58, "throttled"), new SubmitResult.Retry(0x58, "throttled"));
    start(provider);

    await("first retry", () -> message(id).attempts() == 1 && message(id).status() == OutboxStatus.QUEUED);
    OutboxMessage backingOff = message(id);
    Duration delay = Duration.between(T0, backingOff.nextAttemptAt());
    assertTrue(delay.compareTo(Duration.ofMillis(500)) >= 0 && delay.compareTo(Duration.ofSeconds(1)) <= 0,
        "first backoff within [base/2, base]: " + delay);
    assertEquals(OptionalInt.of(0x58), backingOff.smppStatus());
    assertEquals(1, provider.submits().size(), "not resent before its time");

    clock.advance(Duration.ofSeconds(1));
    sender.wake();
    await("second retry", () -> message(id).attempts() == 2 && message(id).status() == OutboxStatus.QUEUED);
    clock.advance(Duration.ofSeconds(2));
    sender.wake();
    awaitStatus(id, OutboxStatus.SUBMITTED);
    assertEquals(3, message(id).attempts());
    assertEquals(3, provider.submits().size());
    awaitMetrics(List.of("retried:88", "retried:88", "submitted:smsc"));
  }

  @Test
  void aThrottledMessageBackingOffIsNotOvertakenByItsNumbersNextMessage() {
    openDb();
    long first = Outbox.queue(db, "+254700000020", "Your appointment is on Monday.", T0);
    long second = Outbox.queue(db, "+254700000020", "Reply 1 to confirm.", T0);
    var provider = new ScriptedProvider("smsc", 50, ticker).thenAnswer(new SubmitResult.Retry(0x58, "throttled"));
    start(provider);
    await("first backing off", () -> message(first).attempts() == 1 && message(first).status() == OutboxStatus.QUEUED);

    long other = Outbox.queue(db, "+254700000021", "Hello", T0);
    sender.wake();
    awaitStatus(other, OutboxStatus.SUBMITTED); // a poll after the retry: it passed the second row over
    assertEquals(OutboxStatus.QUEUED, message(second).status(), "waits for the earlier message of its number");
    assertEquals(List.of(first, other), provider.submits().stream().map(x -> x.message().id()).toList());

    clock.advance(Duration.ofSeconds(1)); // the first's backoff is over: both are due, the first goes first
    sender.wake();
    awaitStatus(second, OutboxStatus.SUBMITTED);
    assertEquals(List.of(first, other, first, second),
        provider.submits().stream().map(x -> x.message().id()).toList());
  }

  @Test
  void aMessageStillThrottledAfterTheAttemptLimitFails() {
    openDb();
    long id = Outbox.queue(db, "+254700000003", "Reminder", T0);
    var provider = new ScriptedProvider("smsc", 50, ticker)
        .thenAnswer(new SubmitResult.Retry(0x14, "queue full"), new SubmitResult.Retry(0x14, "queue full"));
    start(provider, fastSettings().withMaxAttempts(2), RecipientPolicy.ALLOW_ALL);
    await("first retry", () -> message(id).attempts() == 1 && message(id).status() == OutboxStatus.QUEUED);
    clock.advance(Duration.ofSeconds(1));
    sender.wake();
    awaitStatus(id, OutboxStatus.FAILED);
    assertEquals(Optional.of("gave up after 2 attempts: queue full"), message(id).error());
    await("metric failed:GAVE_UP", () -> metrics.count("failed:GAVE_UP") == 1);
  }

  @Test
  void aPermanentRejectionFailsWithTheProvidersStatusAndIsNotRetried() {
    openDb();
    long id = Outbox.queue(db, "+254700000004", "Hello", T0);
    var provider = new ScriptedProvider("smsc", 50, ticker)
        .thenAnswer(new SubmitResult.Rejected(0x0B, "invalid destination address"));
    start(provider);
    awaitStatus(id, OutboxStatus.FAILED);
    OutboxMessage failed = message(id);
    assertEquals(OptionalInt.of(0x0B), failed.smppStatus());
    assertEquals(Optional.of("invalid destination address"), failed.error());
    assertEquals(1, provider.submits().size());
    awaitMetrics(List.of("rejected:11", "failed:REJECTED"));
  }

  @Test
  void rowsACrashLeftSubmittingFailByTheCrashRuleAndAreNeverResubmitted() {
    openDb();
    long crashed = Outbox.leftSubmitting(db, "+254700000005", "Your results are ready", T0, "local");
    long otherNodes = Outbox.leftSubmitting(db, "+254700000006", "Claimed elsewhere", T0, "node-b");
    long queued = Outbox.queue(db, "+254700000007", "Still to send", T0);
    var provider = new ScriptedProvider("smsc", 50, ticker);
    start(provider);

    awaitStatus(queued, OutboxStatus.SUBMITTED);
    OutboxMessage failed = message(crashed);
    assertEquals(OutboxStatus.FAILED, failed.status());
    assertEquals(Optional.of(OutboxSender.OUTCOME_UNKNOWN), failed.error());
    assertEquals(OutboxStatus.SUBMITTING, message(otherNodes).status(), "another node's claim is its own to settle");
    assertEquals(List.of("Still to send"), provider.submits().stream().map(s -> s.message().text()).toList());
    await("metric failed:OUTCOME_UNKNOWN", () -> metrics.count("failed:OUTCOME_UNKNOWN") == 1);
  }

  @Test
  void aLostResponseFailsUnderAtMostOnceAndIsResentUnderAtLeastOnce() {
    openDb();
    long id = Outbox.queue(db, "+254700000008", "Hello", T0);
    var provider = new ScriptedProvider("smsc", 50, ticker)
        .thenAnswer(new SubmitResult.Unknown("response timed out"));
    start(provider);
    awaitStatus(id, OutboxStatus.FAILED);
    assertEquals(Optional.of(OutboxSender.OUTCOME_UNKNOWN), message(id).error());
    awaitMetrics(List.of("unknown", "failed:OUTCOME_UNKNOWN"));
    sender.close();

    long again = Outbox.queue(db, "+254700000009", "Hello", T0);
    var atLeastOnce = new ScriptedProvider("smsc", 50, ticker)
        .thenAnswer(new SubmitResult.Unknown("response timed out"));
    start(atLeastOnce, fastSettings().withUnknownOutcome(UnknownOutcomeRule.AT_LEAST_ONCE), RecipientPolicy.ALLOW_ALL);
    await("requeued", () -> message(again).status() == OutboxStatus.QUEUED && message(again).attempts() == 1);
    clock.advance(Duration.ofSeconds(1));
    sender.wake();
    awaitStatus(again, OutboxStatus.SUBMITTED);
    assertEquals(2, atLeastOnce.submits().size());
  }

  @Test
  void anAcceptedMessageIsNeverResubmittedAfterARestart() {
    openDb();
    long id = Outbox.queue(db, "+254700000010", "Once only", T0);
    var first = new ScriptedProvider("smsc", 50, ticker);
    start(first);
    awaitStatus(id, OutboxStatus.SUBMITTED);
    sender.close();
    sender = null;
    db.close();

    openDb();
    var second = new ScriptedProvider("smsc", 50, ticker);
    int samplesBefore = metrics.depthSamples;
    start(second);
    // The first depth sample follows the first poll (and the crash-rule pass before it).
    await("the restarted sender polled", () -> metrics.depthSamples > samplesBefore);
    assertEquals(List.of(), second.submits());
    assertEquals(OutboxStatus.SUBMITTED, message(id).status());
  }

  @Test
  void aMultiPartMessageIsDeliveredOnlyWhenEveryPartIsAndFailsWhenAnyPartFails() throws Exception {
    openDb();
    long delivered = Outbox.queue(db, "+254700000011", LONG_TEXT, T0);
    long failed = Outbox.queue(db, "+254700000012", LONG_TEXT, T0);
    start(new ScriptedProvider("smsc", 50, ticker));
    awaitStatus(delivered, OutboxStatus.SUBMITTED);
    awaitStatus(failed, OutboxStatus.SUBMITTED);
    assertEquals(2, message(delivered).parts().size());

    record(receipt(delivered + "-1", State.DELIVERED));
    assertEquals(OutboxStatus.SUBMITTED, message(delivered).status(), "one part of two is not the message");
    record(receipt(delivered + "-2", State.ENROUTE));
    assertEquals(OutboxStatus.SUBMITTED, message(delivered).status());
    record(receipt(delivered + "-2", State.DELIVERED));
    assertEquals(OutboxStatus.DELIVERED, message(delivered).status());

    record(receipt(failed + "-2", State.UNDELIVERABLE));
    OutboxMessage undelivered = message(failed);
    assertEquals(OutboxStatus.FAILED, undelivered.status());
    assertEquals(Optional.of("not delivered: undeliverable (error 001)"), undelivered.error());
    record(receipt(failed + "-1", State.DELIVERED));
    assertEquals(OutboxStatus.FAILED, message(failed).status(), "a failed message stays failed");
    await("metric delivered", () -> metrics.count("delivered") == 1);
    await("metric failed:UNDELIVERED", () -> metrics.count("failed:UNDELIVERED") == 1);
  }

  @Test
  void aReceiptForAnUnknownIdIsCountedAndAcknowledged() throws Exception {
    openDb();
    start(new ScriptedProvider("smsc", 50, ticker));
    record(receipt("no-such-id", State.DELIVERED));
    awaitMetrics(List.of("unmatched:smsc"));
  }

  @Test
  void aReceiptArrivingBeforeItsSubmitResultIsAppliedWhenTheResultIsRecorded() throws Exception {
    openDb();
    long id = Outbox.queue(db, "+254700000013", "Fast network", T0);
    var later = new CompletableFuture<SubmitResult>();
    var provider = new ScriptedProvider("smsc", 50, ticker).thenAnswerLater(later);
    start(provider);
    awaitStatus(id, OutboxStatus.SUBMITTING);
    record(receipt("early-1", State.DELIVERED));
    later.complete(new SubmitResult.Accepted(List.of("early-1")));
    awaitStatus(id, OutboxStatus.DELIVERED);
    await("counted", () -> metrics.calls.size() == 3);
    awaitMetrics(List.of("unmatched:smsc", "submitted:smsc", "delivered"));
  }

  @Test
  void receiptsKeptForAResultThatNeverCameAreDeletedAfterADay() throws Exception {
    openDb();
    start(new ScriptedProvider("smsc", 50, ticker));
    record(receipt("stray-1", State.DELIVERED));
    clock.advance(Duration.ofHours(23));
    record(receipt("stray-2", State.DELIVERED));
    assertEquals(2, Sql.count(db, "SELECT COUNT(*) FROM early_receipts"), "both younger than a day");

    clock.advance(Duration.ofHours(2)); // the sender looks hourly (by its clock) for receipts kept over a day
    sender.wake();
    awaitMetrics(List.of("unmatched:smsc", "unmatched:smsc", "purged:1"));
    assertEquals(List.of("stray-2"), strayIds());
  }

  private List<String> strayIds() throws Exception {
    try (var c = db.connection(); var s = c.createStatement();
         var rs = s.executeQuery("SELECT provider_id FROM early_receipts ORDER BY provider_id")) {
      var ids = new java.util.ArrayList<String>();
      while (rs.next()) {
        ids.add(rs.getString(1));
      }
      return ids;
    }
  }

  @Test
  void aMessagePastItsValidityExpiresUnsent() {
    openDb();
    long explicit = Outbox.queueExpiring(db, "+254700000014", "Clinic today", T0.minusSeconds(60), T0);
    long byDefault = Outbox.queue(db, "+254700000015", "Yesterday's news", T0.minus(Duration.ofHours(25)));
    long fresh = Outbox.queueExpiring(db, "+254700000016", "Still valid", T0, T0.plusSeconds(60));
    var provider = new ScriptedProvider("smsc", 50, ticker);
    start(provider);
    awaitStatus(fresh, OutboxStatus.SUBMITTED);
    awaitStatus(explicit, OutboxStatus.EXPIRED);
    awaitStatus(byDefault, OutboxStatus.EXPIRED);
    assertEquals(List.of("Still valid"), provider.submits().stream().map(s -> s.message().text()).toList());
    await("metric expired", () -> metrics.count("expired") == 2);
  }

  @Test
  void optedOutRecipientsAreSkippedAndNeverSent() {
    openDb();
    long stopped = Outbox.queue(db, "+254700000017", "Weekly tip", T0);
    long subscribed = Outbox.queue(db, "+254700000018", "Weekly tip", T0);
    var provider = new ScriptedProvider("smsc", 50, ticker);
    start(provider, fastSettings(), phone -> !phone.equals("+254700000017"));
    awaitStatus(subscribed, OutboxStatus.SUBMITTED);
    awaitStatus(stopped, OutboxStatus.FAILED);
    assertEquals(Optional.of("opted out"), message(stopped).error());
    assertEquals(0, message(stopped).attempts());
    assertEquals(List.of("+254700000018"), provider.submits().stream().map(s -> s.message().to()).toList());
    await("metric failed:OPTED_OUT", () -> metrics.count("failed:OPTED_OUT") == 1);
  }

  @Test
  void aProviderThatIsNotReadyHoldsItsMessagesWithoutSpendingAttempts() throws Exception {
    openDb();
    long id = Outbox.queue(db, "+254700000019", "Hello", T0);
    var provider = new ScriptedProvider("smsc", 50, ticker);
    provider.ready(false);
    start(provider);
    // Several polls while the only provider is down (each asks it about the due row): the row is left alone.
    await("three polls of the due row", () -> provider.readyChecks() >= 3);
    assertEquals(0, message(id).attempts());
    assertEquals(T0, message(id).nextAttemptAt(), "not deferred by the wall clock");
    provider.ready(true); // the clock stays frozen: the row goes as soon as the provider is back
    awaitStatus(id, OutboxStatus.SUBMITTED);
    assertEquals(1, message(id).attempts());
  }

  @Test
  void theSendersPollAndClaimReadIndexesNotTheWholeOutbox() throws Exception {
    openDb();
    try (var c = db.connection(); var insert = c.prepareStatement("INSERT INTO outbox (phone, text, status, created_at,"
        + " updated_at, next_attempt_at, attempts) VALUES (?, 'Hello', ?, ?, ?, ?, ?)")) {
      var at = OutboxStore.timestamp(T0);
      for (int i = 0; i < 3_000; i++) { // mostly history; a few queued, some of them backing off
        boolean queued = i % 40 == 0;
        insert.setString(1, String.format("+2547%08d", i % 700));
        insert.setString(2, queued ? "queued" : "delivered");
        insert.setObject(3, at);
        insert.setObject(4, at);
        insert.setObject(5, at);
        insert.setInt(6, queued && i % 80 == 0 ? 1 : 0);
        insert.addBatch();
      }
      insert.executeBatch();
      QueryPlans.analyze(c, "outbox");
      String plan = QueryPlans.plan(c, OutboxStore.DUE, OutboxStore.timestamp(T0.plusSeconds(60)), 50);
      assertTrue(QueryPlans.readsIndex(plan, "outbox_due_order") && !QueryPlans.scansATable(plan), plan);
      try (var s = c.createStatement()) { // a broadcast's worth queued at once, a tenth of it backing off
        s.executeUpdate("UPDATE outbox SET status = 'queued', attempts = CASE WHEN MOD(id, 10) = 0 THEN 1 ELSE 0 END");
      }
      QueryPlans.analyze(c, "outbox");
      plan = QueryPlans.plan(c, OutboxStore.DUE, OutboxStore.timestamp(T0.plusSeconds(60)), 50);
      assertTrue(QueryPlans.readsIndex(plan, "outbox_due_order") && QueryPlans.readsIndex(plan, "outbox_phone")
          && !QueryPlans.scansATable(plan), "a seek by number for each row it takes: " + plan);
      String claim = QueryPlans.plan(c, OutboxTransitions.CLAIM, "smsc", "node", OutboxStore.timestamp(T0), 41L);
      assertTrue(!QueryPlans.scansATable(claim) && (QueryPlans.readsIndex(claim, "outbox_pkey")
          || QueryPlans.readsIndex(claim, "primary_key")), "the claim finds its row by id: " + claim);
    }
  }

  private void record(DeliveryReport report) throws Exception {
    sender.receipts().record(report).toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  /** Metrics are recorded after the row's commit: wait for them rather than racing the sender's thread. */
  private void awaitMetrics(List<String> expected) {
    await("metrics " + expected, () -> metrics.calls.equals(expected));
    assertEquals(expected, metrics.calls);
  }
}
