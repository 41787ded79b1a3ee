package org.kabambe.connectors.smpp;

import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jsmpp.bean.AlertNotification;
import org.jsmpp.bean.DataSm;
import org.jsmpp.bean.DeliverSm;
import org.jsmpp.extra.ProcessRequestException;
import org.jsmpp.session.DataSmResult;
import org.jsmpp.session.MessageReceiverListener;
import org.jsmpp.session.Session;
import org.kabambe.connectors.sms.DeliveryReport;
import org.kabambe.connectors.sms.InboundSms;
import org.kabambe.connectors.sms.LoggedNumber;
import org.kabambe.connectors.sms.SmsHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns deliver_sm into receipts and MO for the engine, and acknowledges each only once the engine has made it
 * durable: jSMPP sends deliver_sm_resp when this listener returns, so it waits (bounded) on the handler's stage.
 * It runs on jSMPP's PDU processor threads, never on an event loop. A failure or timeout refuses the deliver_sm
 * with ESME_RX_T_APPN so the SMSC delivers it again.
 */
final class DeliverSmListener implements MessageReceiverListener {
  private static final Logger log = LoggerFactory.getLogger(DeliverSmListener.class);

  private final SmppBindConfig config;
  private final SmsHandler handler;
  private final ConcatenatedMoBuffer parts;
  private final SmppMetrics metrics;
  private final Clock clock;
  private volatile Optional<UssdOverSmpp> ussd = Optional.empty();

  DeliverSmListener(SmppBindConfig config, SmsHandler handler, ConcatenatedMoBuffer parts, SmppMetrics metrics,
      Clock clock) {
    this.config = config;
    this.handler = handler;
    this.parts = parts;
    this.metrics = metrics;
    this.clock = clock;
  }

  /** USSD deliver_sm go to {@code sessions} (binds with a USSD profile). */
  void ussd(UssdOverSmpp sessions) {
    this.ussd = Optional.of(sessions);
  }

  @Override
  public void onAcceptDeliverSm(DeliverSm pdu) throws ProcessRequestException {
    if (ussd.isPresent() && ussd.get().accept(pdu)) {
      return;
    }
    InboundPdu in = InboundPdu.of(pdu);
    if (in instanceof InboundPdu.Receipt r) {
      DeliveryReport report = new DeliveryReport(config.providerName(), config.receiptIds().fromReceipt(r.rawId()),
          r.state(), r.error(), clock.instant());
      awaitDurable(() -> handler.receipt(report), "receipt " + report.providerId());
      metrics.receipt();
    } else if (in instanceof InboundPdu.UnreadableReceipt u) {
      // Acknowledged anyway: refusing would make the SMSC redeliver a receipt we can never read, forever.
      metrics.unknownReceipt();
      log.warn("{}: dropped an unreadable delivery receipt ({})", config.providerName(), u.why());
    } else {
      mo((InboundPdu.MoPart) in);
    }
  }

  private void mo(InboundPdu.MoPart part) throws ProcessRequestException {
    if (part.concat().isEmpty()) {
      awaitDurable(() -> handler.inbound(inbound(part.from(), part.to(), part.text())), "MO");
      metrics.inbound(true);
      return;
    }
    // Earlier parts are acknowledged once buffered (an SMSC with a window of 1 waits for that before sending the
    // next part); the whole message is acknowledged, with its last part, only when the engine has it.
    Optional<ConcatenatedMoBuffer.Assembled> whole = parts.add(part, part.concat().get());
    if (whole.isPresent()) {
      ConcatenatedMoBuffer.Assembled message = whole.get();
      awaitDurable(() -> handler.inbound(inbound(message.from(), message.to(), message.text())), "MO");
      parts.remove(message);
      metrics.inbound(true);
    }
  }

  /** Delivers what arrived of messages whose missing parts timed out (called by the provider's scheduler). */
  void expireIncomplete() {
    for (ConcatenatedMoBuffer.Assembled partial : parts.expire()) {
      log.warn("{}: concatenated MO from {} incomplete after {}: parts {} never arrived; delivering the rest",
          config.providerName(), LoggedNumber.of(partial.from()), config.moPartTimeout(), partial.missing());
      metrics.inbound(false);
      try {
        handler.inbound(inbound(partial.from(), partial.to(), partial.text())).whenComplete((ok, error) -> {
          if (error != null) {
            log.error("{}: incomplete MO from {} could not be stored", config.providerName(),
                LoggedNumber.of(partial.from()), error);
          }
        });
      } catch (RuntimeException e) {
        log.error("{}: incomplete MO from {} could not be stored", config.providerName(),
            LoggedNumber.of(partial.from()), e);
      }
    }
  }

  private InboundSms inbound(String from, String to, String text) {
    return new InboundSms(config.providerName(), nonNull(from), nonNull(to), text, "", clock.instant());
  }

  private void awaitDurable(StageCall call, String what) throws ProcessRequestException {
    try {
      call.start().toCompletableFuture().get(config.ackTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      metrics.refusedDeliverSm();
      throw refuse(what + " not stored within " + config.ackTimeout(), e);
    } catch (ExecutionException | RuntimeException e) {
      metrics.refusedDeliverSm();
      throw refuse(what + " could not be stored", e instanceof ExecutionException ? e.getCause() : e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      metrics.refusedDeliverSm();
      throw refuse(what + " interrupted", e);
    }
  }

  private ProcessRequestException refuse(String why, Throwable cause) {
    log.warn("{}: refusing deliver_sm, the SMSC will redeliver: {}", config.providerName(), why);
    return new ProcessRequestException(why, SmppStatus.ESME_RX_T_APPN, cause);
  }

  @Override
  public void onAcceptAlertNotification(AlertNotification alertNotification) {
    // Alerts (a handset is reachable again) carry nothing the engine uses.
  }

  @Override
  public DataSmResult onAcceptDataSm(DataSm dataSm, Session source) throws ProcessRequestException {
    throw new ProcessRequestException("data_sm is not supported; send deliver_sm", 0x03);
  }

  private static String nonNull(String s) {
    return s == null ? "" : s;
  }

  @FunctionalInterface
  private interface StageCall {
    CompletionStage<Void> start();
  }
}
