package org.kabambe.connectors.sms;

import java.util.List;

/** GSM-7 / UCS-2 detection, length in the handset's units, SMS segment counts and splitting. TODO(render helper). */
public final class SmsEncoding {
  private SmsEncoding() {}

  /** True when every character is in the GSM 03.38 default alphabet or its extension table. */
  public static boolean isGsm7(CharSequence text) {
    throw new UnsupportedOperationException("TODO");
  }

  public static Encoding encodingOf(CharSequence text) {
    return isGsm7(text) ? Encoding.GSM7 : Encoding.UCS2;
  }

  /** Length in units of the text's own encoding: septets (extension characters cost 2) or UTF-16 units. */
  public static int units(CharSequence text) {
    throw new UnsupportedOperationException("TODO");
  }

  /** Encoding, units and SMS segments (160/153 septets, 70/67 UCS-2 units per single/concatenated part). */
  public static TextCost cost(CharSequence text) {
    throw new UnsupportedOperationException("TODO");
  }

  /** Splits into concatenation parts, never splitting an escape pair or a surrogate pair. */
  public static List<String> split(CharSequence text) {
    throw new UnsupportedOperationException("TODO");
  }
}
