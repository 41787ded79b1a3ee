package org.kabambe.analytics;

import java.util.regex.Pattern;

/**
 * The fictional numbers the dashboard's web simulator dials from: +447700900000 to +447700900999, reserved by
 * Ofcom for drama, so no real participant has one. The rollup counts their runs, events and answers under the
 * channel {@value #CHANNEL}, which programme figures leave out unless asked for it: trying a flow does not
 * pollute its figures.
 */
public final class SimulatedNumbers {
  public static final Pattern PATTERN = Pattern.compile("\\+447700900\\d{3}");
  /** The channel the simulator's traffic is counted under. */
  public static final String CHANNEL = "sim";
  private static final String PREFIX = "+447700900";
  /** A LIKE pattern for the same numbers (stored numbers are E.164: digits only after the plus). */
  static final String LIKE = PREFIX + "___";

  private SimulatedNumbers() {}

  public static boolean matches(String phone) {
    if (phone.length() != PREFIX.length() + 3 || !phone.startsWith(PREFIX)) return false;
    for (int i = PREFIX.length(); i < phone.length(); i++) {
      if (phone.charAt(i) < '0' || phone.charAt(i) > '9') return false;
    }
    return true;
  }

  /** The channel a number's traffic counts under. */
  static String channel(String phone, String channel) {
    return matches(phone) ? CHANNEL : channel;
  }
}
