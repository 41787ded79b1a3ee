package org.kabambe.text;

import java.util.Collection;
import java.util.Optional;

/** Suggests the known name closest to a mistyped one (Levenshtein distance), for "did you mean" hints. */
public final class DidYouMean {
  private DidYouMean() {}

  /**
   * The candidate nearest to {@code word}, if it is close enough to be a plausible typo: at most a third of the
   * word's length in edits (at least one). Ties go to the alphabetically first, so hints are stable.
   */
  public static Optional<String> closest(String word, Collection<String> candidates) {
    int limit = Math.max(1, word.length() / 3);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String c : candidates) {
      int d = distance(word, c);
      if (d <= limit && (d < bestDistance || d == bestDistance && c.compareTo(best) < 0)) {
        best = c;
        bestDistance = d;
      }
    }
    return Optional.ofNullable(best);
  }

  /** Edits (insert, delete, substitute one char) that turn {@code a} into {@code b}; two rows of the table. */
  public static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) prev[j] = j;
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitute = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        cur[j] = Math.min(substitute, Math.min(prev[j], cur[j - 1]) + 1);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
