package org.kabambe.connectors.smpp;

import java.math.BigInteger;
import java.util.Locale;

/**
 * How delivery receipts write message ids compared with submit_sm_resp, so both sides can be brought to one form.
 * Kannel's {@code msg-id-type} is the same idea: some SMSCs answer submits in hex and receipts in decimal.
 */
public enum ReceiptIdFormat {
  /** Receipts carry the ids exactly as submit_sm_resp gave them: compared verbatim. */
  AS_GIVEN,
  /** submit_sm_resp gives decimal ids, receipts give them in hex: both are normalised to decimal. */
  HEX,
  /** submit_sm_resp gives hex ids, receipts give them in decimal: both are normalised to lower-case hex. */
  DECIMAL;

  /** The id from a submit_sm_resp in the normalised form (unchanged when it does not parse as expected). */
  public String fromSubmit(String id) {
    return switch (this) {
      case AS_GIVEN -> id;
      case HEX -> convert(id, 10, 10);
      case DECIMAL -> convert(id, 16, 16);
    };
  }

  /** The id from a delivery receipt in the same normalised form as {@link #fromSubmit}. */
  public String fromReceipt(String id) {
    return switch (this) {
      case AS_GIVEN -> id;
      case HEX -> convert(id, 16, 10);
      case DECIMAL -> convert(id, 10, 16);
    };
  }

  private static String convert(String id, int fromRadix, int toRadix) {
    try {
      return new BigInteger(id.trim(), fromRadix).toString(toRadix).toLowerCase(Locale.ROOT);
    } catch (NumberFormatException e) {
      return id; // an id that is not a number in the declared base is kept: a mismatch shows up as unmatched
    }
  }
}
