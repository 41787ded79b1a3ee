package org.kabambe.diag;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** Suggests the known word closest to a misspelt one, for "did you mean ...?" hints in error messages. */
public final class DidYouMean {
  private DidYouMean() {}

  /**
   * The candidate nearest to {@code word} by edit distance (ignoring case), if it is close enough to be a likely
   * typo: one edit for words of up to 4 letters, two up to 8, three beyond. Ties go to the alphabetically first.
   */
  public static Optional<String> closest(String word, Collection<String> candidates) {
    String w = word.toLowerCase(Locale.ROOT);
    int allowed = w.length() <= 4 ? 1 : w.length() <= 8 ? 2 : 3;
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String c : candidates) {
      int d = distance(w, c.toLowerCase(Locale.ROOT));
      if (d < bestDistance || (d == bestDistance && c.compareTo(best) < 0)) {
        best = c;
        bestDistance = d;
      }
    }
    // A word that differs only in case still gets its suggestion; an exact match is not a typo.
    return best != null && bestDistance <= allowed && !best.equals(word) ? Optional.of(best) : Optional.empty();
  }

  /** {@code "; did you mean 'x'?"} for the closest candidate, or the empty string when none is close. */
  public static String hint(String word, Collection<String> candidates) {
    return closest(word, candidates).map(c -> "; did you mean '" + c + "'?").orElse("");
  }

  /**
   * Edit distance: insertions, deletions, substitutions and swaps of two neighbouring letters each cost one
   * (Levenshtein plus transpositions, the "optimal string alignment" variant), so "nwo" is one edit from "now".
   */
  public static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) d[i][0] = i;
    for (int j = 0; j <= b.length(); j++) d[0][j] = j;
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(d[i - 1][j - 1] + cost, Math.min(d[i - 1][j], d[i][j - 1]) + 1);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
