package org.kabambe.connectors.smpp;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.kabambe.connectors.sms.DeliveryReport;
import org.kabambe.connectors.sms.InboundSms;
import org.kabambe.connectors.sms.SmsHandler;

/** An engine stand-in: stores what arrives, and can fail the next calls to test redelivery. */
final class RecordingHandler implements SmsHandler {
  final List<InboundSms> inbound = new CopyOnWriteArrayList<>();
  final List<DeliveryReport> receipts = new CopyOnWriteArrayList<>();
  final AtomicInteger failNext = new AtomicInteger();
  final AtomicInteger calls = new AtomicInteger();

  @Override
  public CompletionStage<Void> inbound(InboundSms message) {
    return store(() -> inbound.add(message));
  }

  @Override
  public CompletionStage<Void> receipt(DeliveryReport report) {
    return store(() -> receipts.add(report));
  }

  private CompletionStage<Void> store(Supplier<Boolean> add) {
    calls.incrementAndGet();
    if (failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      return CompletableFuture.failedFuture(new IllegalStateException("database unavailable"));
    }
    // Complete on another thread, as the engine's group-commit writer would.
    return CompletableFuture.runAsync(add::get);
  }

  List<InboundSms> awaitInbound(int count, Duration timeout) throws TimeoutException {
    await(() -> inbound.size() >= count, timeout, () -> "inbound " + inbound);
    return List.copyOf(inbound);
  }

  List<DeliveryReport> awaitReceipts(int count, Duration timeout) throws TimeoutException {
    await(() -> receipts.size() >= count, timeout, () -> "receipts " + receipts);
    return List.copyOf(receipts);
  }

  static void await(Supplier<Boolean> condition, Duration timeout, Supplier<String> state) throws TimeoutException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.get()) {
      if (System.nanoTime() > deadline) {
        throw new TimeoutException("condition not met within " + timeout + ": " + state.get());
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new TimeoutException("interrupted");
      }
    }
  }
}
