package org.kabambe.contact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** How the numbers gateways and spreadsheets send become E.164, per deployment region. */
class PhoneNumbersTest {

  @ParameterizedTest(name = "{1} in {0} -> {2}")
  @CsvSource(delimiter = '|', value = {
      "KE | 0712 000 111      | +254712000111",
      "KE | 0712-000-111      | +254712000111",
      "KE | 712000111         | +254712000111",
      "KE | 254712000111      | +254712000111",
      "KE | +254 712 000 111  | +254712000111",
      "KE | 00254712000111    | +254712000111",
      "KE | tel:+254712000111 | +254712000111",
      "KE | +233244123456     | +233244123456",
      "KE | 233244123456      | +233244123456",
      "KE | 00256772123456    | +256772123456",
      "GH | 024 412 3456      | +233244123456",
      "GH | 0244123456        | +233244123456",
      "GH | 254712000111      | +254712000111",
      "UG | 0772 123456       | +256772123456",
      "UG | 256772123456      | +256772123456",
      "UG | +256 772 123 456  | +256772123456",
      "GB | +44 7700 900500   | +447700900500",
      "KE | +447700900500     | +447700900500",
  })
  void normalisesToE164(String region, String raw, String e164) {
    assertEquals(new ParsedNumber.Valid(e164), PhoneNumbers.forRegion(region).parse(raw));
  }

  @ParameterizedTest(name = "{1} in {0} is invalid")
  @CsvSource(delimiter = '|', value = {
      "KE | 12345",
      "KE | +254 12",
      "KE | 0712 000",
      "KE | +999712000111",
      "KE | call me",
      "KE | 07I2000111",
      "GH | 0712 000 111 111 1",
      "GB | 07700 900500",
      "KE | 447700900500",
  })
  void reportsInvalidNumbers(String region, String raw) {
    var parsed = PhoneNumbers.forRegion(region).parse(raw);
    var invalid = assertInstanceOf(ParsedNumber.Invalid.class, parsed);
    assertTrue(invalid.reason().contains(raw.strip()), invalid.reason());
  }

  @Test
  void emptyIsInvalid() {
    assertInstanceOf(ParsedNumber.Invalid.class, PhoneNumbers.forRegion("KE").parse("  "));
  }

  @Test
  void withoutRegionLocalNumbersAreInvalidButInternationalOnesAreRead() {
    var numbers = PhoneNumbers.INTERNATIONAL;
    assertEquals(new ParsedNumber.Valid("+254712000111"), numbers.parse("254712000111"));
    var local = assertInstanceOf(ParsedNumber.Invalid.class, numbers.parse("0712000111"));
    assertTrue(local.reason().contains("no default region"), local.reason());
  }

  @Test
  void hopKeyKeepsUnknownNumbersAsGivenWithoutGuessingACountry() {
    var ke = PhoneNumbers.forRegion("KE");
    assertEquals("+254712000111", ke.key("0712 000 111"));
    assertEquals("+99912345", ke.key("+999 12345"));
    assertEquals("+99912345", ke.key("0099912345"));
    assertEquals("12345", ke.key("12345"));
  }

  @Test
  void unknownRegionIsAUsageErrorNamingTheFix() {
    var e = assertThrows(IllegalArgumentException.class, () -> PhoneNumbers.forRegion("Kenya"));
    assertTrue(e.getMessage().contains("two-letter"), e.getMessage());
  }
}
