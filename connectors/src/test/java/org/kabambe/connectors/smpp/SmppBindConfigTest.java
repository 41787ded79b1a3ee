package org.kabambe.connectors.smpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SmppBindConfigTest {
  @Test
  void defaultsAreATransceiverAt50TpsWindow10WithUdh() {
    SmppBindConfig c = SmppBindConfig.parse("smpp://kabambe:secret@smsc.example.org:2775");
    assertEquals("kabambe", c.systemId());
    assertEquals("secret", c.password());
    assertEquals("smsc.example.org", c.host());
    assertEquals(2775, c.port());
    assertEquals(BindMode.TRX, c.bindMode());
    assertEquals(50, c.tps());
    assertEquals(10, c.window());
    assertEquals(ConcatMode.UDH, c.concat());
    assertEquals(EncodingPolicy.GSM7, c.encoding());
    assertEquals(ReceiptIdFormat.AS_GIVEN, c.receiptIds());
    assertEquals("smpp:main", c.providerName());
    assertEquals(OptionalInt.empty(), c.sourceTon());
    assertEquals(Duration.ofSeconds(10), c.transactionTimer());
  }

  @Test
  void ussdIsOffUnlessTheBindAsksForAProfile() {
    assertEquals(UssdProfile.NONE, SmppBindConfig.parse("smpp://k:s@h:2775").ussd());
    assertEquals(182, SmppBindConfig.parse("smpp://k:s@h:2775").ussdBudget());
    SmppBindConfig c = SmppBindConfig.parse("smpp://k:s@h:2775?ussd=default&ussd_budget=160");
    assertEquals(UssdProfile.DEFAULT, c.ussd());
    assertEquals(160, c.ussdBudget());
    assertThrows(IllegalArgumentException.class, () -> SmppBindConfig.parse("smpp://k:s@h:2775?ussd=huawei"));
    assertThrows(IllegalArgumentException.class, () -> SmppBindConfig.parse("smpp://k:s@h:2775?ussd_budget=300"));
  }

  @Test
  void itsSessionInfoCarriesTheSessionNumberAndTheEndBit() {
    assertEquals((short) 0x0700, UssdProfile.itsSessionInfo(7, false));
    assertEquals((short) 0xFF01, UssdProfile.itsSessionInfo(255, true));
    assertEquals(0x02, UssdProfile.DEFAULT.replyOp(false));
    assertEquals(0x11, UssdProfile.DEFAULT.replyOp(true));
  }

  @Test
  void everyParameterIsRead() {
    SmppBindConfig c = SmppBindConfig.parse("smpp://u%40x:p%23%2B+w@10.0.0.5:9000?tps=20&window=4&type=txrx"
        + "&system_type=VMA&source=%2B255700&source_ton=1&source_npi=1&concat=sar&encoding=ucs2"
        + "&receipt_id=decimal&name=vodacom&timeout=500ms&enquire_link=1m&reconnect_min=2s&reconnect_max=1m"
        + "&ack_timeout=3s&mo_timeout=90s");
    assertEquals("u@x", c.systemId());
    assertEquals("p#++w", c.password()); // '+' stays '+': it is not a form
    assertEquals(BindMode.TXRX, c.bindMode());
    assertEquals(20, c.tps());
    assertEquals(4, c.window());
    assertEquals("VMA", c.systemType());
    assertEquals("+255700", c.source());
    assertEquals(OptionalInt.of(1), c.sourceTon());
    assertEquals(ConcatMode.SAR, c.concat());
    assertEquals(EncodingPolicy.UCS2, c.encoding());
    assertEquals(ReceiptIdFormat.DECIMAL, c.receiptIds());
    assertEquals("smpp:vodacom", c.providerName());
    assertEquals(Duration.ofMillis(500), c.transactionTimer());
    assertEquals(Duration.ofMinutes(1), c.enquireLink());
    assertEquals(Duration.ofSeconds(90), c.moPartTimeout());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "http://u:p@h:1                       | must start with smpp://",
      "smpp://u:p@h                         | has no port",
      "smpp://h:2775                        | has no system id",
      "smpp://u:p#w@h:2775                  | percent-encode",
      "smpp://u:p@h:2775?tps=fast           | parameter tps='fast' must be a whole number >= 1",
      "smpp://u:p@h:2775?window=0           | parameter window='0'",
      "smpp://u:p@h:2775?type=rx            | parameter type='rx' is not one of: trx | txrx | tx",
      "smpp://u:p@h:2775?concat=magic       | parameter concat='magic'",
      "smpp://u:p@h:2775?receipt_id=octal   | parameter receipt_id='octal'",
      "smpp://u:p@h:2775?tsp=5              | unknown parameter 'tsp'",
      "smpp://u:p@h:2775?source_ton=9       | must be a TON",
      "smpp://u:p@h:2775?timeout=soon       | must be a positive duration",
      "smpp://u:p@h:2775?tps=5&tps=6        | sets parameter 'tps' twice",
      "smpp://u:toolongpassword@h:2775      | password must be at most 8 characters",
      "smpp://u:p%zz@h:2775                 | Malformed escape pair"})
  void errorsNameTheBadPartAndNeverShowThePassword(String url, String expected) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SmppBindConfig.parse(url));
    assertTrue(e.getMessage().contains(expected.trim()), e.getMessage());
    assertFalse(e.getMessage().contains("toolongpassword"), e.getMessage());
  }

  @Test
  void toStringMasksThePassword() {
    assertFalse(SmppBindConfig.parse("smpp://u:hunter2@h:2775").toString().contains("hunter2"));
  }
}
