package org.kabambe.connectors.smpp;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.jsmpp.bean.ESMClass;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.bean.RawDataCoding;
import org.jsmpp.bean.RegisteredDelivery;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.session.SMPPServerSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the simulator's deliver_sm (MO, USSD, receipts) to the bound receiver, and again after a delay until the
 * ESME acknowledges it, as SMSCs do.
 */
final class DeliverSmSender implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DeliverSmSender.class);

  /** One deliver_sm's fields; {@code receipt} marks a delivery receipt (counted apart when acknowledged). */
  record DeliverSm(String serviceType, String from, String to, byte esmClass, byte dataCoding, byte[] shortMessage,
      List<OptionalParameter> tlvs, boolean receipt) {
    static DeliverSm message(String from, String to, byte esmClass, byte dataCoding, byte[] shortMessage,
        List<OptionalParameter> tlvs) {
      return new DeliverSm("", from, to, esmClass, dataCoding, shortMessage, tlvs, false);
    }

    static DeliverSm receipt(String from, String to, byte[] text, List<OptionalParameter> tlvs) {
      return new DeliverSm("", from, to, ESM_RECEIPT, (byte) 0, text, tlvs, true);
    }
  }

  /** esm_class 0x04: the short message is an SMSC delivery receipt. */
  private static final byte ESM_RECEIPT = 0x04;

  private final Supplier<Optional<SMPPServerSession>> receiver;
  private final Duration redeliveryDelay;
  private final ScheduledExecutorService scheduler =
      Executors.newScheduledThreadPool(4, DaemonThreads.named("smsc-sim-deliver"));
  private final AtomicLong attempts = new AtomicLong();
  private final AtomicLong receiptsAcked = new AtomicLong();
  private volatile boolean closed;

  DeliverSmSender(Supplier<Optional<SMPPServerSession>> receiver, Duration redeliveryDelay) {
    this.receiver = receiver;
    this.redeliveryDelay = redeliveryDelay;
  }

  /** Delivers {@code d} as soon as possible; completes when the ESME acknowledged it (fails if the simulator closes). */
  CompletableFuture<Void> send(DeliverSm d) {
    return sendAfter(d, Duration.ZERO);
  }

  /** Delivers {@code d} after {@code delay}, then as {@link #send}. */
  CompletableFuture<Void> sendAfter(DeliverSm d, Duration delay) {
    CompletableFuture<Void> acked = new CompletableFuture<>();
    if (!later(() -> attempt(d, acked), delay)) {
      acked.completeExceptionally(new IllegalStateException("simulator closed"));
    }
    return acked;
  }

  /** deliver_sm sent, redeliveries included. */
  long attempts() {
    return attempts.get();
  }

  long receiptsAcked() {
    return receiptsAcked.get();
  }

  @Override
  public void close() {
    closed = true;
    scheduler.shutdownNow();
  }

  private void attempt(DeliverSm d, CompletableFuture<Void> acked) {
    if (closed) {
      acked.completeExceptionally(new IllegalStateException("simulator closed"));
      return;
    }
    Optional<SMPPServerSession> target = receiver.get();
    if (target.isPresent()) {
      attempts.incrementAndGet();
      try {
        target.get().deliverShortMessage(d.serviceType(), TypeOfNumber.UNKNOWN, NumberingPlanIndicator.ISDN, d.from(),
            TypeOfNumber.UNKNOWN, NumberingPlanIndicator.ISDN, d.to(), new ESMClass(d.esmClass()), (byte) 0,
            (byte) 0, new RegisteredDelivery(0), new RawDataCoding(d.dataCoding()), d.shortMessage(),
            d.tlvs().toArray(new OptionalParameter[0]));
        if (d.receipt()) {
          receiptsAcked.incrementAndGet();
        }
        acked.complete(null);
        return;
      } catch (Exception e) {
        // Includes jSMPP failing on a body-less error deliver_sm_resp, and response timeouts: deliver again.
        log.debug("deliver_sm not acknowledged ({}); delivering again", e.toString());
      }
    }
    if (!later(() -> attempt(d, acked), redeliveryDelay)) {
      acked.completeExceptionally(new IllegalStateException("simulator closed"));
    }
  }

  /** Schedules work unless the simulator is closing (then the work is dropped, as a stopped SMSC would). */
  private boolean later(Runnable work, Duration delay) {
    try {
      scheduler.schedule(work, delay.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (RejectedExecutionException e) {
      return false;
    }
  }
}
