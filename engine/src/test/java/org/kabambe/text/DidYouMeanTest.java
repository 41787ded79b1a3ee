package org.kabambe.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DidYouMeanTest {
  private static final List<String> KEYS = List.of("text", "options", "save", "invalid");

  @Test
  void suggestsTheCloseKey() {
    assertEquals(Optional.of("options"), DidYouMean.closest("optons", KEYS));
    assertEquals(Optional.of("text"), DidYouMean.closest("txet", KEYS)); // a swap is one edit
    assertEquals(Optional.of("q_3"), DidYouMean.closest("q3", List.of("q_3", "intro")));
  }

  @Test
  void staysQuietWhenNothingIsClose() {
    assertEquals(Optional.empty(), DidYouMean.closest("colour", KEYS));
    assertEquals("", DidYouMean.hint("zzz", KEYS));
  }

  @Test
  void hintReadsAsASentenceEnd() {
    assertEquals("; did you mean 'save'?", DidYouMean.hint("sav", KEYS));
  }
}
