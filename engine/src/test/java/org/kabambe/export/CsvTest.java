package org.kabambe.export;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvTest {
  @Test
  void quotesCommasQuotesAndLineBreaksAndKeepsUnicode() throws Exception {
    var out = new StringWriter();
    Csv.row(out, List.of("plain", "a,b", "say \"hi\"", "two\nlines", "cr\rhere", "Bienvenue ! Été ✓ 😀", ""));
    assertEquals("plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\"cr\rhere\",Bienvenue ! Été ✓ 😀,\r\n",
        out.toString());
  }

  @Test
  void formulasAreDefusedButSignedNumbersStayNumbers() {
    assertEquals("\"'=HYPERLINK(\"\"x\"\")\"", Csv.field("=HYPERLINK(\"x\")"));
    assertEquals("\"'=1+2,3\"", Csv.field("=1+2,3"));
    assertEquals("'@cmd", Csv.field("@cmd"));
    assertEquals("-5", Csv.field("-5"));
    assertEquals("+3.5", Csv.field("+3.5"));
    assertEquals("+254712000111", Csv.field("+254712000111"), "a phone number is a number");
    assertEquals("'+ north", Csv.field("+ north"));
    assertEquals("'\tx", Csv.field("\tx"));
    assertEquals("\"'\rx\"", Csv.field("\rx"));
  }

  @Test
  void leadingAndTrailingSpacesAreQuotedSoThatTheyAreKept() {
    assertEquals("\" north\"", Csv.field(" north"));
    assertEquals("\"north \"", Csv.field("north "));
    assertEquals("in between", Csv.field("in between"));
  }

  @Test
  void undefusedReadsBackWhatWasWrittenAndNothingElse() {
    for (String typed : new String[] {"=1+2", "+ north", "@cmd", "\tx", "-x", "'quoted", "'=already", "plain", "-5"}) {
      String written = Csv.field(typed);
      String cell = written.startsWith("\"") ? written.substring(1, written.length() - 1).replace("\"\"", "\"")
          : written;
      assertEquals(typed, Csv.undefused(cell), written);
    }
    assertEquals("'plain", Csv.undefused("'plain"), "an apostrophe the writer did not add stays");
  }
}
