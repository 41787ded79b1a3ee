package org.kabambe.session;

/**
 * Puts the numbers gateways send into one form, so one participant is one conversation whichever gateway they
 * came through: digits with a leading '+' ("254 712 000 111", "00254712000111" and "+254712000111" are alike).
 * Numbers without a country code stay as their digits; full E.164 with libphonenumber comes with contacts.
 */
public final class PhoneNumbers {
  private PhoneNumbers() {}

  public static String normalise(String raw) {
    var digits = new StringBuilder(raw.length() + 1);
    boolean plus = false;
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c >= '0' && c <= '9') digits.append(c);
      else if (c == '+' && digits.length() == 0) plus = true;
    }
    String d = digits.toString();
    if (!plus && d.startsWith("00")) {
      d = d.substring(2);
      plus = true;
    }
    // International numbers without '+' (Nalo sends 233…, DMark 256…) are 11+ digits; local ones are shorter.
    if (!plus && d.length() >= 11) plus = true;
    return plus ? "+" + d : d;
  }
}
