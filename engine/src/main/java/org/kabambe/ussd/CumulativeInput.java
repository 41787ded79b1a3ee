package org.kabambe.ussd;

import java.util.Optional;

/**
 * For gateways that send every input so far joined by '*' (Africa's Talking: "1*2*abc"), the new input is what
 * this hop's text adds to the previous hop's text — not the last '*' segment, since a participant may type '*'.
 */
public final class CumulativeInput {
  private CumulativeInput() {}

  /**
   * The new input, or empty when {@code current} does not extend {@code previous} (the gateway lost track, or a
   * different session): then the caller should treat {@code current}'s last segment with care.
   */
  public static Optional<String> newInput(String previous, String current) {
    if (previous.isEmpty()) return Optional.of(current);
    if (current.equals(previous)) return Optional.empty();
    if (current.startsWith(previous + "*")) return Optional.of(current.substring(previous.length() + 1));
    return Optional.empty();
  }
}
