package org.kabambe.flow.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kabambe.catalog.Catalog;
import org.kabambe.catalog.load.CatalogLoader;
import org.kabambe.runtime.Channel;
import org.kabambe.simulator.GatewayWire;
import org.kabambe.simulator.LocalServer;
import org.kabambe.simulator.SimulatedPhone;

/** A programme's own navigation words (flows/navigation.yaml) reach the phone's screen. */
class NavigationWordsTest {
  @TempDir
  Path dir;

  @Test
  void theProgrammesWordsReplaceTheEnginesAndHomeCanBeShown() throws Exception {
    Files.writeString(dir.resolve("navigation.yaml"), """
        navigation:
          back: {en: "Go back"}
          home: {en: "Main menu"}
          show_home: true
        """);
    Files.writeString(dir.resolve("two.yaml"), """
        flow: two
        title: Two screens
        languages: [en]
        start: first
        triggers: {ussd: ["*100#"]}
        nodes:
          first:
            menu:
              text: "First?"
              options:
                - {label: "Next", goto: second}
          second:
            menu:
              text: "Second?"
              options:
                - {label: "Done", goto: bye}
          bye:
            end:
              text: "Bye"
        """);
    Catalog catalog = CatalogLoader.standard().load(List.of(dir));
    assertTrue(catalog.diagnostics().isEmpty(), catalog.diagnostics().toString());
    // Over the served path (an Africa's Talking hop to the in-process server), as a participant sees them.
    try (var server = LocalServer.start(dir, Clock.systemUTC(), false, OptionalInt.empty())) {
      var phone = new SimulatedPhone(server, Channel.USSD, "+447700900001", GatewayWire.AFRICASTALKING);
      phone.begin("two");
      assertEquals("Second?\n1. Done\n0 Go back\n00 Main menu", phone.send("1").screen());
    }
  }

  @Test
  void aTooLongWordIsAnErrorAtItsPosition() throws Exception {
    Files.writeString(dir.resolve("navigation.yaml"), """
        navigation:
          more: {en: "Press ninety-eight to see more"}
        """);
    Catalog catalog = CatalogLoader.standard().load(List.of(dir));
    assertEquals(dir.resolve("navigation.yaml") + ":2:15: error: a navigation word should be short (1 to 20 "
        + "characters), like 'More'", catalog.diagnostics().get(0).toString());
  }

  /** The validator measures screens with the programme's words, as the phone shows them. */
  @Test
  void theValidatorMeasuresScreensWithTheProgrammesWords() throws Exception {
    String question = "q".repeat(170); // + "\n0 Back" fits 182; + "\n0 Go back\n00 Main menu" does not
    Files.writeString(dir.resolve("two.yaml"), """
        flow: two
        title: Two screens
        languages: [en]
        start: first
        nodes:
          first:
            menu:
              text: "First?"
              options:
                - {label: "Next", goto: q}
          q:
            ask:
              text: "%s"
              expect: text
              invalid: "No"
              next: bye
          bye:
            end:
              text: "Bye"
        """.formatted(question));
    var plain = CatalogLoader.standard().load(List.of(dir)).diagnostics();
    assertTrue(plain.isEmpty(), plain::toString);
    Files.writeString(dir.resolve("navigation.yaml"), """
        navigation:
          back: {en: "Go back"}
          home: {en: "Main menu"}
          show_home: true
        """);
    Catalog catalog = CatalogLoader.standard().load(List.of(dir));
    assertEquals(1, catalog.diagnostics().size(), catalog.diagnostics().toString());
    assertEquals(dir.resolve("two.yaml") + ":13:14: warning: the question of ask 'q' takes 2 USSD pages in en: it"
        + " needs 193 characters with the lines the engine adds (\"0 Go back\", \"00 Main menu\") and a screen holds"
        + " 182; participants must choose 98 to read the rest before they answer; shorten it by 11 characters",
        catalog.diagnostics().get(0).toString());
  }
}
