package org.kabambe.connectors.smpp;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.bean.OptionalParameters;
import org.kabambe.connectors.sms.Encoding;
import org.kabambe.connectors.sms.SegmentLimits;
import org.kabambe.connectors.sms.SmsEncoding;
import org.kabambe.connectors.smpp.DeliverSmSender.DeliverSm;
import org.kabambe.connectors.smpp.SmscSimulator.MoConcat;

/** Sends the simulator's mobile-originated SMS: whole, or split into UDH (8- or 16-bit reference) or SAR parts. */
final class MoInjector {
  private final DeliverSmSender deliverer;
  private final AtomicInteger reference = new AtomicInteger(1);

  MoInjector(DeliverSmSender deliverer) {
    this.deliverer = deliverer;
  }

  /**
   * Sends {@code text} split as {@code concat} says (GSM-7 153 / UCS-2 67 units a part), leaving out the 1-based
   * part numbers in {@code skipParts}. Completes when every sent part was acknowledged.
   */
  CompletableFuture<Void> send(String from, String to, String text, MoConcat concat, List<Integer> skipParts) {
    Encoding encoding = SmsEncoding.encodingOf(text);
    byte dataCoding = encoding == Encoding.GSM7 ? SubmitPlanner.DATA_CODING_GSM7 : SubmitPlanner.DATA_CODING_UCS2;
    List<String> texts = concat == MoConcat.NONE ? List.of(text)
        : SmsEncoding.split(text, concat == MoConcat.UDH16 ? SegmentLimits.CONCAT_16BIT_REF
            : SegmentLimits.CONCAT_8BIT_REF);
    if (concat != MoConcat.NONE && texts.size() == 1) {
      texts = List.of(text.substring(0, text.length() / 2), text.substring(text.length() / 2)); // force parts
    }
    int ref = reference.getAndIncrement();
    int total = texts.size();
    List<CompletableFuture<Void>> acks = new ArrayList<>();
    for (int i = 0; i < total; i++) {
      int seq = i + 1;
      if (skipParts.contains(seq)) {
        continue;
      }
      byte[] body = SubmitPlanner.encode(texts.get(i), encoding);
      acks.add(deliverer.send(switch (concat) {
        case UDH8 -> DeliverSm.message(from, to, SubmitPlanner.ESM_UDHI, dataCoding,
            prefixed(new byte[] {5, 0, 3, (byte) ref, (byte) total, (byte) seq}, body), List.of());
        case UDH16 -> DeliverSm.message(from, to, SubmitPlanner.ESM_UDHI, dataCoding,
            prefixed(new byte[] {6, 8, 4, (byte) (ref >> 8), (byte) ref, (byte) total, (byte) seq}, body), List.of());
        case SAR -> DeliverSm.message(from, to, (byte) 0, dataCoding, body, List.<OptionalParameter>of(
            OptionalParameters.newSarMsgRefNum((short) ref), OptionalParameters.newSarTotalSegments(total),
            OptionalParameters.newSarSegmentSeqnum(seq)));
        case NONE -> DeliverSm.message(from, to, (byte) 0, dataCoding, body, List.of());
      }));
    }
    return CompletableFuture.allOf(acks.toArray(new CompletableFuture<?>[0]));
  }

  private static byte[] prefixed(byte[] header, byte[] body) {
    byte[] out = new byte[header.length + body.length];
    System.arraycopy(header, 0, out, 0, header.length);
    System.arraycopy(body, 0, out, header.length, body.length);
    return out;
  }
}
