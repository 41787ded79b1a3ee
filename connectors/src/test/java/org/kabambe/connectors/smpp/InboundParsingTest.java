package org.kabambe.connectors.smpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.kabambe.connectors.sms.DeliveryReport.State;

/** Receipt text, id normalisation, UDH parsing and MO reassembly, as tables of what SMSCs send. */
class InboundParsingTest {
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "id:A1B2C3 sub:001 dlvrd:001 submit date:2611280900 done date:2611280901 stat:DELIVRD err:000 text:Hi"
          + " | A1B2C3 | DELIVERED | 000",
      "id:12345 sub:001 dlvrd:000 submit date:261128090000 done date:261128090105 stat:UNDELIV err:034 text:"
          + " | 12345 | UNDELIVERABLE | 034",
      "ID:x-1 STAT:expired ERR:1 | x-1 | EXPIRED | 1",
      "id:77 stat:REJECTD | 77 | REJECTED | ''",
      "id:78 stat:WHATEVER err:0 | 78 | UNKNOWN | 0"})
  void receiptTextIsRead(String text, String id, State state, String error) {
    ReceiptText r = ReceiptText.parse(text).orElseThrow();
    assertEquals(id, r.id());
    assertEquals(state, r.state());
    assertEquals(error, r.error());
  }

  @Test
  void receiptDatesHaveTenOrTwelveDigits() {
    ReceiptText r = ReceiptText.parse("id:1 submit date:2611280900 done date:261128090105 stat:DELIVRD")
        .orElseThrow();
    assertEquals(Optional.of(LocalDateTime.of(2026, 11, 28, 9, 0)), r.submitDate());
    assertEquals(Optional.of(LocalDateTime.of(2026, 11, 28, 9, 1, 5)), r.doneDate());
    assertTrue(ReceiptText.parse("sub:001 stat:DELIVRD").isEmpty());
  }

  @ParameterizedTest
  @CsvSource({
      "AS_GIVEN, A1B2C3, A1B2C3, 10597059, 10597059",
      "DECIMAL,  A1B2C3, a1b2c3, 10597059, a1b2c3",
      "DECIMAL,  00FF,   ff,     255,      ff",
      "HEX,      10597059, 10597059, a1b2c3, 10597059"})
  void receiptIdsAreBroughtToTheSubmitForm(ReceiptIdFormat f, String submit, String normalSubmit, String receipt,
      String normalReceipt) {
    assertEquals(normalSubmit, f.fromSubmit(submit));
    assertEquals(normalReceipt, f.fromReceipt(receipt));
  }

  @Test
  void udhConcatElementsAreFoundAmongOthers() {
    byte[] eightBit = {0x00, 0x03, 0x2A, 0x03, 0x02};
    assertEquals(Optional.of(new InboundPdu.Concat(0x2A, 3, 2)), UserDataHeader.concat(eightBit, 0, 5));
    byte[] withPortsFirst = {0x05, 0x04, 0x0B, (byte) 0x84, 0x23, (byte) 0xF0, 0x08, 0x04, 0x01, 0x02, 0x02, 0x01};
    assertEquals(Optional.of(new InboundPdu.Concat(0x0102, 2, 1)), UserDataHeader.concat(withPortsFirst, 0, 12));
    byte[] seqBeyondTotal = {0x00, 0x03, 0x01, 0x02, 0x03};
    assertEquals(Optional.empty(), UserDataHeader.concat(seqBeyondTotal, 0, 5));
  }

  @Test
  void partsAreJoinedInOrderAndExpiredIncompleteWithTheMissingNumbers() {
    MutableClock clock = new MutableClock();
    ConcatenatedMoBuffer buffer = new ConcatenatedMoBuffer(Duration.ofSeconds(60), clock);
    InboundPdu.Concat second = new InboundPdu.Concat(7, 3, 2);
    assertTrue(buffer.add(new InboundPdu.MoPart("a", "384", "B", Optional.of(second)), second).isEmpty());
    InboundPdu.Concat first = new InboundPdu.Concat(7, 3, 1);
    assertTrue(buffer.add(new InboundPdu.MoPart("a", "384", "A", Optional.of(first)), first).isEmpty());
    assertEquals(List.of(), buffer.expire());
    clock.now = clock.now.plusSeconds(61);
    List<ConcatenatedMoBuffer.Assembled> expired = buffer.expire();
    assertEquals(1, expired.size());
    assertEquals("AB", expired.get(0).text());
    assertEquals(List.of(3), expired.get(0).missing());
    assertEquals(0, buffer.size());
  }

  private static final class MutableClock extends Clock {
    Instant now = Instant.parse("2026-11-28T09:00:00Z");

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
