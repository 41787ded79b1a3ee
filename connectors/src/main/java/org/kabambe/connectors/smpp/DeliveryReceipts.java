package org.kabambe.connectors.smpp;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.bean.SubmitSm;
import org.kabambe.connectors.sms.DeliveryReport;
import org.kabambe.connectors.smpp.DeliverSmSender.DeliverSm;
import org.kabambe.connectors.smpp.SmscSimulator.ReceiptFormat;

/** The simulator's delivery receipts: which state they report, in which fields, with ids in hex or decimal. */
final class DeliveryReceipts {
  private static final DateTimeFormatter RECEIPT_DATE = DateTimeFormatter.ofPattern("yyMMddHHmm");

  private final DeliverSmSender deliverer;
  private final Duration delay;
  private volatile ReceiptFormat format = ReceiptFormat.TLV_AND_TEXT;
  private volatile boolean decimalIds;
  private volatile DeliveryReport.State state = DeliveryReport.State.DELIVERED;

  /** @param delay before each receipt; null or negative: no receipts */
  DeliveryReceipts(DeliverSmSender deliverer, Duration delay) {
    this.deliverer = deliverer;
    this.delay = delay;
  }

  void format(ReceiptFormat format) {
    this.format = format;
  }

  void decimalIds(boolean decimal) {
    this.decimalIds = decimal;
  }

  void state(DeliveryReport.State state) {
    this.state = state;
  }

  /** Sends a receipt for the part answered with {@code id}, later, when the submit asked for one. */
  void onAccepted(SubmitSm submit, String id) {
    if ((submit.getRegisteredDelivery() & 0x03) == 0 || delay == null || delay.isNegative()) {
      return;
    }
    DeliveryReport.State reported = state;
    ReceiptFormat fields = format;
    String shownId = decimalIds ? new BigInteger(id, 16).toString() : id;
    String date = LocalDateTime.now().format(RECEIPT_DATE);
    String stat = switch (reported) {
      case DELIVERED -> "DELIVRD";
      case UNDELIVERABLE -> "UNDELIV";
      case ACCEPTED -> "ACCEPTD";
      case REJECTED -> "REJECTD";
      default -> reported.name();
    };
    String text = fields == ReceiptFormat.TLV ? "" : "id:" + shownId + " sub:001 dlvrd:"
        + (reported == DeliveryReport.State.DELIVERED ? "001" : "000") + " submit date:" + date + " done date:" + date
        + " stat:" + stat + " err:000 text:";
    List<OptionalParameter> tlvs = fields == ReceiptFormat.TEXT ? List.of() : List.of(
        new OptionalParameter.COctetString(OptionalParameter.Tag.RECEIPTED_MESSAGE_ID.code(), shownId),
        new OptionalParameter.Byte(OptionalParameter.Tag.MESSAGE_STATE, (byte) ReceiptText.messageState(reported)));
    deliverer.sendAfter(DeliverSm.receipt(submit.getDestAddress(), submit.getSourceAddr(),
        text.getBytes(StandardCharsets.ISO_8859_1), tlvs), delay);
  }

  /** A receipt-flagged deliver_sm with arbitrary text (e.g. one with no id, to test unreadable ones). */
  CompletableFuture<Void> sendRaw(String from, String to, String text) {
    return deliverer.send(DeliverSm.receipt(from, to, text.getBytes(StandardCharsets.ISO_8859_1), List.of()));
  }
}
