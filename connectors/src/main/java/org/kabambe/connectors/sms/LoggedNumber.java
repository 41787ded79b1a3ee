package org.kabambe.connectors.sms;

/**
 * A phone number as logs show it: its last three digits, e.g. {@code …001}. Numbers are personal data and logs are
 * pseudonymised; three digits tell one incident's numbers apart without identifying anyone, and need no
 * deployment secret (the connectors have none).
 */
public final class LoggedNumber {
  private static final int SHOWN = 3;

  private LoggedNumber() {}

  public static String of(String number) {
    String digits = number.replaceAll("[^0-9]", "");
    return "…" + digits.substring(Math.max(0, digits.length() - SHOWN));
  }
}
