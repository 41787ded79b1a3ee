package org.kabambe.runtime;

/** The channel a conversation runs on; the same flow renders differently on each. */
public enum Channel {
  USSD, SMS;

  /** The name flows see as {@code session.channel}. */
  public String id() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
