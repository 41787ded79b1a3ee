package org.kabambe.connectors.smpp;

import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.kabambe.connectors.sms.SubmitResult;

/**
 * Counters of one SMPP bind for the engine to export (it maps them to Micrometer gauges/counters). All counts
 * are totals since the provider started; reads are cheap and thread-safe.
 */
public final class SmppMetrics {
  /** Where the bind is: binding (or waiting to rebind), bound, or closed for good. */
  public enum BindState { BINDING, BOUND, CLOSED }

  private final Supplier<BindState> bindState;
  private final LongAdder accepted = new LongAdder();
  private final LongAdder retry = new LongAdder();
  private final LongAdder rejected = new LongAdder();
  private final LongAdder unknown = new LongAdder();
  private final LongAdder partsSubmitted = new LongAdder();
  private final LongAdder receipts = new LongAdder();
  private final LongAdder unknownReceipts = new LongAdder();
  private final LongAdder inbound = new LongAdder();
  private final LongAdder incompleteInbound = new LongAdder();
  private final LongAdder deliverRefused = new LongAdder();
  private final LongAdder binds = new LongAdder();
  private final LongAdder bindFailures = new LongAdder();
  private final LongAdder disconnects = new LongAdder();
  private final LongAdder ussdHops = new LongAdder();
  private final LongAdder ussdReplies = new LongAdder();
  private final LongAdder ussdReplyFailures = new LongAdder();
  private final LongAdder ussdIgnored = new LongAdder();

  SmppMetrics(Supplier<BindState> bindState) {
    this.bindState = bindState;
  }

  public BindState bindState() {
    return bindState.get();
  }

  /** Messages the SMSC accepted (every part). */
  public long submitsAccepted() {
    return accepted.sum();
  }

  /** Messages to retry later (throttled, queue full, not bound). */
  public long submitsRetry() {
    return retry.sum();
  }

  /** Messages the SMSC refused for good. */
  public long submitsRejected() {
    return rejected.sum();
  }

  /** Messages whose fate is unknown (response timed out or the link dropped after sending). */
  public long submitsUnknown() {
    return unknown.sum();
  }

  /** submit_sm PDUs answered with an id (one per part). */
  public long partsSubmitted() {
    return partsSubmitted.sum();
  }

  /** Delivery receipts handed to the engine. */
  public long receipts() {
    return receipts.sum();
  }

  /** Receipts that could not be read (no message id): acknowledged and dropped. */
  public long unknownReceipts() {
    return unknownReceipts.sum();
  }

  /** MO messages handed to the engine (a concatenated one counts once). */
  public long inbound() {
    return inbound.sum();
  }

  /** Concatenated MO messages delivered incomplete because parts never arrived. */
  public long incompleteInbound() {
    return incompleteInbound.sum();
  }

  /** deliver_sm refused because the engine failed or was too slow to make it durable (the SMSC redelivers). */
  public long deliverRefused() {
    return deliverRefused.sum();
  }

  /** Successful binds, the first one included (reconnects = binds - 1 per session). */
  public long binds() {
    return binds.sum();
  }

  /** Bind attempts that failed (connection refused, bind rejected, timeout). */
  public long bindFailures() {
    return bindFailures.sum();
  }

  /** Bound sessions that were lost (closed by the SMSC or the network) and will be rebound. */
  public long disconnects() {
    return disconnects.sum();
  }

  /** USSD deliver_sm handed to the engine as hops. */
  public long ussdHops() {
    return ussdHops.sum();
  }

  /** USSD screens the SMSC accepted. */
  public long ussdReplies() {
    return ussdReplies.sum();
  }

  /** USSD screens that could not be sent (not bound, refused, timed out): that session is lost. */
  public long ussdReplyFailures() {
    return ussdReplyFailures.sum();
  }

  /** USSD deliver_sm whose operation the bind's profile does not map (acknowledged, dropped). */
  public long ussdIgnored() {
    return ussdIgnored.sum();
  }

  void ussdHop() {
    ussdHops.increment();
  }

  void ussdReplied() {
    ussdReplies.increment();
  }

  void ussdReplyFailed() {
    ussdReplyFailures.increment();
  }

  void ignoredUssd() {
    ussdIgnored.increment();
  }

  void submitted(SubmitResult result) {
    if (result instanceof SubmitResult.Accepted) {
      accepted.increment();
    } else if (result instanceof SubmitResult.Retry) {
      retry.increment();
    } else if (result instanceof SubmitResult.Rejected) {
      rejected.increment();
    } else {
      unknown.increment();
    }
  }

  void partSubmitted() {
    partsSubmitted.increment();
  }

  void receipt() {
    receipts.increment();
  }

  void unknownReceipt() {
    unknownReceipts.increment();
  }

  void inbound(boolean complete) {
    inbound.increment();
    if (!complete) {
      incompleteInbound.increment();
    }
  }

  void refusedDeliverSm() {
    deliverRefused.increment();
  }

  void bound() {
    binds.increment();
  }

  void bindFailed() {
    bindFailures.increment();
  }

  void disconnected() {
    disconnects.increment();
  }
}
