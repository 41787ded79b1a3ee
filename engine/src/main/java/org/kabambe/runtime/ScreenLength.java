package org.kabambe.runtime;

import org.kabambe.connectors.sms.Encoding;
import org.kabambe.connectors.sms.SmsEncoding;

/**
 * The length of some screen text in both alphabets at once, so that a page's encoding can be decided after
 * its lines are chosen. {@code septets} is -1 once any character is outside GSM-7.
 */
record ScreenLength(int septets, int utf16) {
  static final ScreenLength EMPTY = new ScreenLength(0, 0);

  static ScreenLength of(String text) {
    return new ScreenLength(SmsEncoding.septets(text), text.length());
  }

  boolean isEmpty() {
    return utf16 == 0;
  }

  Encoding encoding() {
    return septets >= 0 ? Encoding.GSM7 : Encoding.UCS2;
  }

  int units() {
    return septets >= 0 ? septets : utf16;
  }

  /** This text and {@code next} on separate lines (a newline is one unit in both alphabets). */
  ScreenLength thenLine(ScreenLength next) {
    if (next.isEmpty()) {
      return this;
    }
    if (isEmpty()) {
      return next;
    }
    int joinedSeptets = septets < 0 || next.septets < 0 ? -1 : septets + 1 + next.septets;
    return new ScreenLength(joinedSeptets, utf16 + 1 + next.utf16);
  }
}
