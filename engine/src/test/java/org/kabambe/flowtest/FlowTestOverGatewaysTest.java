package org.kabambe.flowtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.kabambe.diag.Diagnostics;
import org.kabambe.simulator.GatewayWire;

/**
 * Flow tests run on the served path, over each gateway's wire format: what they prove is what a participant on
 * that gateway gets (paging a closing screen to its end, the resume offer on a re-dial, the SMS service).
 */
class FlowTestOverGatewaysTest {
  @TempDir
  Path dir;

  @ParameterizedTest
  @EnumSource(value = GatewayWire.class, names = "FLARES", mode = EnumSource.Mode.EXCLUDE)
  void aReDialOffersToResumeAndAClosingScreenOfTwoPagesIsReadToItsEnd(GatewayWire gateway) throws Exception {
    // One server for both, the same number: the second test starts from scratch, not on the first one's session.
    List<FlowTestResult> results = run(gateway, RESUME, PAGING);
    results.forEach(r -> assertTrue(r.passed(), () -> r.failure().get()));
  }

  @ParameterizedTest
  @EnumSource(value = GatewayWire.class, names = {"AFRICASTALKING", "HUBTEL"})
  void aFailureShowsTheScreenItsPageAndTheGateway(GatewayWire gateway) throws Exception {
    FlowTestResult r = run(gateway, """
        test: expects the wrong page
        flow: facts
        steps:
          - dial: "*150#"
          - send: "1"
            expect: "The end of the facts."
        """);
    String failure = r.failure().orElseThrow();
    assertTrue(failure.contains("step 2 (send \"1\"): expected the screen to contain: The end of the facts."),
        failure);
    assertTrue(failure.contains("the phone shows (CON, ") && failure.contains("/182 GSM7, page 1/2, over "
        + gateway.id() + ", at facts/facts):\n  | Fact one:"), failure);
  }

  @Test
  void anSmsTestGoesThroughTheSmsService() throws Exception {
    FlowTestResult r = run(GatewayWire.GENERIC, """
        test: facts by SMS
        flow: facts
        channel: sms
        steps:
          - send: "FACTS"
            expect: ["Which?", "1. Facts"]
          - send: "1"
            expect: "The end of the facts."
            expect_end: true
            expect_sms: "Thanks for reading"
        """);
    assertTrue(r.passed(), () -> r.failure().get());
  }

  private FlowTestResult run(GatewayWire gateway, String yaml) throws Exception {
    return run(gateway, new String[] {yaml}).get(0);
  }

  private List<FlowTestResult> run(GatewayWire gateway, String... yamls) throws Exception {
    Path flows = dir.resolve("flows");
    if (!Files.exists(flows)) {
      Files.createDirectories(flows);
      Files.writeString(flows.resolve("facts.yaml"), FACTS);
    }
    try (var runner = FlowTestRunner.start(flows, gateway)) {
      List<FlowTestResult> results = new java.util.ArrayList<>();
      for (String yaml : yamls) {
        var d = new Diagnostics();
        FlowTest test = FlowTestParser.parse("t.yaml", yaml.getBytes(StandardCharsets.UTF_8), d)
            .orElseThrow(() -> new AssertionError(d.sorted().toString()));
        assertEquals(List.of(), d.sorted());
        results.add(runner.run(test, "t.yaml"));
      }
      return results;
    }
  }

  static final String RESUME = """
        test: a re-dial offers to continue
        flow: facts
        phone: "+254700000100"
        steps:
          - dial: "*150#"
          - send: "3"
            expect: "Your name?"
          - dial: "*150#"
            expect: ["You have an unfinished session.", "Continue where you left off"]
          - send: "1"
            expect: "Your name?"
            expect_node: name
        """;

  static final String PAGING = """
        test: the facts page to their end
        flow: facts
        phone: "+254700000100"
        steps:
          - dial: "*150#"
          - send: "1"
            expect: ["Fact one", "98 More"]
            expect_end: false
            expect_sms: "Thanks for reading"
          - send: "98"
            expect: "The end of the facts."
            expect_not: "Fact one"
            expect_end: true
        """;

  static final String FACTS = """
      flow: facts
      title: Long closing screen
      languages: [en]
      start: pick
      resume: ask
      triggers: {ussd: ["*150#"], keywords: [FACTS]}
      nodes:
        pick:
          menu:
            text: "Which?"
            options:
              - {label: "Facts", goto: facts}
              - {label: "Nothing", goto: bye}
              - {label: "Register", goto: name}
        name:
          ask:
            text: "Your name?"
            expect: text
            invalid: "Please type your name"
            save: name
            next: bye
        facts:
          end:
            text: "Fact one: wash your hands with soap and clean water before you eat, after the toilet and after
              you care for someone who is ill. Fact two: vaccines protect children from measles, polio and
              whooping cough. The end of the facts."
            do:
              - sms: "Thanks for reading the facts"
        bye:
          end:
            text: "Bye"
      """;
}
