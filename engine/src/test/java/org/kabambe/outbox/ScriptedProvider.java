package org.kabambe.outbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.kabambe.connectors.sms.OutboundSms;
import org.kabambe.connectors.sms.SmsEncoding;
import org.kabambe.connectors.sms.SmsProvider;
import org.kabambe.connectors.sms.SubmitResult;

/**
 * A provider at the edge of the sender: records every submit (with the ticker time it arrived), and answers from a
 * script of results, then by accepting with one id per part ({@code <row id>-<part>}).
 */
final class ScriptedProvider implements SmsProvider {
  record Submit(OutboundSms message, long atNanos) {}

  private final String name;
  private final int tps;
  private final Ticker ticker;
  private final Queue<Function<OutboundSms, CompletionStage<SubmitResult>>> script = new ConcurrentLinkedQueue<>();
  private final List<Submit> submits = new CopyOnWriteArrayList<>();
  private volatile boolean ready = true;
  private final java.util.concurrent.atomic.AtomicLong readyChecks = new java.util.concurrent.atomic.AtomicLong();

  ScriptedProvider(String name, int tps, Ticker ticker) {
    this.name = name;
    this.tps = tps;
    this.ticker = ticker;
  }

  /** The next submits answer these, in order. */
  ScriptedProvider thenAnswer(SubmitResult... results) {
    for (SubmitResult result : results) {
      script.add(m -> CompletableFuture.completedFuture(result));
    }
    return this;
  }

  /** The next submit answers with whatever the test completes {@code later} with. */
  ScriptedProvider thenAnswerLater(CompletableFuture<SubmitResult> later) {
    script.add(m -> later);
    return this;
  }

  static SubmitResult.Accepted acceptAll(OutboundSms m) {
    int parts = SmsEncoding.split(m.text()).size();
    return new SubmitResult.Accepted(IntStream.rangeClosed(1, parts).mapToObj(p -> m.id() + "-" + p).toList());
  }

  void ready(boolean value) {
    ready = value;
  }

  /** How often the sender asked whether this provider is ready: once per due row per poll. */
  long readyChecks() {
    return readyChecks.get();
  }

  List<Submit> submits() {
    return new ArrayList<>(submits);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public int tps() {
    return tps;
  }

  @Override
  public boolean ready() {
    readyChecks.incrementAndGet();
    return ready;
  }

  @Override
  public CompletionStage<SubmitResult> submit(OutboundSms message) {
    submits.add(new Submit(message, ticker.nanoTime()));
    var next = script.poll();
    return next != null ? next.apply(message) : CompletableFuture.completedFuture(acceptAll(message));
  }

  @Override
  public void close() {}
}
