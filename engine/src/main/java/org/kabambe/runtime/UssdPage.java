package org.kabambe.runtime;

import org.kabambe.connectors.sms.Encoding;

/**
 * One USSD screen as sent to the gateway, with its navigation footer already in {@code text}.
 *
 * @param closes    true when this screen ends the session (the gateway's {@code END})
 * @param page      zero-based index of this page among the prompt's pages
 * @param encoding  the alphabet the screen needs; {@code units} counts in it (septets or UTF-16 units)
 */
public record UssdPage(String text, boolean closes, int page, int pageCount, Encoding encoding, int units) {
  /** True when "98 More" leads to a further page. */
  public boolean hasMore() {
    return page < pageCount - 1;
  }
}
