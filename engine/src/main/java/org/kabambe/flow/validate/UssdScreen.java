package org.kabambe.flow.validate;

import java.util.Optional;
import org.kabambe.connectors.sms.Encoding;
import org.kabambe.connectors.sms.SmsEncoding;

/**
 * How much of one USSD screen a text takes: 182 GSM-7 characters, or 80 when any character forces UCS-2.
 * Insertions ({@code {{ ... }}}) are measured as written, since their values are unknown before a session.
 */
record UssdScreen(Encoding encoding, int units, Optional<String> ucs2Cause) {
  static final int GSM7_BUDGET = 182;
  static final int UCS2_BUDGET = 80;

  static UssdScreen measure(String text) {
    int septets = SmsEncoding.septets(text);
    return septets >= 0
        ? new UssdScreen(Encoding.GSM7, septets, Optional.empty())
        : new UssdScreen(Encoding.UCS2, text.length(), firstNonGsm7(text));
  }

  int budget() {
    return encoding == Encoding.GSM7 ? GSM7_BUDGET : UCS2_BUDGET;
  }

  boolean fits() {
    return units <= budget();
  }

  /** "95 characters and a screen holds 80 (UCS-2, because of 'é')", for messages. */
  String overflow() {
    return units + " characters and a screen holds " + budget() + encodingNote();
  }

  /** " (UCS-2, because of 'é')" or "" for GSM-7: tells an author which character to replace to gain room. */
  String encodingNote() {
    return ucs2Cause.map(c -> " (UCS-2, because of '" + c + "')").orElse("");
  }

  /** The first character that GSM-7 cannot carry, whole even when it is a surrogate pair. */
  static Optional<String> firstNonGsm7(String text) {
    return text.codePoints()
        .mapToObj(Character::toString)
        .filter(c -> !SmsEncoding.isGsm7(c))
        .findFirst();
  }

  /** The start of a long text, for quoting it in a message. */
  static String excerpt(String text) {
    String oneLine = text.replace('\n', ' ');
    return oneLine.length() <= 30 ? oneLine : oneLine.substring(0, 29) + "…";
  }
}
