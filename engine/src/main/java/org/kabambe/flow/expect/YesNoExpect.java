package org.kabambe.flow.expect;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.kabambe.expr.ValueType;
import org.kabambe.input.WordFolding;

/** Yes or no: "1"/"2", or the words of the participant's language (English words are understood everywhere). */
public record YesNoExpect() implements Expect {
  private static final Map<String, Set<String>> YES = Map.of(
      "en", Set.of("yes", "y", "yeah", "yep", "ok"),
      "fr", Set.of("oui", "o", "ouais", "d accord"),
      "sw", Set.of("ndiyo", "ndio", "ndyo", "sawa"),
      "pt", Set.of("sim", "s"));
  private static final Map<String, Set<String>> NO = Map.of(
      "en", Set.of("no", "n", "nope"),
      "fr", Set.of("non", "n"),
      "sw", Set.of("hapana", "la"),
      "pt", Set.of("nao", "n"));

  public ValueType valueType() {
    return ValueType.BOOL;
  }

  public Optional<Object> parse(String input, String language) {
    String w = WordFolding.fold(input);
    if (w.equals("1")) return Optional.of(true);
    if (w.equals("2")) return Optional.of(false);
    if (YES.getOrDefault(language, Set.of()).contains(w) || YES.get("en").contains(w)) return Optional.of(true);
    if (NO.getOrDefault(language, Set.of()).contains(w) || NO.get("en").contains(w)) return Optional.of(false);
    return Optional.empty();
  }

  public String kind() {
    return "yes_no";
  }
}
