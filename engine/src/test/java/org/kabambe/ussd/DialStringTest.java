package org.kabambe.ussd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class DialStringTest {
  private static final List<String> CODES = List.of("*384*12#", "*384*13#", "*384#");

  @Test
  void plainCodeHasNoInputs() {
    assertEquals(new DialString("*384*12#", List.of()), DialString.match("*384*12#", CODES).orElseThrow());
  }

  @Test
  void prefilledInputsFollowTheCode() {
    assertEquals(new DialString("*384*12#", List.of("1", "2")), DialString.match("*384*12*1*2#", CODES).orElseThrow());
  }

  @Test
  void longestCodeWins() {
    assertEquals(new DialString("*384#", List.of("7")), DialString.match("*384*7#", CODES).orElseThrow());
    assertEquals("*384*13#", DialString.match("*384*13*4#", CODES).orElseThrow().serviceCode());
  }

  @Test
  void codesWithoutStarOrHashAreReadAlike() {
    assertEquals(new DialString("*384*12#", List.of("1")), DialString.match("384*12*1", CODES).orElseThrow());
  }

  @Test
  void unknownCodeMatchesNothing() {
    assertTrue(DialString.match("*999#", CODES).isEmpty());
    assertTrue(DialString.match("*3841#", CODES).isEmpty());
  }

  @Test
  void cumulativeInputIsTheDifferenceNotTheLastSegment() {
    assertEquals("abc*d", CumulativeInput.newInput("1*2", "1*2*abc*d").orElseThrow());
    assertEquals("1", CumulativeInput.newInput("", "1").orElseThrow());
    assertEquals("", CumulativeInput.newInput("1", "1*").orElseThrow());
    assertTrue(CumulativeInput.newInput("1*2", "1*2").isEmpty());
    assertTrue(CumulativeInput.newInput("1*2", "3").isEmpty());
  }
}
