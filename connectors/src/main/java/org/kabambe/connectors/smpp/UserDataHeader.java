package org.kabambe.connectors.smpp;

import java.util.Optional;

/** Reads the concatenation element of a user data header (IE 0x00, 8-bit reference, or 0x08, 16-bit). */
final class UserDataHeader {
  private UserDataHeader() {}

  /** The concatenation info in the information elements at {@code [from, to)}, if any. */
  static Optional<InboundPdu.Concat> concat(byte[] data, int from, int to) {
    int i = from;
    while (i + 1 < to) {
      int iei = data[i] & 0xFF;
      int length = data[i + 1] & 0xFF;
      int value = i + 2;
      if (value + length > to) {
        return Optional.empty();
      }
      if (iei == 0x00 && length == 3) {
        return valid(data[value] & 0xFF, data[value + 1] & 0xFF, data[value + 2] & 0xFF);
      }
      if (iei == 0x08 && length == 4) {
        int reference = ((data[value] & 0xFF) << 8) | (data[value + 1] & 0xFF);
        return valid(reference, data[value + 2] & 0xFF, data[value + 3] & 0xFF);
      }
      i = value + length;
    }
    return Optional.empty();
  }

  private static Optional<InboundPdu.Concat> valid(int reference, int total, int seq) {
    // total 0 or 1, or seq outside 1..total, is a malformed header: treat the message as a single one.
    return total > 1 && seq >= 1 && seq <= total
        ? Optional.of(new InboundPdu.Concat(reference, total, seq))
        : Optional.empty();
  }
}
