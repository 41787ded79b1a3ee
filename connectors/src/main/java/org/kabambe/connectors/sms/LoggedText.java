package org.kabambe.connectors.sms;

/**
 * A value a caller sent (a session id, a keyword), as logs show it: control characters escaped, so a CR or LF
 * cannot forge a log line, and at most {@link #MAX} characters, so a long value cannot flood the log.
 */
public final class LoggedText {
  static final int MAX = 64;

  private LoggedText() {}

  public static String of(String value) {
    if (value == null) return "null";
    StringBuilder sb = new StringBuilder(Math.min(value.length(), MAX) + 8);
    for (int i = 0; i < value.length() && sb.length() < MAX; i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029') {
        sb.append(String.format("\\x%02x", (int) c & 0xff));
      } else {
        sb.append(c);
      }
    }
    if (sb.length() >= MAX && value.length() > MAX) sb.append("…(").append(value.length()).append(" chars)");
    return sb.toString();
  }
}
