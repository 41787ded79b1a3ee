package org.kabambe.connectors.smpp;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.jsmpp.InvalidResponseException;
import org.jsmpp.PDUException;
import org.jsmpp.bean.ESMClass;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.RawDataCoding;
import org.jsmpp.bean.RegisteredDelivery;
import org.jsmpp.bean.SMSCDeliveryReceipt;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.extra.NegativeResponseException;
import org.jsmpp.extra.ResponseTimeoutException;
import org.jsmpp.session.SMPPSession;
import org.jsmpp.session.SubmitSmResult;
import org.kabambe.connectors.sms.OutboundSms;
import org.kabambe.connectors.sms.SubmitResult;

/**
 * Sends one message's parts with blocking submit_sm calls (run it on the provider's submit pool) and says what
 * became of it. A failure after some parts were accepted reports the failure and names the accepted ids: the
 * handset shows an incomplete message, and a resend with a new reference delivers the whole one.
 */
final class Submitter {
  private final SmppBindConfig config;
  private final SubmitPlanner planner;
  private final Supplier<Optional<SMPPSession>> session;
  private final SmppMetrics metrics;

  Submitter(SmppBindConfig config, SubmitPlanner planner, Supplier<Optional<SMPPSession>> session,
      SmppMetrics metrics) {
    this.config = config;
    this.planner = planner;
    this.session = session;
    this.metrics = metrics;
  }

  SubmitResult submit(OutboundSms message) {
    SubmitResult result = send(message);
    metrics.submitted(result);
    return result;
  }

  private SubmitResult send(OutboundSms message) {
    Optional<SMPPSession> bound = session.get();
    if (bound.isEmpty()) {
      return new SubmitResult.Retry(SmppStatus.ESME_RINVBNDSTS, "not bound to the SMSC");
    }
    List<SubmitPart> parts;
    try {
      parts = planner.plan(message.text());
    } catch (IllegalArgumentException e) {
      return new SubmitResult.Rejected(SmppStatus.LOCAL, "cannot encode the text: " + e.getMessage());
    }
    Address from = Address.source(message.from().isEmpty() ? config.source() : message.from(), config);
    Address to = Address.destination(message.to());
    List<String> ids = new ArrayList<>(parts.size());
    for (SubmitPart part : parts) {
      try {
        SubmitSmResult r = bound.get().submitShortMessage("", from.ton(), from.npi(), from.address(), to.ton(),
            to.npi(), to.address(), new ESMClass(part.esmClass()), (byte) 0, (byte) 0, null, null,
            new RegisteredDelivery(SMSCDeliveryReceipt.SUCCESS_FAILURE), (byte) 0,
            new RawDataCoding(part.dataCoding()), (byte) 0, part.shortMessage(), part.tlvArray());
        ids.add(config.receiptIds().fromSubmit(r.getMessageId()));
        metrics.partSubmitted();
      } catch (NegativeResponseException e) {
        int status = e.getCommandStatus();
        String reason = "submit_sm_resp status 0x" + Integer.toHexString(status) + partly(ids, parts.size());
        return SmppStatus.isTemporary(status)
            ? new SubmitResult.Retry(status, reason)
            : new SubmitResult.Rejected(status, reason);
      } catch (ResponseTimeoutException | InvalidResponseException e) {
        return new SubmitResult.Unknown("no valid submit_sm_resp within " + config.transactionTimer() + " ("
            + e.getMessage() + ")" + partly(ids, parts.size()));
      } catch (PDUException e) {
        return new SubmitResult.Rejected(SmppStatus.LOCAL, "invalid submit_sm field: " + e.getMessage()
            + partly(ids, parts.size()));
      } catch (IOException e) {
        // jSMPP refuses to send on an unbound session, or the write itself failed: an incomplete PDU is never
        // processed by the SMSC, so this part did not go out and a retry cannot duplicate it.
        return new SubmitResult.Retry(notBound(e) ? SmppStatus.ESME_RINVBNDSTS : SmppStatus.LOCAL,
            "not sent: " + e.getMessage() + partly(ids, parts.size()));
      }
    }
    return new SubmitResult.Accepted(ids);
  }

  private static boolean notBound(IOException e) {
    String m = e.getMessage();
    return m != null && m.startsWith("Cannot ") && m.contains(" while session ");
  }

  private static String partly(List<String> acceptedIds, int total) {
    return acceptedIds.isEmpty() ? "" : "; after " + acceptedIds.size() + " of " + total
        + " parts were accepted as " + acceptedIds;
  }

  /** An SMPP address with its type of number and numbering plan. */
  record Address(TypeOfNumber ton, NumberingPlanIndicator npi, String address) {
    static Address destination(String number) {
      return number.startsWith("+")
          ? new Address(TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN, number.substring(1))
          : new Address(TypeOfNumber.UNKNOWN, NumberingPlanIndicator.ISDN, number);
    }

    static Address source(String source, SmppBindConfig config) {
      String address = source.startsWith("+") ? source.substring(1) : source;
      TypeOfNumber ton;
      NumberingPlanIndicator npi;
      if (!source.isEmpty() && !source.chars().allMatch(c -> c == '+' || Character.isDigit(c))) {
        ton = TypeOfNumber.ALPHANUMERIC;
        npi = NumberingPlanIndicator.UNKNOWN;
      } else if (source.startsWith("+")) {
        ton = TypeOfNumber.INTERNATIONAL;
        npi = NumberingPlanIndicator.ISDN;
      } else {
        ton = TypeOfNumber.UNKNOWN;
        npi = NumberingPlanIndicator.ISDN;
      }
      if (config.sourceTon().isPresent()) {
        ton = TypeOfNumber.valueOf((byte) config.sourceTon().getAsInt());
      }
      if (config.sourceNpi().isPresent()) {
        npi = NumberingPlanIndicator.valueOf((byte) config.sourceNpi().getAsInt());
      }
      return new Address(ton, npi, address);
    }
  }
}
