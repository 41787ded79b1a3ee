package org.kabambe.translation.po;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checks an import makes before it writes anything. */
class PoImportTest {
  @TempDir Path dir;

  @Test
  void insertionsMustBeTheSourcesOnes() {
    assertEquals(List.of(), PoImport.insertionProblems("Hi {{ contact.name }}, {{ answers.age }}",
        "{{ answers.age }}: habari {{ contact.name }}"), "order may change");
    assertEquals(List.of("{{ vars.score }} is not in the source text; it inserts only {{ contact.name }}"),
        PoImport.insertionProblems("Hi {{ contact.name }}", "Habari {{ contact.name }} {{ vars.score }}"));
    assertEquals(List.of("{{ contact.name }} is not in the source text, which has no insertions"),
        PoImport.insertionProblems("Hello", "Habari {{ contact.name }}"));
    List<String> unclosed = PoImport.insertionProblems("Hi {{ contact.name }}", "Habari {{ contact.name");
    assertTrue(unclosed.get(0).startsWith("the translation has a broken insertion: "), unclosed.toString());
  }

  /** The last line of defence: the programme as it would be, loaded and validated without touching the flows. */
  @Test
  void theEditedProgrammeIsValidatedInAScratchCopyNamedAfterTheRealFiles() throws IOException {
    Path flows = Files.createDirectories(dir.resolve("flows"));
    String hello = TranslationsCliTest.HELLO;
    Files.writeString(flows.resolve("hello.yaml"), hello);
    Files.writeString(flows.resolve("fields.yaml"), TranslationsCliTest.FIELDS);
    String broken = hello.replace("        fr: Au revoir.\n", "        fr: Au revoir.\n        fr: Kwaheri.\n");

    List<String> errors = PoImport.validate(flows, Map.of(flows.resolve("hello.yaml"), broken));

    assertEquals(1, errors.size(), errors.toString());
    assertTrue(errors.get(0).startsWith(flows.resolve("hello.yaml") + ":25:9: error: 'fr' is written twice"), errors.get(0));
    assertEquals(hello, Files.readString(flows.resolve("hello.yaml")));
    assertEquals(List.of(), PoImport.validate(flows, Map.of(flows.resolve("hello.yaml"), hello)));
  }
}
