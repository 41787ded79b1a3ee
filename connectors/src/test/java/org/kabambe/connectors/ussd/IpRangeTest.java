package org.kabambe.connectors.ussd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Allowlist entries: exact addresses and CIDR blocks, IPv4 and IPv6, never a host name. */
class IpRangeTest {

  static Stream<Arguments> table() {
    return Stream.of(
        Arguments.of("127.0.0.1", "127.0.0.1", true),
        Arguments.of("127.0.0.1", "127.0.0.2", false),
        Arguments.of("10.0.0.0/8", "10.255.1.2", true),
        Arguments.of("10.0.0.0/8", "11.0.0.1", false),
        Arguments.of("196.201.214.0/23", "196.201.215.9", true),
        Arguments.of("196.201.214.0/23", "196.201.216.1", false),
        Arguments.of("0.0.0.0/0", "8.8.8.8", true),
        Arguments.of("2001:db8::/32", "2001:db8:1::5", true),
        Arguments.of("2001:db8::/32", "2001:db9::1", false),
        Arguments.of("::1", "0:0:0:0:0:0:0:1", true),
        Arguments.of("10.0.0.0/8", "::1", false),
        Arguments.of("10.0.0.0/8", "not-an-ip", false));
  }

  @ParameterizedTest(name = "{0} contains {1}: {2}")
  @MethodSource("table")
  void contains(String range, String address, boolean expected) {
    assertEquals(expected, IpRange.parse(range).contains(address));
  }

  @ParameterizedTest
  @ValueSource(strings = {"example.org", "10.0.0.0/33", "10.0.0/8", "10.0.0.0/x", "300.1.1.1", ""})
  void refusesWhatIsNotAnAddressOrBlock(String text) {
    assertThrows(IllegalArgumentException.class, () -> IpRange.parse(text));
  }
}
