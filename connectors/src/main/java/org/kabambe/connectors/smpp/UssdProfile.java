package org.kabambe.connectors.smpp;

import java.util.Optional;
import java.util.OptionalInt;
import org.jsmpp.bean.DeliverSm;
import org.jsmpp.bean.OptionalParameter;
import org.kabambe.connectors.ussd.UssdRequest;

/**
 * How a bind maps USSD sessions carried in SMPP (TLV {@code ussd_service_op} 0x0501, usually with
 * {@code its_session_info} 0x1383 and service_type "USSD") onto hops. Vendors differ, so this is a per-bind setting
 * ({@code ussd=} on the bind URL).
 *
 * <p>{@link #DEFAULT} (the common mapping, not yet checked against each operator; docs/gateways.md):
 * <table>
 *   <caption>default profile</caption>
 *   <tr><th>deliver_sm ussd_service_op</th><th>hop</th></tr>
 *   <tr><td>0x01 PSSR indication</td><td>BEGIN; short_message is the dialled string (service code and input)</td></tr>
 *   <tr><td>0x12 USSR confirm</td><td>CONTINUE; short_message is the participant's answer</td></tr>
 *   <tr><td>0x11 PSSR response, or its_session_info's end bit (octet 2, bit 0)</td><td>END (released)</td></tr>
 *   <tr><td>anything else</td><td>acknowledged and ignored (counted)</td></tr>
 * </table>
 * Replies are submit_sm with service_type "USSD", source = the deliver_sm's destination (the service address),
 * no delivery receipt, and ussd_service_op 0x02 USSR request (the session continues) or 0x11 PSSR response with the
 * end bit set in its_session_info (the session closes). its_session_info echoes the session number of the request;
 * when the request carried none, the reply carries none.
 */
public enum UssdProfile {
  /** The bind carries SMS only: a deliver_sm with ussd_service_op is treated as an ordinary MO. */
  NONE,
  /** The mapping above. */
  DEFAULT;

  static final int PSSD_IND = 0x00;
  static final int PSSR_IND = 0x01;
  static final int USSR_REQ = 0x02;
  static final int PSSR_RESP = 0x11;
  static final int USSR_CONF = 0x12;
  static final String SERVICE_TYPE = "USSD";

  /** One USSD deliver_sm, read: {@code kind} empty when the operation is not one this profile maps. */
  record Hop(Optional<UssdRequest.Kind> kind, int op, String msisdn, String serviceAddress, String text,
             OptionalInt sessionNumber) {}

  /** The USSD content of {@code pdu}, or empty when it is not a USSD PDU (or the bind takes no USSD). */
  Optional<Hop> read(DeliverSm pdu, String text) {
    if (this == NONE) {
      return Optional.empty();
    }
    OptionalParameter op = pdu.getOptionalParameter(OptionalParameter.Tag.USSD_SERVICE_OP);
    if (op == null) {
      return Optional.empty();
    }
    int code = op instanceof OptionalParameter.Byte b ? b.getValue() & 0xFF : -1;
    OptionalInt session = OptionalInt.empty();
    boolean endBit = false;
    OptionalParameter its = pdu.getOptionalParameter(OptionalParameter.Tag.ITS_SESSION_INFO);
    if (its instanceof OptionalParameter.Short s) {
      session = OptionalInt.of((s.getValue() >> 8) & 0xFF);
      endBit = (s.getValue() & 0x01) != 0;
    }
    Optional<UssdRequest.Kind> kind;
    if (code == PSSR_RESP || endBit) {
      kind = Optional.of(UssdRequest.Kind.END);
    } else if (code == PSSR_IND) {
      kind = Optional.of(UssdRequest.Kind.BEGIN);
    } else if (code == USSR_CONF) {
      kind = Optional.of(UssdRequest.Kind.CONTINUE);
    } else {
      kind = Optional.empty();
    }
    return Optional.of(new Hop(kind, code, nonNull(pdu.getSourceAddr()), nonNull(pdu.getDestAddress()), text,
        session));
  }

  /** ussd_service_op of a reply. */
  int replyOp(boolean end) {
    return end ? PSSR_RESP : USSR_REQ;
  }

  /** its_session_info of a reply: the session number in octet 1, the end bit in octet 2. */
  static short itsSessionInfo(int sessionNumber, boolean end) {
    return (short) (((sessionNumber & 0xFF) << 8) | (end ? 1 : 0));
  }

  private static String nonNull(String s) {
    return s == null ? "" : s;
  }
}
