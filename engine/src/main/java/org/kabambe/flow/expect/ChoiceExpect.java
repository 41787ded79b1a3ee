package org.kabambe.flow.expect;

import java.util.List;
import java.util.Optional;
import org.kabambe.expr.ValueType;
import org.kabambe.input.WordFolding;

/** One of a list of accepted words, matched case-, accent- and punctuation-insensitively; saves the listed word. */
public record ChoiceExpect(List<String> words) implements Expect {
  public ChoiceExpect {
    words = List.copyOf(words);
  }

  public ValueType valueType() {
    return ValueType.TEXT;
  }

  public Optional<Object> parse(String input, String language) {
    String w = WordFolding.fold(input);
    for (String word : words) {
      if (WordFolding.fold(word).equals(w)) return Optional.of(word);
    }
    return Optional.empty();
  }

  public String kind() {
    return "choice";
  }
}
