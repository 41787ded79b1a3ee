package org.kabambe.runtime;

import org.kabambe.connectors.sms.Encoding;

/**
 * How much text one USSD screen may carry: {@code gsm7Chars} septets when every character is GSM-7,
 * {@code ucs2Chars} UTF-16 units otherwise (160 octets either way, or a gateway's own lower limit).
 */
public record UssdBudget(int gsm7Chars, int ucs2Chars) {
  /** The network's limit: 182 GSM-7 characters or 80 UCS-2 characters. */
  public static final UssdBudget DEFAULT = new UssdBudget(182, 80);

  public UssdBudget {
    if (gsm7Chars < 1 || ucs2Chars < 1) {
      throw new IllegalArgumentException("USSD budget must be positive: " + gsm7Chars + "/" + ucs2Chars);
    }
  }

  /** The budget for a gateway that truncates screens at {@code limit} characters (e.g. 160 or 120). */
  public static UssdBudget forGateway(int limit) {
    return new UssdBudget(Math.min(DEFAULT.gsm7Chars, limit), Math.min(DEFAULT.ucs2Chars, limit));
  }

  /** Units allowed for a screen in this encoding. */
  public int limit(Encoding encoding) {
    return encoding == Encoding.GSM7 ? gsm7Chars : ucs2Chars;
  }

  boolean fits(ScreenLength length) {
    return length.units() <= limit(length.encoding());
  }
}
