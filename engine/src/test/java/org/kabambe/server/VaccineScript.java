package org.kabambe.server;

import java.util.List;

/**
 * One pass through the demo vaccine survey in English over Africa's Talking, every hop saving one answer except
 * the dial: the cumulative {@code text} of each hop and a piece of the screen it must show.
 */
final class VaccineScript {
  private VaccineScript() {}

  record Step(String text, String marker, boolean savesAnswer, boolean ends) {}

  private static final String[] INPUTS = {"1", "1", "34", "1", "1", "1", "1", "2", "1", "2", "1", "1"};
  private static final String[] MARKERS = {"Language / Langue", "Vaccine survey", "How old are you",
      "such as measles", "first vaccines", "safe for my family", "children's health", "worries you most",
      "in the last 5 years", "child under 5", "would you take it", "Who do you trust most",
      "Thank you! Your answers help"};

  static final List<Step> STEPS = steps();

  private static List<Step> steps() {
    var out = new java.util.ArrayList<Step>();
    String text = "";
    for (int i = 0; i < MARKERS.length; i++) {
      if (i > 0) text = i == 1 ? INPUTS[0] : text + "*" + INPUTS[i - 1];
      out.add(new Step(text, MARKERS[i], i > 0, i == MARKERS.length - 1));
    }
    return List.copyOf(out);
  }
}
