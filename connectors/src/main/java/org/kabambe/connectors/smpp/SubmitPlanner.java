package org.kabambe.connectors.smpp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.bean.OptionalParameters;
import org.kabambe.connectors.sms.Gsm7Codec;
import org.kabambe.connectors.sms.Encoding;
import org.kabambe.connectors.sms.SegmentLimits;
import org.kabambe.connectors.sms.SmsEncoding;

/**
 * Turns a text into the submit_sm parts a bind sends: chooses GSM-7 or UCS-2, splits with {@link SmsEncoding}
 * (never inside an escape or surrogate pair) and marks the parts per the bind's {@link ConcatMode}.
 */
final class SubmitPlanner {
  static final byte DATA_CODING_GSM7 = 0x00;
  static final byte DATA_CODING_UCS2 = 0x08;
  static final byte ESM_UDHI = 0x40;
  private static final byte ESM_DEFAULT = 0x00;

  private final ConcatMode mode;
  private final EncodingPolicy policy;
  // A reference per long message, so a handset never mixes parts of two messages; 8 bits for UDH, 16 for SAR.
  private final AtomicInteger nextReference;

  SubmitPlanner(ConcatMode mode, EncodingPolicy policy, int firstReference) {
    this.mode = mode;
    this.policy = policy;
    this.nextReference = new AtomicInteger(firstReference);
  }

  List<SubmitPart> plan(String text) {
    Encoding encoding = policy == EncodingPolicy.UCS2 ? Encoding.UCS2 : SmsEncoding.encodingOf(text);
    byte dataCoding = encoding == Encoding.GSM7 ? DATA_CODING_GSM7 : DATA_CODING_UCS2;
    if (mode == ConcatMode.PAYLOAD) {
      OptionalParameter payload = new OptionalParameter.OctetString(
          OptionalParameter.Tag.MESSAGE_PAYLOAD.code(), encode(text, encoding));
      return List.of(new SubmitPart(new byte[0], ESM_DEFAULT, dataCoding, List.of(payload)));
    }
    // SAR parts are turned into a UDH by the SMSC, which may use a 16-bit reference: plan for the smaller part.
    SegmentLimits limits = mode == ConcatMode.SAR ? SegmentLimits.CONCAT_16BIT_REF : SegmentLimits.CONCAT_8BIT_REF;
    List<String> texts = split(text, encoding, limits);
    if (texts.size() == 1) {
      return List.of(new SubmitPart(encode(text, encoding), ESM_DEFAULT, dataCoding, List.of()));
    }
    int reference = nextReference.getAndIncrement();
    int total = texts.size();
    List<SubmitPart> parts = new ArrayList<>(total);
    for (int i = 0; i < total; i++) {
      byte[] body = encode(texts.get(i), encoding);
      int seq = i + 1;
      if (mode == ConcatMode.UDH) {
        byte[] udh = {0x05, 0x00, 0x03, (byte) reference, (byte) total, (byte) seq};
        byte[] sm = new byte[udh.length + body.length];
        System.arraycopy(udh, 0, sm, 0, udh.length);
        System.arraycopy(body, 0, sm, udh.length, body.length);
        parts.add(new SubmitPart(sm, ESM_UDHI, dataCoding, List.of()));
      } else {
        parts.add(new SubmitPart(body, ESM_DEFAULT, dataCoding, List.of(
            OptionalParameters.newSarMsgRefNum((short) (reference & 0xFFFF)),
            OptionalParameters.newSarTotalSegments(total),
            OptionalParameters.newSarSegmentSeqnum(seq))));
      }
    }
    return List.copyOf(parts);
  }

  private static List<String> split(String text, Encoding encoding, SegmentLimits limits) {
    if (encoding == Encoding.UCS2 && SmsEncoding.isGsm7(text)) {
      // Forced UCS-2 of a GSM-7 text: SmsEncoding would split it by septets. Give the UCS-2 limits to both
      // alphabets; counting an extension character as 2 only makes a part shorter, never too long.
      limits = new SegmentLimits(limits.ucs2Single(), limits.ucs2Part(), limits.ucs2Single(), limits.ucs2Part());
    }
    return SmsEncoding.split(text, limits);
  }

  static byte[] encode(String text, Encoding encoding) {
    return encoding == Encoding.GSM7 ? Gsm7Codec.encode(text) : text.getBytes(StandardCharsets.UTF_16BE);
  }
}
