package org.kabambe.diag;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DidYouMeanTest {
  private static final List<String> NAMES = List.of("age", "trust", "district", "due_date");

  @Test
  void suggestsTheNearestNameForATypo() {
    assertEquals(Optional.of("age"), DidYouMean.closest("agee", NAMES));
    assertEquals(Optional.of("trust"), DidYouMean.closest("trsut", NAMES));
    assertEquals(Optional.of("district"), DidYouMean.closest("distrcit", NAMES));
    assertEquals(Optional.of("due_date"), DidYouMean.closest("duedate", NAMES));
  }

  @Test
  void suggestsTheRightCaseForAWordTypedInAnother() {
    assertEquals(Optional.of("age"), DidYouMean.closest("Age", NAMES));
  }

  @Test
  void staysQuietWhenNothingIsClose() {
    assertEquals(Optional.empty(), DidYouMean.closest("zebra", NAMES));
    assertEquals(Optional.empty(), DidYouMean.closest("age", NAMES));
    assertEquals(Optional.empty(), DidYouMean.closest("x", List.of()));
  }

  @Test
  void countsEditsLikeLevenshtein() {
    assertEquals(3, DidYouMean.distance("kitten", "sitting"));
    assertEquals(1, DidYouMean.distance("nwo", "now"));
    assertEquals(0, DidYouMean.distance("", ""));
    assertEquals(4, DidYouMean.distance("", "abcd"));
  }

  private static final List<String> KEYS = List.of("text", "options", "save", "invalid");

  @Test
  void suggestsTheCloseKey() {
    assertEquals(Optional.of("options"), DidYouMean.closest("optons", KEYS));
    assertEquals(Optional.of("text"), DidYouMean.closest("txet", KEYS)); // a swap is one edit
    assertEquals(Optional.of("q_3"), DidYouMean.closest("q3", List.of("q_3", "intro")));
    assertEquals("", DidYouMean.hint("zzz", KEYS));
  }

  @Test
  void hintReadsAsASentenceEnd() {
    assertEquals("; did you mean 'save'?", DidYouMean.hint("sav", KEYS));
  }
}
