package org.kabambe.runtime;

import java.util.List;
import java.util.OptionalInt;
import org.kabambe.input.WordFolding;

/**
 * Reads a menu choice. The number always works; over SMS the label's words work too ("yes", "Oui!", "not sure"),
 * compared folded: the whole label first, then the only label that starts with, or has as a word, what was sent.
 */
public final class OptionMatcher {
  private OptionMatcher() {}

  /** The position (0-based) in {@code options} of the chosen option, or empty. */
  public static OptionalInt match(String input, List<Prompt.Option> options, boolean byWords) {
    String t = input.strip();
    OptionalInt byNumber = byNumber(t, options);
    if (byNumber.isPresent() || !byWords) return byNumber;
    String folded = WordFolding.fold(t);
    if (folded.isEmpty()) return OptionalInt.empty();
    for (int i = 0; i < options.size(); i++) {
      if (WordFolding.fold(options.get(i).label()).equals(folded)) return OptionalInt.of(i);
    }
    OptionalInt prefix = unique(options, folded, true);
    return prefix.isPresent() ? prefix : unique(options, folded, false);
  }

  private static OptionalInt byNumber(String t, List<Prompt.Option> options) {
    if (t.isEmpty() || t.length() > 3) return OptionalInt.empty();
    for (int i = 0; i < t.length(); i++) {
      if (t.charAt(i) < '0' || t.charAt(i) > '9') return OptionalInt.empty();
    }
    int n = Integer.parseInt(t);
    for (int i = 0; i < options.size(); i++) {
      if (options.get(i).number() == n) return OptionalInt.of(i);
    }
    return OptionalInt.empty();
  }

  private static OptionalInt unique(List<Prompt.Option> options, String folded, boolean prefixOnly) {
    int found = -1;
    for (int i = 0; i < options.size(); i++) {
      String label = WordFolding.fold(options.get(i).label());
      boolean hit = prefixOnly ? label.startsWith(folded) : (" " + label + " ").contains(" " + folded + " ");
      if (hit) {
        if (found >= 0) return OptionalInt.empty();
        found = i;
      }
    }
    return found < 0 ? OptionalInt.empty() : OptionalInt.of(found);
  }
}
