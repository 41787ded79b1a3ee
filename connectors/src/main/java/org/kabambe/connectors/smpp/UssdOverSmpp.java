package org.kabambe.connectors.smpp;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.jsmpp.InvalidResponseException;
import org.jsmpp.PDUException;
import org.jsmpp.bean.DeliverSm;
import org.jsmpp.bean.ESMClass;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.bean.RawDataCoding;
import org.jsmpp.bean.RegisteredDelivery;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.extra.NegativeResponseException;
import org.jsmpp.extra.ResponseTimeoutException;
import org.jsmpp.session.SMPPSession;
import org.kabambe.connectors.sms.Encoding;
import org.kabambe.connectors.sms.LoggedNumber;
import org.kabambe.connectors.sms.SmsEncoding;
import org.kabambe.connectors.ussd.SessionEnd;
import org.kabambe.connectors.ussd.UssdHandler;
import org.kabambe.connectors.ussd.UssdReply;
import org.kabambe.connectors.ussd.UssdRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * USSD sessions over one bind: turns USSD deliver_sm into {@link UssdRequest}s for the engine's {@link UssdHandler}
 * (as the bind's {@link UssdProfile} says) and submits each reply back on the bind, synchronously with the session
 * rather than through the SMS outbox (a USSD screen is worthless seconds later, and is never retried).
 *
 * <p>The deliver_sm is acknowledged as soon as the hop is handed over: the engine makes the hop durable before it
 * answers, and the answer is the reply submit_sm. Gateway session ids are {@code <msisdn>/<session number>/<n>}, n
 * counting BEGINs on this bind, because the one-octet session numbers of its_session_info recycle.
 */
final class UssdOverSmpp {
  private static final Logger log = LoggerFactory.getLogger(UssdOverSmpp.class);

  private final SmppBindConfig config;
  private final UssdHandler handler;
  private final Executor submits;
  private final Supplier<Optional<SMPPSession>> session;
  private final SmppMetrics metrics;
  private final Map<String, String> sessionIds = new ConcurrentHashMap<>();
  private final AtomicLong begins = new AtomicLong();

  UssdOverSmpp(SmppBindConfig config, UssdHandler handler, Executor submits,
               Supplier<Optional<SMPPSession>> session, SmppMetrics metrics) {
    this.config = config;
    this.handler = handler;
    this.submits = submits;
    this.session = session;
    this.metrics = metrics;
  }

  /** Handles {@code pdu} if it is a USSD PDU for this bind's profile; false when it is ordinary SMS. */
  boolean accept(DeliverSm pdu) {
    byte[] sm = pdu.getShortMessage() == null ? new byte[0] : pdu.getShortMessage();
    String text = UserDataText.decode(pdu.getDataCoding(), sm, 0, sm.length);
    Optional<UssdProfile.Hop> read = config.ussd().read(pdu, text);
    if (read.isEmpty()) {
      return false;
    }
    UssdProfile.Hop hop = read.get();
    if (hop.kind().isEmpty()) {
      metrics.ignoredUssd();
      log.warn("{}: ignored a USSD deliver_sm with ussd_service_op 0x{} (not mapped by the {} profile)",
          config.providerName(), Integer.toHexString(hop.op()), config.ussd());
      return true;
    }
    UssdRequest.Kind kind = hop.kind().get();
    String key = hop.msisdn() + "/" + hop.sessionNumber().orElse(-1);
    String sessionId = kind == UssdRequest.Kind.BEGIN
        ? key + "/" + begins.incrementAndGet()
        : sessionIds.getOrDefault(key, key + "/0");
    if (kind == UssdRequest.Kind.BEGIN) {
      sessionIds.put(key, sessionId);
    } else if (kind == UssdRequest.Kind.END) {
      sessionIds.remove(key, sessionId);
    }
    Optional<SessionEnd> end = kind == UssdRequest.Kind.END
        ? Optional.of(SessionEnd.of(SessionEnd.Reason.RELEASED, "ussd_service_op 0x" + Integer.toHexString(hop.op())))
        : Optional.empty();
    String serviceCode = kind == UssdRequest.Kind.BEGIN ? hop.text() : "";
    UssdRequest request = new UssdRequest(config.providerName(), sessionId, hop.msisdn(), serviceCode, "", kind,
        kind == UssdRequest.Kind.END ? "" : hop.text(), false, config.ussdBudget(), end);
    metrics.ussdHop();
    try {
      handler.handle(request).onComplete(reply -> {
        if (kind == UssdRequest.Kind.END) {
          return; // the network closed the session: nothing to answer
        }
        UssdReply screen = reply.succeeded() ? reply.result() : UssdReply.endWith(UssdReply.BUSY_TEXT);
        if (screen.end()) {
          sessionIds.remove(key, sessionId);
        }
        reply(hop, screen);
      });
    } catch (RuntimeException e) {
      log.error("{}: the USSD handler failed for {}", config.providerName(), LoggedNumber.of(hop.msisdn()), e);
      reply(hop, UssdReply.endWith(UssdReply.BUSY_TEXT));
    }
    return true;
  }

  private void reply(UssdProfile.Hop hop, UssdReply screen) {
    try {
      submits.execute(() -> send(hop, screen));
    } catch (RejectedExecutionException e) {
      metrics.ussdReplyFailed();
      log.warn("{}: USSD reply to {} dropped: the submit pool is full or closed", config.providerName(),
          LoggedNumber.of(hop.msisdn()));
    }
  }

  /** Blocking submit_sm of one screen; runs on the provider's submit pool. */
  private void send(UssdProfile.Hop hop, UssdReply screen) {
    Optional<SMPPSession> bound = session.get();
    if (bound.isEmpty()) {
      metrics.ussdReplyFailed();
      log.warn("{}: USSD reply to {} dropped: not bound", config.providerName(),
          LoggedNumber.of(hop.msisdn()));
      return;
    }
    Encoding encoding = SmsEncoding.encodingOf(screen.text());
    byte dataCoding = encoding == Encoding.GSM7 ? SubmitPlanner.DATA_CODING_GSM7 : SubmitPlanner.DATA_CODING_UCS2;
    byte[] body = SubmitPlanner.encode(screen.text(), encoding);
    OptionalInt number = hop.sessionNumber();
    OptionalParameter[] tlvs = number.isPresent()
        ? new OptionalParameter[] {
            new OptionalParameter.Byte(OptionalParameter.Tag.USSD_SERVICE_OP,
                (byte) config.ussd().replyOp(screen.end())),
            new OptionalParameter.Short(OptionalParameter.Tag.ITS_SESSION_INFO,
                UssdProfile.itsSessionInfo(number.getAsInt(), screen.end()))}
        : new OptionalParameter[] {
            new OptionalParameter.Byte(OptionalParameter.Tag.USSD_SERVICE_OP,
                (byte) config.ussd().replyOp(screen.end()))};
    Submitter.Address to = Submitter.Address.destination(hop.msisdn());
    try {
      bound.get().submitShortMessage(UssdProfile.SERVICE_TYPE, TypeOfNumber.UNKNOWN, NumberingPlanIndicator.UNKNOWN,
          hop.serviceAddress(), to.ton(), to.npi(), to.address(), new ESMClass(), (byte) 0, (byte) 0, null, null,
          new RegisteredDelivery(0), (byte) 0, new RawDataCoding(dataCoding), (byte) 0, body, tlvs);
      metrics.ussdReplied();
    } catch (IOException | PDUException | ResponseTimeoutException
             | InvalidResponseException | NegativeResponseException e) {
      metrics.ussdReplyFailed();
      log.warn("{}: USSD reply to {} failed: {}", config.providerName(),
          LoggedNumber.of(hop.msisdn()), e.toString());
    }
  }
}
