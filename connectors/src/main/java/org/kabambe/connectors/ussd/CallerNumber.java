package org.kabambe.connectors.ussd;

import org.kabambe.connectors.http.BadFieldException;

/**
 * Checks a gateway's caller-number field before anything is stored or logged: 3 to 15 digits (E.164 allows 15),
 * optionally after a '+' and with spaces or dashes between them. A value without digits ("anonymous", "") would
 * file every such caller under one shared identity, and one too long to be real only fills logs and tables.
 */
final class CallerNumber {
  static final int MAX_DIGITS = 15;
  static final int MIN_DIGITS = 3;

  private CallerNumber() {}

  /** The value as sent, or a 400 naming {@code field}; the message never repeats the value (personal data). */
  static String check(String field, String value) {
    int digits = 0;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c >= '0' && c <= '9') {
        digits++;
      } else if (!(c == '+' && i == 0) && c != ' ' && c != '-') {
        throw new BadFieldException("field '" + field + "' must be a phone number (digits, an optional leading +)");
      }
    }
    if (digits < MIN_DIGITS || digits > MAX_DIGITS) {
      throw new BadFieldException("field '" + field + "' must be a phone number of " + MIN_DIGITS + " to "
          + MAX_DIGITS + " digits (it has " + digits + ")");
    }
    return value;
  }
}
