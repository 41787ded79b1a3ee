package org.kabambe.connectors.smpp;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.jsmpp.bean.DeliverSm;
import org.jsmpp.bean.OptionalParameter;
import org.kabambe.connectors.sms.DeliveryReport.State;

/** What a deliver_sm carries: a delivery receipt, a receipt that cannot be read, or (a part of) an MO message. */
sealed interface InboundPdu {
  /** A delivery receipt: the id as the SMSC wrote it (not yet normalised), the state and the error code. */
  record Receipt(String rawId, State state, String error) implements InboundPdu {}

  /** A deliver_sm flagged as a receipt that carries no message id: counted, acknowledged, dropped. */
  record UnreadableReceipt(String why) implements InboundPdu {}

  /** An MO message or one part of a concatenated one. */
  record MoPart(String from, String to, String text, Optional<Concat> concat) implements InboundPdu {}

  /** Where a part belongs: its message's reference, the number of parts and its own number (1-based). */
  record Concat(int reference, int total, int seq) {}

  int ESM_TYPE_MASK = 0x3C;
  int ESM_RECEIPT = 0x04;
  int ESM_INTERMEDIATE = 0x20;

  static InboundPdu of(DeliverSm pdu) {
    OptionalParameter receiptedId = pdu.getOptionalParameter(OptionalParameter.Tag.RECEIPTED_MESSAGE_ID);
    int type = pdu.getEsmClass() & ESM_TYPE_MASK;
    if (type == ESM_RECEIPT || type == ESM_INTERMEDIATE || receiptedId != null) {
      return receipt(pdu, receiptedId);
    }
    return mo(pdu);
  }

  private static InboundPdu receipt(DeliverSm pdu, OptionalParameter receiptedId) {
    byte[] sm = pdu.getShortMessage() == null ? new byte[0] : pdu.getShortMessage();
    Optional<ReceiptText> text = ReceiptText.parse(UserDataText.decode(pdu.getDataCoding(), sm, 0, sm.length));
    // The TLVs are exact where the text is free-form: prefer them, fall back to the text field by field.
    Optional<String> id = receiptedId instanceof OptionalParameter.OctetString s
        ? Optional.of(cString(s.getValue())).filter(v -> !v.isEmpty())
        : Optional.empty();
    id = id.or(() -> text.map(ReceiptText::id));
    if (id.isEmpty()) {
      return new UnreadableReceipt("no receipted_message_id TLV and no id: in the text");
    }
    OptionalParameter stateTlv = pdu.getOptionalParameter(OptionalParameter.Tag.MESSAGE_STATE);
    State state = stateTlv instanceof OptionalParameter.Byte b
        ? ReceiptText.state(b.getValue() & 0xFF)
        : text.map(ReceiptText::state).orElse(State.UNKNOWN);
    OptionalParameter networkError = pdu.getOptionalParameter(OptionalParameter.Tag.NETWORK_ERROR_CODE);
    String error = text.map(ReceiptText::error).filter(e -> !e.isEmpty())
        .or(() -> networkError instanceof OptionalParameter.Network_error_code n
            ? Optional.of(Integer.toString(n.getErrorCode() & 0xFFFF)) : Optional.empty())
        .orElse("");
    return new Receipt(id.get(), state, error);
  }

  private static InboundPdu mo(DeliverSm pdu) {
    byte[] sm = pdu.getShortMessage() == null ? new byte[0] : pdu.getShortMessage();
    OptionalParameter payload = pdu.getOptionalParameter(OptionalParameter.Tag.MESSAGE_PAYLOAD);
    if (sm.length == 0 && payload instanceof OptionalParameter.OctetString p) {
      sm = p.getValue();
    }
    int start = 0;
    Optional<Concat> concat = Optional.empty();
    if ((pdu.getEsmClass() & SubmitPlanner.ESM_UDHI) != 0 && sm.length > 0) {
      int udhLength = sm[0] & 0xFF;
      start = Math.min(sm.length, 1 + udhLength);
      concat = UserDataHeader.concat(sm, 1, start);
    } else {
      concat = sar(pdu);
    }
    String text = UserDataText.decode(pdu.getDataCoding(), sm, start, sm.length - start);
    return new MoPart(pdu.getSourceAddr(), pdu.getDestAddress(), text, concat);
  }

  private static Optional<Concat> sar(DeliverSm pdu) {
    OptionalParameter ref = pdu.getOptionalParameter(OptionalParameter.Tag.SAR_MSG_REF_NUM);
    OptionalParameter total = pdu.getOptionalParameter(OptionalParameter.Tag.SAR_TOTAL_SEGMENTS);
    OptionalParameter seq = pdu.getOptionalParameter(OptionalParameter.Tag.SAR_SEGMENT_SEQNUM);
    if (ref instanceof OptionalParameter.Short r && total instanceof OptionalParameter.Byte t
        && seq instanceof OptionalParameter.Byte s && (t.getValue() & 0xFF) > 1) {
      return Optional.of(new Concat(r.getValue() & 0xFFFF, t.getValue() & 0xFF, s.getValue() & 0xFF));
    }
    return Optional.empty();
  }

  private static String cString(byte[] value) {
    int end = 0;
    while (end < value.length && value[end] != 0) {
      end++;
    }
    return new String(value, 0, end, StandardCharsets.ISO_8859_1).trim();
  }
}
