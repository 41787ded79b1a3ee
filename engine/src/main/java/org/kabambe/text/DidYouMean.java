package org.kabambe.text;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * Suggests the name an author probably meant ("optons" -> "options"), by edit distance with transpositions, so
 * every "unknown ..." message in Kabambe can end with the same kind of hint.
 */
public final class DidYouMean {
  private DidYouMean() {}

  /** The closest candidate within a few edits of {@code word} (more allowed for longer words), if any. */
  public static Optional<String> closest(String word, Collection<String> candidates) {
    String w = word.toLowerCase(Locale.ROOT);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String c : candidates) {
      int d = distance(w, c.toLowerCase(Locale.ROOT));
      if (d < bestDistance) {
        best = c;
        bestDistance = d;
      }
    }
    return best != null && bestDistance <= allowedEdits(w) ? Optional.of(best) : Optional.empty();
  }

  /** {@code "; did you mean 'x'?"} for the closest candidate, or the empty string when none is close. */
  public static String hint(String word, Collection<String> candidates) {
    return closest(word, candidates).map(c -> "; did you mean '" + c + "'?").orElse("");
  }

  private static int allowedEdits(String word) {
    if (word.length() <= 3) return 1;
    return word.length() <= 6 ? 2 : 3;
  }

  /** Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps cost 1. */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) d[i][0] = i;
    for (int j = 0; j <= b.length(); j++) d[0][j] = j;
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
