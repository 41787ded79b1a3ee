package org.kabambe.connectors.smpp;

import java.util.List;
import java.util.Objects;

/**
 * A message the {@link SmscSimulator} accepted, its parts reassembled.
 *
 * @param from       the submit's source address
 * @param to         the submit's destination address
 * @param text       the whole text, decoded (GSM-7 unpacked or UCS-2)
 * @param messageIds the ids the simulator answered, one per part in order
 * @param concat     how the parts were joined: UDH, SAR, PAYLOAD; or empty when the message was a single part
 * @param dataCoding the data_coding of the parts
 */
public record ReceivedMessage(String from, String to, String text, List<String> messageIds, String concat,
    int dataCoding) {
  public ReceivedMessage {
    Objects.requireNonNull(text, "text");
    messageIds = List.copyOf(messageIds);
  }
}
