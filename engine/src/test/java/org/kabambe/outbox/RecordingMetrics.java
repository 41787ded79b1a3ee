package org.kabambe.outbox;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Metrics that remember every call as a short string, e.g. {@code failed:OPTED_OUT}. */
final class RecordingMetrics implements OutboxMetrics {
  final List<String> calls = new CopyOnWriteArrayList<>();
  volatile int depthSamples;

  @Override
  public void submitted(String provider) {
    calls.add("submitted:" + provider);
  }

  @Override
  public void retried(String provider, int status) {
    calls.add("retried:" + status);
  }

  @Override
  public void rejected(String provider, int status) {
    calls.add("rejected:" + status);
  }

  @Override
  public void unknown(String provider) {
    calls.add("unknown");
  }

  @Override
  public void delivered() {
    calls.add("delivered");
  }

  @Override
  public void failed(FailureCause cause) {
    calls.add("failed:" + cause);
  }

  @Override
  public void expired() {
    calls.add("expired");
  }

  @Override
  public void queueDepth(long queued) {
    depthSamples++;
  }

  @Override
  public void receiptUnmatched(String provider) {
    calls.add("unmatched:" + provider);
  }

  @Override
  public void earlyReceiptsPurged(int count) {
    calls.add("purged:" + count);
  }

  long count(String call) {
    return calls.stream().filter(call::equals).count();
  }
}
