package org.kabambe.input;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Folds what people type on a keypad into a comparable form: lower case, accents removed, punctuation and
 * repeated spaces dropped. "Arrêt!" and "ARRET" fold to the same word.
 */
public final class WordFolding {
  private static final Pattern MARKS = Pattern.compile("\\p{M}+");
  private static final Pattern NOT_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");

  private WordFolding() {}

  public static String fold(String s) {
    String decomposed = Normalizer.normalize(s, Normalizer.Form.NFD);
    String bare = MARKS.matcher(decomposed).replaceAll("");
    return NOT_WORD.matcher(bare.toLowerCase(Locale.ROOT)).replaceAll(" ").trim();
  }

  /** The first folded word of {@code s}, or "" when it has none. */
  public static String firstWord(String s) {
    String f = fold(s);
    int sp = f.indexOf(' ');
    return sp < 0 ? f : f.substring(0, sp);
  }
}
