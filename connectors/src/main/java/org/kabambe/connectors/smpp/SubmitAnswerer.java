package org.kabambe.connectors.smpp;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.jsmpp.PDUStringException;
import org.jsmpp.bean.BroadcastSm;
import org.jsmpp.bean.CancelBroadcastSm;
import org.jsmpp.bean.CancelSm;
import org.jsmpp.bean.DataSm;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.bean.QueryBroadcastSm;
import org.jsmpp.bean.QuerySm;
import org.jsmpp.bean.ReplaceSm;
import org.jsmpp.bean.SubmitMulti;
import org.jsmpp.bean.SubmitSm;
import org.jsmpp.extra.ProcessRequestException;
import org.jsmpp.session.BroadcastSmResult;
import org.jsmpp.session.DataSmResult;
import org.jsmpp.session.QueryBroadcastSmResult;
import org.jsmpp.session.QuerySmResult;
import org.jsmpp.session.SMPPServerSession;
import org.jsmpp.session.ServerMessageReceiverListener;
import org.jsmpp.session.Session;
import org.jsmpp.session.SubmitMultiResult;
import org.jsmpp.session.SubmitSmResult;
import org.jsmpp.util.MessageId;

/**
 * Answers the simulator's submit_sm (on jSMPP's PDU threads): applies the {@link FaultPlan}, gives each accepted part
 * the next hex id, and hands it to the USSD side or to the SMS log (and its receipt). Other operations are refused.
 */
final class SubmitAnswerer implements ServerMessageReceiverListener {
  private final FaultPlan faults;
  private final SubmittedMessages messages;
  private final DeliveryReceipts receipts;
  private final UssdNetwork ussd;
  private final AtomicLong nextId = new AtomicLong(0xA1B2C300L);
  private final AtomicLong submits = new AtomicLong();

  SubmitAnswerer(FaultPlan faults, SubmittedMessages messages, DeliveryReceipts receipts, UssdNetwork ussd) {
    this.faults = faults;
    this.messages = messages;
    this.receipts = receipts;
    this.ussd = ussd;
  }

  /** submit_sm seen, throttled ones included. */
  long submits() {
    return submits.get();
  }

  @Override
  public SubmitSmResult onAcceptSubmitSm(SubmitSm submit, SMPPServerSession source) throws ProcessRequestException {
    long n = submits.incrementAndGet();
    Duration delay = faults.responseDelay();
    if (!delay.isZero()) {
      sleep(delay);
    }
    if (faults.throttles(n)) {
      throw new ProcessRequestException("throttled", SmppStatus.ESME_RTHROTTLED);
    }
    String id = Long.toHexString(nextId.getAndIncrement()).toUpperCase(Locale.ROOT);
    if (UssdNetwork.isScreen(submit)) {
      ussd.record(submit);
    } else {
      messages.record(submit, id);
      receipts.onAccepted(submit, id);
    }
    try {
      return new SubmitSmResult(new MessageId(id), new OptionalParameter[0]);
    } catch (PDUStringException e) {
      throw new ProcessRequestException("bad id", SmppStatus.ESME_RSYSERR, e);
    }
  }

  @Override
  public SubmitMultiResult onAcceptSubmitMulti(SubmitMulti submitMulti, SMPPServerSession source)
      throws ProcessRequestException {
    throw unsupported();
  }

  @Override
  public QuerySmResult onAcceptQuerySm(QuerySm querySm, SMPPServerSession source) throws ProcessRequestException {
    throw unsupported();
  }

  @Override
  public void onAcceptReplaceSm(ReplaceSm replaceSm, SMPPServerSession source) throws ProcessRequestException {
    throw unsupported();
  }

  @Override
  public void onAcceptCancelSm(CancelSm cancelSm, SMPPServerSession source) throws ProcessRequestException {
    throw unsupported();
  }

  @Override
  public BroadcastSmResult onAcceptBroadcastSm(BroadcastSm broadcastSm, SMPPServerSession source)
      throws ProcessRequestException {
    throw unsupported();
  }

  @Override
  public void onAcceptCancelBroadcastSm(CancelBroadcastSm cancelBroadcastSm, SMPPServerSession source)
      throws ProcessRequestException {
    throw unsupported();
  }

  @Override
  public QueryBroadcastSmResult onAcceptQueryBroadcastSm(QueryBroadcastSm queryBroadcastSm,
      SMPPServerSession source) throws ProcessRequestException {
    throw unsupported();
  }

  @Override
  public DataSmResult onAcceptDataSm(DataSm dataSm, Session source) throws ProcessRequestException {
    throw unsupported();
  }

  private static ProcessRequestException unsupported() {
    return new ProcessRequestException("not supported by the simulator", 0x03); // ESME_RINVCMDID
  }

  /** A slow SMSC holds the PDU thread, as a real one holds its window slot. */
  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
