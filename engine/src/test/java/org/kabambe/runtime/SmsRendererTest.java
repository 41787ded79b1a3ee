package org.kabambe.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class SmsRendererTest {
  private final SmsRenderer renderer = new SmsRenderer();

  @Test
  void preambleTextsAreSeparateMessagesThenTheMenuInOne() {
    Prompt prompt = new Prompt(List.of("Welcome to MamaCare.", "Replies are free."), "Are you pregnant?",
        List.of(new Prompt.Option(1, "Yes"), new Prompt.Option(2, "No")), false, true);
    assertEquals(List.of("Welcome to MamaCare.", "Replies are free.", "Are you pregnant?\n1. Yes\n2. No"),
        renderer.render(prompt));
  }

  @Test
  void noNavigationFooterEvenWhenBackIsPossible() {
    Prompt prompt = new Prompt(List.of(), "Your age?", List.of(), false, true);
    assertEquals(List.of("Your age?"), renderer.render(prompt));
  }

  @Test
  void closingPromptIsJustItsText() {
    Prompt prompt = new Prompt(List.of("Saved."), "Goodbye.", List.of(new Prompt.Option(1, "Again")), true, false);
    assertEquals(List.of("Saved.", "Goodbye."), renderer.render(prompt));
  }

  @Test
  void emptyTextsSendNothing() {
    assertEquals(List.of(), renderer.render(new Prompt(List.of(""), "", List.of(), true, false)));
    assertEquals(List.of("1. Yes"), renderer.render(new Prompt(List.of(), "", List.of(new Prompt.Option(1, "Yes")),
        false, false)));
  }
}
