package org.kabambe.connectors.duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DurationTextTest {
  /** What flows, bind URLs and smsc-sim's options accept; empty expected: the text is not a duration. */
  @ParameterizedTest(name = "''{0}'' -> {1} (bare number: {2})")
  @CsvSource(delimiter = '|', value = {
      "500ms      | PT0.5S    | PT0.5S",
      "30s        | PT30S     | PT30S",
      "10m        | PT10M     | PT10M",
      "12h        | PT12H     | PT12H",
      "14d        | PT336H    | PT336H",
      "0s         | PT0S      | PT0S",
      "' 2m '     | PT2M      | PT2M",
      "999999d    | PT23999976H | PT23999976H",
      "10         |           | PT10S",
      "0          |           | PT0S",
      "10 minutes |           |",
      "12 hours   |           |",
      "soon       |           |",
      "-5s        |           |",
      "1.5s       |           |",
      "5S         |           |",
      "1000000s   |           |",
      "''         |           |",
      "s          |           |"})
  void readsANumberAndAUnit(String text, String withUnit, String bareAsSeconds) {
    assertEquals(Optional.ofNullable(withUnit).map(Duration::parse), DurationText.parse(text));
    assertEquals(Optional.ofNullable(bareAsSeconds).map(Duration::parse), DurationText.parseSecondsByDefault(text));
  }
}
