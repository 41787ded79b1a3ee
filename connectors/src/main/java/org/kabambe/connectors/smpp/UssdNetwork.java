package org.kabambe.connectors.smpp;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.bean.SubmitSm;
import org.kabambe.connectors.sms.Encoding;
import org.kabambe.connectors.sms.SmsEncoding;
import org.kabambe.connectors.smpp.DeliverSmSender.DeliverSm;
import org.kabambe.connectors.smpp.SmscSimulator.SubmittedUssd;

/**
 * The simulator's USSD side ({@link UssdProfile}'s "default" profile): dials, answers and releases sessions as
 * deliver_sm with ussd_service_op, and keeps the screens the ESME submits back.
 */
final class UssdNetwork {
  private final DeliverSmSender deliverer;
  private final AwaitableLog<SubmittedUssd> screens = new AwaitableLog<>("USSD screens");

  UssdNetwork(DeliverSmSender deliverer) {
    this.deliverer = deliverer;
  }

  /** Whether a submit is a USSD screen rather than an SMS: it carries ussd_service_op. */
  static boolean isScreen(SubmitSm submit) {
    return submit.getOptionalParameter(OptionalParameter.Tag.USSD_SERVICE_OP) != null;
  }

  void record(SubmitSm submit) {
    byte[] sm = submit.getShortMessage() == null ? new byte[0] : submit.getShortMessage();
    OptionalParameter op = submit.getOptionalParameter(OptionalParameter.Tag.USSD_SERVICE_OP);
    OptionalParameter its = submit.getOptionalParameter(OptionalParameter.Tag.ITS_SESSION_INFO);
    int session = its instanceof OptionalParameter.Short s ? (s.getValue() >> 8) & 0xFF : -1;
    boolean end = its instanceof OptionalParameter.Short s && (s.getValue() & 1) != 0;
    screens.add(new SubmittedUssd(submit.getSourceAddr(), submit.getDestAddress(), submit.getServiceType(),
        UserDataText.decode(submit.getDataCoding(), sm, 0, sm.length),
        op instanceof OptionalParameter.Byte b ? b.getValue() & 0xFF : -1, session, end));
  }

  List<SubmittedUssd> screens() {
    return screens.all();
  }

  List<SubmittedUssd> await(int count, Duration timeout) throws TimeoutException {
    return screens.await(count, timeout);
  }

  /** Any USSD deliver_sm (service_type "USSD"; its_session_info when {@code sessionNumber >= 0}). */
  CompletableFuture<Void> send(String msisdn, String serviceAddress, int op, int sessionNumber, boolean end,
      String text) {
    Encoding encoding = SmsEncoding.encodingOf(text);
    byte dataCoding = encoding == Encoding.GSM7 ? SubmitPlanner.DATA_CODING_GSM7 : SubmitPlanner.DATA_CODING_UCS2;
    List<OptionalParameter> tlvs = new ArrayList<>();
    tlvs.add(new OptionalParameter.Byte(OptionalParameter.Tag.USSD_SERVICE_OP, (byte) op));
    if (sessionNumber >= 0) {
      tlvs.add(new OptionalParameter.Short(OptionalParameter.Tag.ITS_SESSION_INFO,
          UssdProfile.itsSessionInfo(sessionNumber, end)));
    }
    return deliverer.send(new DeliverSm(UssdProfile.SERVICE_TYPE, msisdn, serviceAddress, (byte) 0, dataCoding,
        SubmitPlanner.encode(text, encoding), tlvs, false));
  }
}
