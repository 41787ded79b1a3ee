package org.kabambe.server;

import java.util.List;
import java.util.Optional;

/**
 * One pass through the demo vaccine survey in English over Africa's Talking, every hop saving one answer except
 * the dial: the cumulative {@code text} of each hop in a fresh session, a piece of the screen it must show, and the
 * input that answers that screen.
 */
final class VaccineScript {
  private VaccineScript() {}

  record Step(String text, String marker, boolean savesAnswer, boolean ends, String answer) {}

  private static final String[] INPUTS = {"1", "1", "34", "1", "1", "1", "1", "2", "1", "2", "1", "1"};
  private static final String[] MARKERS = {"Language / Langue", "Vaccine survey", "How old are you",
      "such as measles", "first vaccines", "safe for my family", "children's health", "worries you most",
      "in the last 5 years", "child under 5", "would you take it", "Who do you trust most",
      "Thank you! Your answers help"};

  static final List<Step> STEPS = steps();

  /** The step whose screen {@code screen} is, if it is one of the survey's. */
  static Optional<Integer> stepShowing(String screen) {
    for (int i = 0; i < STEPS.size(); i++) {
      if (screen.contains(STEPS.get(i).marker())) return Optional.of(i);
    }
    return Optional.empty();
  }

  private static List<Step> steps() {
    var out = new java.util.ArrayList<Step>();
    String text = "";
    for (int i = 0; i < MARKERS.length; i++) {
      if (i > 0) text = i == 1 ? INPUTS[0] : text + "*" + INPUTS[i - 1];
      out.add(new Step(text, MARKERS[i], i > 0, i == MARKERS.length - 1, i < INPUTS.length ? INPUTS[i] : ""));
    }
    return List.copyOf(out);
  }
}
