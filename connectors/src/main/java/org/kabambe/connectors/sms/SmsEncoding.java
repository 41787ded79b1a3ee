package org.kabambe.connectors.sms;

import java.util.ArrayList;
import java.util.List;

/**
 * GSM-7 / UCS-2 detection, length in the handset's units, SMS segment counts and splitting; the GSM 03.38 table
 * itself is {@link Gsm7Codec}'s.
 *
 * <p>GSM-7 follows 3GPP TS 23.038 (GSM 03.38): the default alphabet costs one septet a character, the
 * extension table ({@code \f ^ { } \ [ ~ ] | €}) two (escape + character). Any other character makes the whole
 * text UCS-2, counted in UTF-16 code units (an emoji costs 2). The empty text costs 0 units and 1 segment: an
 * empty message is still one message to submit, and {@code cost(t).segments() == split(t).size()} for every text.
 */
public final class SmsEncoding {
  private SmsEncoding() {}

  /** True when every character is in the GSM 03.38 default alphabet or its extension table. */
  public static boolean isGsm7(CharSequence text) {
    for (int i = 0, n = text.length(); i < n; i++) {
      if (Gsm7Codec.septetsOf(text.charAt(i)) == 0) {
        return false;
      }
    }
    return true;
  }

  public static Encoding encodingOf(CharSequence text) {
    return isGsm7(text) ? Encoding.GSM7 : Encoding.UCS2;
  }

  /** GSM-7 length in septets, or -1 when the text is not GSM-7 (one pass, for callers measuring many texts). */
  public static int septets(CharSequence text) {
    int septets = 0;
    for (int i = 0, n = text.length(); i < n; i++) {
      int s = Gsm7Codec.septetsOf(text.charAt(i));
      if (s == 0) {
        return -1;
      }
      septets += s;
    }
    return septets;
  }

  /** Length in units of the text's own encoding: septets (extension characters cost 2) or UTF-16 units. */
  public static int units(CharSequence text) {
    int septets = septets(text);
    return septets >= 0 ? septets : text.length();
  }

  /** Encoding, units and SMS segments (160/153 septets, 70/67 UCS-2 units per single/concatenated part). */
  public static TextCost cost(CharSequence text) {
    return cost(text, SegmentLimits.CONCAT_8BIT_REF);
  }

  /** Encoding, units and SMS segments under the given per-message and per-part limits. */
  public static TextCost cost(CharSequence text, SegmentLimits limits) {
    int septets = septets(text);
    Encoding encoding = septets >= 0 ? Encoding.GSM7 : Encoding.UCS2;
    int units = septets >= 0 ? septets : text.length();
    if (units <= limits.single(encoding)) {
      return new TextCost(encoding, units, 1);
    }
    // Count by walking the real split: a pair pushed to the next part can add a segment ceil() would miss.
    int segments = 0;
    for (int start = 0, n = text.length(); start < n; segments++) {
      start = partEnd(text, start, limits.part(encoding), encoding);
    }
    return new TextCost(encoding, units, segments);
  }

  /** Splits into concatenation parts, never splitting an escape pair or a surrogate pair. */
  public static List<String> split(CharSequence text) {
    return split(text, SegmentLimits.CONCAT_8BIT_REF);
  }

  /** Splits into parts under the given limits (e.g. {@link SegmentLimits#CONCAT_16BIT_REF} for 16-bit refs). */
  public static List<String> split(CharSequence text, SegmentLimits limits) {
    Encoding encoding = encodingOf(text);
    if (units(text) <= limits.single(encoding)) {
      return List.of(text.toString());
    }
    List<String> parts = new ArrayList<>();
    for (int start = 0, n = text.length(); start < n; ) {
      int end = partEnd(text, start, limits.part(encoding), encoding);
      parts.add(text.subSequence(start, end).toString());
      start = end;
    }
    return List.copyOf(parts);
  }

  /** End (exclusive) of the longest part from {@code start} within {@code limit} units, keeping pairs whole. */
  private static int partEnd(CharSequence text, int start, int limit, Encoding encoding) {
    int used = 0;
    int i = start;
    int n = text.length();
    while (i < n) {
      char c = text.charAt(i);
      int width;
      int step = 1;
      if (encoding == Encoding.GSM7) {
        width = Gsm7Codec.septetsOf(c);
      } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
        width = 2;
        step = 2;
      } else {
        width = 1;
      }
      if (used + width > limit) {
        break;
      }
      used += width;
      i += step;
    }
    return i;
  }
}
