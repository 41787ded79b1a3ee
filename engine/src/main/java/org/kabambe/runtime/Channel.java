package org.kabambe.runtime;

import java.util.Locale;

/** The channel a conversation runs on; the same flow renders differently on each. */
public enum Channel {
  USSD, SMS;

  /** The name flows see as {@code session.channel}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
