package org.kabambe.flow.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.kabambe.diag.Diagnostic;
import org.kabambe.diag.SourcePos;

class DiagnosticFormatTest {
  private static final List<Diagnostic> TWO = List.of(
      Diagnostic.error(new SourcePos("flows/quiz.yaml", 12, 7), "goto: there is no node 'x'"),
      Diagnostic.warning(new SourcePos("flows/quiz.yaml", 30, 3), "node 'y' is never reached"));

  @Test
  void textIsOneFileLineColLinePerFinding() {
    assertEquals("""
        flows/quiz.yaml:12:7: error: goto: there is no node 'x'
        flows/quiz.yaml:30:3: warning: node 'y' is never reached
        """, DiagnosticFormat.text(TWO));
    assertEquals("", DiagnosticFormat.text(List.of()));
  }

  @Test
  void jsonIsAnArrayOfObjects() {
    assertEquals("""
        [
          {"file": "flows/quiz.yaml", "line": 12, "col": 7, "severity": "error", "message": "goto: there is no node 'x'"},
          {"file": "flows/quiz.yaml", "line": 30, "col": 3, "severity": "warning", "message": "node 'y' is never reached"}
        ]""", DiagnosticFormat.json(TWO));
    assertEquals("[]", DiagnosticFormat.json(List.of()));
  }

  @Test
  void jsonEscapesQuotesControlCharactersAndNonAscii() {
    var d = Diagnostic.error(new SourcePos("C:\\flows\\\"odd\".yaml", 1, 2),
        "say \"hi\"\nthen\ttab\u0001 — Être 😀");
    assertEquals("[\n  {\"file\": \"C:\\\\flows\\\\\\\"odd\\\".yaml\", \"line\": 1, \"col\": 2, \"severity\": \"error\","
        + " \"message\": \"say \\\"hi\\\"\\nthen\\ttab\\u0001 \\u2014 \\u00catre \\ud83d\\ude00\"}\n]",
        DiagnosticFormat.json(List.of(d)));
  }
}
