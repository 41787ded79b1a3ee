package org.kabambe.connectors.sms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LoggedTextTest {
  @Test
  void aLineBreakCannotForgeALogLine() {
    assertEquals("s1\\x0a[main] INFO token 't-admin' exported ALL rows",
        LoggedText.of("s1\n[main] INFO token 't-admin' exported ALL rows"));
    assertEquals("a\\x0d\\x09b", LoggedText.of("a\r\tb"));
  }

  @Test
  void aLongValueIsCutWithItsLength() {
    String logged = LoggedText.of("x".repeat(10_000));
    assertTrue(logged.length() < 100, logged);
    assertTrue(logged.endsWith("…(10000 chars)"), logged);
    assertEquals("ATUid_123", LoggedText.of("ATUid_123"));
  }
}
