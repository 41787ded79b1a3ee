package org.kabambe.analytics;

import java.util.regex.Pattern;

/**
 * The fictional numbers the dashboard's web simulator dials from: +447700900900 to +447700900999, the top of the
 * range Ofcom reserves for drama, so no real participant has one. The rollup counts their runs, events and
 * answers under the channel {@value #CHANNEL}, which programme figures leave out unless asked for it: trying a
 * flow does not pollute its figures. The rest of the drama range is for demo contacts and flow tests (the seeds
 * use +4477009005xx), whose journeys count like anyone's; a contact import refuses the simulator's numbers.
 */
public final class SimulatedNumbers {
  private static final String PREFIX = "+4477009009";
  public static final Pattern PATTERN = Pattern.compile("\\+4477009009\\d{2}");
  /** The range, as the API and messages name it. */
  public static final String RANGE = PREFIX + "00.." + PREFIX + "99";
  /** The channel the simulator's traffic is counted under. */
  public static final String CHANNEL = "sim";
  /** A LIKE pattern for the same numbers (stored numbers are E.164: digits only after the plus). */
  static final String LIKE = PREFIX + "__";

  private SimulatedNumbers() {}

  public static boolean matches(String phone) {
    if (phone.length() != PREFIX.length() + 2 || !phone.startsWith(PREFIX)) return false;
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
