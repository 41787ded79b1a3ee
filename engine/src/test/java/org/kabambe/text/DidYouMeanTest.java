package org.kabambe.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DidYouMeanTest {
  @Test
  void suggestsTheClosestName() {
    assertEquals(Optional.of("welcome"), DidYouMean.closest("welcom", List.of("goodbye", "welcome", "age")));
    assertEquals(Optional.of("age"), DidYouMean.closest("ag", List.of("goodbye", "welcome", "age")));
    assertEquals(Optional.of("confirm_age"), DidYouMean.closest("confrim_age", List.of("confirm_age", "age")));
  }

  @Test
  void suggestsNothingWhenEverythingIsFar() {
    assertEquals(Optional.empty(), DidYouMean.closest("payment", List.of("welcome", "age")));
    assertEquals(Optional.empty(), DidYouMean.closest("x", List.of()));
  }

  @Test
  void breaksTiesAlphabetically() {
    assertEquals(Optional.of("cat"), DidYouMean.closest("bat", List.of("hat", "cat")));
  }

  @Test
  void countsEdits() {
    assertEquals(3, DidYouMean.distance("kitten", "sitting"));
    assertEquals(0, DidYouMean.distance("", ""));
    assertEquals(4, DidYouMean.distance("", "abcd"));
  }
}
