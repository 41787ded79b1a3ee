package org.kabambe.connectors.sms;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LoggedNumberTest {
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "+254711000123 | …123",
      "254 711 000 456 | …456",
      "12 | …12",
      "'' | …",
      "USSD-gw | …"})
  void logsShowOnlyTheLastThreeDigits(String number, String logged) {
    assertEquals(logged, LoggedNumber.of(number));
  }
}
