package org.kabambe.flow.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.kabambe.diag.Diagnostic;
import org.kabambe.diag.Severity;
import org.kabambe.diag.SourcePos;

/** Assertions on findings that print every finding when they fail. */
final class Findings {
  private Findings() {}

  /** Exactly one finding, with this severity and position, whose message contains every fragment. */
  static Diagnostic assertOnly(List<Diagnostic> found, Severity severity, SourcePos pos, String... fragments) {
    assertEquals(1, found.size(), () -> "expected one finding, got:\n" + lines(found));
    return assertFinding(found.get(0), severity, pos, fragments);
  }

  static Diagnostic assertFinding(Diagnostic d, Severity severity, SourcePos pos, String... fragments) {
    assertEquals(severity, d.severity(), d::toString);
    assertEquals(pos, d.pos(), d::toString);
    for (String f : fragments) {
      assertTrue(d.message().contains(f), () -> "message lacks \"" + f + "\": " + d);
    }
    return d;
  }

  static void assertNone(List<Diagnostic> found) {
    assertTrue(found.isEmpty(), () -> "expected no findings, got:\n" + lines(found));
  }

  static String lines(List<Diagnostic> found) {
    return String.join("\n", found.stream().map(Diagnostic::toString).toList());
  }
}
