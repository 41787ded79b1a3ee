package org.kabambe.expr;

import org.kabambe.diag.SourcePos;

/**
 * Maps a place inside an expression or a text to its place in the flow file. Columns count code points, as the
 * YAML reader and CEL do. Lines after the first are assumed to start at the same column as the first (a YAML
 * block scalar keeps its indentation), so their column is {@code base.col + column in line}.
 */
final class TextPositions {
  private TextPositions() {}

  /** The position of the character at {@code charIndex} (a UTF-16 index) of {@code text}, which starts at base. */
  static SourcePos at(SourcePos base, String text, int charIndex) {
    int line = 0;
    int lineStart = 0;
    int end = Math.min(charIndex, text.length());
    for (int i = 0; i < end; i++) {
      if (text.charAt(i) == '\n') {
        line++;
        lineStart = i + 1;
      }
    }
    return atLineColumn(base, line, text.codePointCount(lineStart, end));
  }

  /** The position of the 0-based {@code line} and {@code column} (in code points) inside text starting at base. */
  static SourcePos atLineColumn(SourcePos base, int line, int column) {
    return base.shift(line, line == 0 ? column : base.col() + column);
  }
}
