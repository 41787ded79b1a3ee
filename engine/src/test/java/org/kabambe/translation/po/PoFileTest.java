package org.kabambe.translation.po;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** PO files as translators' tools write them, read and written back. */
class PoFileTest {
  private static String fixture() throws IOException {
    try (var in = PoFileTest.class.getResourceAsStream("/translation/poedit-sw.po")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void readsAFileWrittenByPoedit() throws Exception {
    PoFile po = PoReader.read("sw.po", fixture());

    assertEquals(Optional.of("sw"), po.headerField("Language"));
    assertEquals(Optional.of("Poedit 3.4.2"), po.headerField("X-Generator"));
    assertEquals(5, po.entries().size(), "the two obsolete (#~) entries are dropped");

    PoEntry consent = po.entry("vaccine-confidence/consent/text").orElseThrow();
    assertEquals("Vaccine survey: 10 questions, 3 min, free. Answers stay private. You can stop at any time. "
        + "Take part?", consent.msgid(), "wrapped lines are joined");
    assertEquals("Utafiti wa chanjo: maswali 10, dakika 3, bure. Majibu ni siri. Unaweza kuacha wakati wowote. "
        + "Ushiriki?", consent.msgstr());
    assertEquals(List.of("USSD screen: 182 characters (80 in UCS-2); this text is 103 in GSM-7"),
        consent.extractedComments());
    assertEquals(List.of("vaccine-confidence.yaml:25"), consent.references());
    assertEquals(19, consent.line());

    PoEntry label = po.entry("vaccine-confidence/consent/label/1").orElseThrow();
    assertEquals(List.of("Amina: \"Ndiyo\" is friendlier than \"Ndio\" here."), label.comments());
    assertEquals("Ndiyo, nakubali", label.msgstr());

    PoEntry fuzzy = po.entry("teen-health/menu/text").orElseThrow();
    assertTrue(fuzzy.isFuzzy());
    assertEquals(List.of("fuzzy", "no-c-format"), fuzzy.flags());
    assertEquals(Optional.of("Say \"stop\" to end"), fuzzy.previousMsgid());
    assertEquals("Say \"STOP\" to end\tnow", fuzzy.msgid());
    assertEquals(List.of("teen-health.yaml:40", "teen-health.yaml:41"), fuzzy.references());

    PoEntry escapes = po.entries().get(3);
    assertEquals(Optional.empty(), escapes.msgctxt());
    assertEquals("Line one\nLine two with a backslash \\ in it", escapes.msgid());
    assertEquals("Mstari wa kwanza\nMstari wa pili wenye \\ ndani", escapes.msgstr());

    assertFalse(po.entry("language/done/text").orElseThrow().isTranslated());
  }

  @Test
  void writesWhatItReads() throws Exception {
    PoFile po = PoReader.read("sw.po", fixture());
    String written = PoWriter.write(po);
    assertEquals(withoutLines(po), withoutLines(PoReader.read("again.po", written)));
    assertEquals(written, PoWriter.write(PoReader.read("again.po", written)), "writing is stable");
  }

  private static PoFile withoutLines(PoFile po) {
    return new PoFile(po.header().map(PoFileTest::withoutLine), po.entries().stream().map(PoFileTest::withoutLine).toList());
  }

  private static PoEntry withoutLine(PoEntry e) {
    return new PoEntry(e.comments(), e.extractedComments(), e.references(), e.flags(), e.previousMsgid(), e.msgctxt(),
        e.msgid(), e.msgstr(), 0);
  }

  @Test
  void wrapsLongStringsAndLineBreaksAsGettextDoes() {
    String longText = "word ".repeat(30).strip();
    PoEntry e = new PoEntry(List.of(), List.of(), List.of(), List.of(), Optional.empty(), Optional.of("k"),
        longText + "\nsecond \"line\"", "", 0);
    String written = PoWriter.write(new PoFile(Optional.empty(), List.of(e)));
    for (String line : written.split("\n")) assertTrue(line.length() <= PoWriter.WIDTH, line);
    assertTrue(written.contains("msgid \"\"\n\"word word"), written);
    assertTrue(written.contains("word\\n\"\n\"second \\\"line\\\"\"\n"), written);
  }

  @Test
  void refusesMalformedLinesWithTheirLineNumber() {
    var unterminated = assertThrows(PoSyntaxException.class,
        () -> PoReader.read("bad.po", "msgid \"a\"\nmsgstr \"b\n"));
    assertEquals(2, unterminated.line());
    var plural = assertThrows(PoSyntaxException.class,
        () -> PoReader.read("bad.po", "msgid \"a\"\nmsgid_plural \"as\"\nmsgstr[0] \"b\"\n"));
    assertEquals(2, plural.line());
    var escape = assertThrows(PoSyntaxException.class, () -> PoReader.read("bad.po", "msgid \"a\\q\"\nmsgstr \"\""));
    assertTrue(escape.getMessage().startsWith("bad.po:1: unknown escape \\q"), escape.getMessage());
  }
}
