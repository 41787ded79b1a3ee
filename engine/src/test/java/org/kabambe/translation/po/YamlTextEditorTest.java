package org.kabambe.translation.po;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.kabambe.diag.SourcePos;

/** In-place edits of per-language maps: only the value changes, whatever the file's style. */
class YamlTextEditorTest {
  private static String set(String yaml, int line, int col, String language, String value) {
    var editor = new YamlTextEditor(yaml);
    editor.set(new SourcePos("f.yaml", line, col), language, value);
    return editor.result();
  }

  @Test
  void addsAfterACommentedLastEntryAtTheKeysIndentation() {
    String yaml = "text:\n  en: Hi   # short\n  fr: Salut  # idem\nnext: x\n";
    assertEquals("text:\n  en: Hi   # short\n  fr: Salut  # idem\n  sw: \"Jambo\"\nnext: x\n", set(yaml, 2, 3, "sw", "Jambo"));
  }

  @Test
  void addsAfterABlockScalar() {
    String yaml = "text:\n  en: |\n    Two\n    lines\n  fr: |\n    Deux\n    lignes\nnext: x\n";
    assertEquals("text:\n  en: |\n    Two\n    lines\n  fr: |\n    Deux\n    lignes\n  sw: \"Mistari\\nmiwili\"\nnext: x\n",
        set(yaml, 2, 3, "sw", "Mistari\nmiwili"));
  }

  @Test
  void keepsWindowsLineEndings() {
    String yaml = "text:\r\n  en: Hi\r\n  fr: Salut\r\nnext: x\r\n";
    assertEquals("text:\r\n  en: Hi\r\n  fr: Salut\r\n  sw: \"Jambo\"\r\nnext: x\r\n", set(yaml, 2, 3, "sw", "Jambo"));
  }

  @Test
  void replacesAValueAfterCharactersOutsideTheBasicPlane() {
    String yaml = "a: \"\uD83D\uDE00 smile\"\nlabel: {en: \"\uD83D\uDE00 Yes\", sw: Ndio}\n";
    assertEquals("a: \"\uD83D\uDE00 smile\"\nlabel: {en: \"\uD83D\uDE00 Yes\", sw: \"Ndiyo\"}\n", set(yaml, 2, 8, "sw", "Ndiyo"));
  }

  @Test
  void leavesAnEqualValueAsWritten() {
    String yaml = "label: {en: Yes, sw: 'Ndiyo'}\n";
    assertEquals(yaml, set(yaml, 1, 8, "sw", "Ndiyo"));
  }
}
