package org.kabambe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code kabambe} command line as an author uses it: exit codes and what is printed. */
class CliTest {
  /** The demo programme; Maven runs tests in engine/, an IDE may run them at the repository root. */
  static final Path DEMO_FLOWS = Files.isDirectory(Path.of("flows/tests")) ? Path.of("flows") : Path.of("../flows");

  @TempDir Path dir;

  /** What one run of the command printed, and its exit code. */
  record Run(int exit, String out, String err) {
    String all() {
      return out + err;
    }
  }

  static Run typing(String input, String... args) {
    var out = new StringWriter();
    var err = new StringWriter();
    int exit = Main.run(new StringReader(input), new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Run(exit, out.toString(), err.toString());
  }

  static Run kabambe(String... args) {
    return typing("", args);
  }

  private Path write(String name, String content) throws IOException {
    Path p = dir.resolve(name);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content);
    return p;
  }

  private static final String HELLO = """
      flow: hello
      title: Hello
      languages: [en]
      start: welcome
      triggers: {ussd: ["*384*99#"], keywords: [HELLO]}
      nodes:
        welcome:
          menu:
            text: "Welcome! Are you a health worker?"
            save: worker
            options:
              - {label: "Yes", value: "yes", goto: bye}
              - {label: "No", value: "no", goto: bye}
        bye:
          end: {text: "Thank you!"}
      """;

  @Test
  void validateOnTheDemoFlowsExitsZero() {
    Run r = kabambe("validate", DEMO_FLOWS.toString());
    assertEquals(0, r.exit(), r::all);
    assertTrue(r.out().contains("0 errors"), r::out);
  }

  @Test
  void validateOnABrokenFolderExitsOneWithPositionedErrors() throws IOException {
    Path file = write("hello.yaml", HELLO.replace("value: \"no\", goto: bye}", "value: \"no\", goto: by}"));
    Run r = kabambe("validate", dir.toString());
    assertEquals(1, r.exit(), r::all);
    assertTrue(r.out().contains(file + ":13:44: error: goto: there is no node 'by' in this flow; did you mean 'bye'?"),
        r::out);
    for (String line : r.out().lines().toList()) {
      if (line.contains(": error: ")) assertTrue(line.matches(".+\\.yaml:\\d+:\\d+: error: .+"), line);
    }
  }

  @Test
  void validateJsonIsAParsableArrayOfFindings() throws IOException {
    Path file = write("hello.yaml", HELLO.replace("value: \"no\", goto: bye}", "value: \"no\", goto: by}"));
    Run r = kabambe("validate", "--json", dir.toString());
    assertEquals(1, r.exit(), r::all);
    JsonArray findings = new JsonArray(r.out());
    assertFalse(findings.isEmpty());
    JsonObject first = findings.getJsonObject(0);
    assertEquals(file.toString(), first.getString("file"));
    assertEquals(13, first.getInteger("line"));
    assertEquals(44, first.getInteger("col"));
    assertEquals("error", first.getString("severity"));
    assertTrue(first.getString("message").contains("no node 'by'"), first::encode);
  }

  @Test
  void validateJsonOfCleanFlowsIsAnEmptyArray() throws IOException {
    write("hello.yaml", HELLO);
    Run r = kabambe("validate", "--json", dir.toString());
    assertEquals(0, r.exit(), r::all);
    assertEquals(new JsonArray(), new JsonArray(r.out()));
  }

  @Test
  void aFailingFlowTestExitsOneShowingTheStepTheExpectedTextAndTheScreen() throws IOException {
    write("hello.yaml", HELLO);
    write("tests/hello.yaml", """
        test: health worker says yes
        flow: hello
        steps:
          - dial: "*384*99#"
            expect: "Welcome"
          - send: "1"
            expect: "Goodbye"
        """);
    Run r = kabambe("test", dir.toString());
    assertEquals(1, r.exit(), r::all);
    assertTrue(r.out().contains("FAIL"), r::out);
    assertTrue(r.out().contains("step 2"), r::out);
    assertTrue(r.out().contains("expected the screen to contain: Goodbye"), r::out);
    assertTrue(r.out().contains("  | Thank you!"), r::out);
    assertTrue(r.out().contains("0 passed, 1 failed"), r::out);
  }

  @Test
  void aPassingFlowTestExitsZeroAndReportsCoverage() throws IOException {
    write("hello.yaml", HELLO);
    write("tests/hello.yaml", """
        test: health worker says yes
        flow: hello
        steps:
          - dial: "*384*99#"
            expect: "Welcome"
          - send: "1"
            expect_screen: "Thank you!"
            expect_end: true
            expect_answers: {worker: "yes"}
        """);
    Run r = kabambe("test", dir.toString());
    assertEquals(0, r.exit(), r::all);
    assertTrue(r.out().contains("coverage: hello: 2/2 nodes visited"), r::out);
  }

  @Test
  void aFlowTestRunsOverAChosenGatewaysWireFormat() throws IOException {
    write("hello.yaml", HELLO);
    write("tests/hello.yaml", """
        test: health worker says yes
        flow: hello
        steps:
          - dial: "*384*99#"
            expect: "Welcome"
          - send: "1"
            expect: "Goodbye"
        """);
    Run r = kabambe("test", dir.toString(), "--gateway", "hubtel");
    assertEquals(1, r.exit(), r::all);
    assertTrue(r.out().contains("the phone shows (END, 10/182 GSM7, over hubtel, at hello/bye):\n  | Thank you!"),
        r::out);
    Run unknown = kabambe("test", dir.toString(), "--gateway", "smoke-signals");
    assertEquals(1, unknown.exit(), unknown::all);
    assertTrue(unknown.err().contains("--gateway must be one of africastalking, hubtel"), unknown::err);
    Run flares = kabambe("test", dir.toString(), "--gateway", "flares");
    assertTrue(flares.err().contains("flow tests cannot run over flares"), flares::err);
  }

  @Test
  void simulateReadsScriptedInputAndShowsEachScreen() throws IOException {
    write("hello.yaml", HELLO);
    Run r = typing("2\n", "simulate", "hello", "--flows", dir.toString());
    assertEquals(0, r.exit(), r::all);
    assertTrue(r.out().contains("│ Welcome! Are you a health worker?\n│ 1. Yes\n│ 2. No"), r::out);
    assertTrue(r.out().contains("USSD · END"), r::out);
    assertTrue(r.out().contains("│ Thank you!"), r::out);
    assertTrue(r.out().indexOf("Welcome!") < r.out().indexOf("Thank you!"));
  }

  @Test
  void simulateOverSmsStopsWhenTheInputEnds() throws IOException {
    write("hello.yaml", HELLO);
    Run r = typing("", "simulate", dir.resolve("hello.yaml").toString(), "--channel", "sms");
    assertEquals(0, r.exit(), r::all);
    assertTrue(r.out().contains("SMS · SMS"), r::out);
    assertFalse(r.out().contains("Thank you!"), r::out);
  }

  @Test
  void graphPrintsAMermaidFlowchart() {
    Run r = kabambe("graph", "vaccine-confidence", "--flows", DEMO_FLOWS.toString());
    assertEquals(0, r.exit(), r::all);
    assertTrue(r.out().startsWith("flowchart TD"), r::out);
    assertTrue(r.out().contains("consent"), r::out);
  }

  @Test
  void unknownCommandsAndOptionsAreUsageErrors() {
    Run command = kabambe("frobnicate");
    assertEquals(2, command.exit(), command::all);
    assertTrue(command.err().contains("frobnicate"), command::err);
    Run option = kabambe("validate", "--jsn", DEMO_FLOWS.toString());
    assertEquals(2, option.exit(), option::all);
    assertTrue(option.err().contains("--jsn"), option::err);
    Run missing = kabambe("validate");
    assertEquals(2, missing.exit(), missing::all);
  }

  @Test
  void anUnknownFlowIdIsAnInputErrorListingTheFlows() {
    Run r = kabambe("simulate", "vacine-confidence", "--flows", DEMO_FLOWS.toString());
    assertEquals(1, r.exit(), r::all);
    assertTrue(r.err().contains("no flow 'vacine-confidence'"), r::err);
    assertTrue(r.err().contains("vaccine-confidence"), r::err);
  }

  @Test
  void helpListsEveryCommand() {
    Run r = kabambe("--help");
    assertEquals(0, r.exit(), r::all);
    for (String command : List.of("serve", "validate", "simulate", "test", "graph")) {
      assertTrue(r.out().contains(command), r::out);
    }
  }
}
