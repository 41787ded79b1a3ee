package org.kabambe.connectors.ussd;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Optional;

/**
 * An exact IP address or a CIDR block ({@code 196.201.214.0/24}, {@code 2001:db8::/32}) that may call a gateway URL.
 *
 * @param network the block's address bytes (4 for IPv4, 16 for IPv6)
 * @param prefixLength how many leading bits must match
 */
public record IpRange(byte[] network, int prefixLength) {

  public IpRange {
    network = network.clone();
    if (prefixLength < 0 || prefixLength > network.length * 8) {
      throw new IllegalArgumentException("prefix /" + prefixLength + " is out of range for this address");
    }
  }

  /** Parses {@code 10.0.0.0/8}, {@code 127.0.0.1} or an IPv6 literal; only literals, never a host name. */
  public static IpRange parse(String text) {
    String trimmed = text.strip();
    int slash = trimmed.indexOf('/');
    String address = slash < 0 ? trimmed : trimmed.substring(0, slash);
    byte[] bytes = literal(address).orElseThrow(
        () -> new IllegalArgumentException("not an IP address or CIDR block: '" + text + "'"));
    int prefix;
    try {
      prefix = slash < 0 ? bytes.length * 8 : Integer.parseInt(trimmed.substring(slash + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("bad prefix length in '" + text + "'");
    }
    return new IpRange(bytes, prefix);
  }

  /** Whether {@code address} (an IP literal as a server reports it) lies in this range. */
  public boolean contains(String address) {
    return literal(address).filter(this::contains).isPresent();
  }

  private boolean contains(byte[] candidate) {
    if (candidate.length != network.length) {
      return false;
    }
    int fullBytes = prefixLength / 8;
    for (int i = 0; i < fullBytes; i++) {
      if (candidate[i] != network[i]) {
        return false;
      }
    }
    int restBits = prefixLength % 8;
    if (restBits == 0) {
      return true;
    }
    int mask = 0xFF << (8 - restBits) & 0xFF;
    return (candidate[fullBytes] & mask) == (network[fullBytes] & mask);
  }

  // Only hex digits, dots, colons (and brackets/zone ids stripped) reach InetAddress, so it never does a DNS lookup.
  private static Optional<byte[]> literal(String address) {
    String bare = address.strip();
    if (bare.startsWith("[") && bare.endsWith("]")) {
      bare = bare.substring(1, bare.length() - 1);
    }
    int zone = bare.indexOf('%');
    if (zone >= 0) {
      bare = bare.substring(0, zone);
    }
    if (bare.isEmpty() || !bare.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == '.' || c == ':')) {
      return Optional.empty();
    }
    if (bare.indexOf(':') < 0 && !isDottedQuad(bare)) {
      return Optional.empty();
    }
    try {
      return Optional.of(InetAddress.getByName(bare).getAddress());
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }

  private static boolean isDottedQuad(String text) {
    return text.matches("\\d{1,3}(\\.\\d{1,3}){3}")
        && Arrays.stream(text.split("\\.")).allMatch(octet -> Integer.parseInt(octet) <= 255);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof IpRange range && range.prefixLength == prefixLength
        && Arrays.equals(range.network, network);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(network) + prefixLength;
  }

  @Override
  public String toString() {
    try {
      return InetAddress.getByAddress(network).getHostAddress() + "/" + prefixLength;
    } catch (UnknownHostException e) {
      return Arrays.toString(network) + "/" + prefixLength;
    }
  }
}
