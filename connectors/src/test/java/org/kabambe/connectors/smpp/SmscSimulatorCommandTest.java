package org.kabambe.connectors.smpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** scripts/smsc-sim's options: what they set, and the usage errors (exit 2) that name the bad option. */
class SmscSimulatorCommandTest {
  final SmscSimulatorCommand command = new SmscSimulatorCommand();
  final CommandLine cli = new CommandLine(command);
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  SmscSimulatorCommandTest() {
    cli.setOut(new PrintWriter(out)).setErr(new PrintWriter(err));
  }

  @Test
  void defaultsListenOn2775AsKabambeWithReceiptsAfterOneSecond() {
    cli.parseArgs();
    SmscSimulator.Options o = command.options();
    assertEquals(new SmscSimulator.Options(2775, "kabambe", "secret", Duration.ofSeconds(1), Duration.ofSeconds(10),
        Duration.ofSeconds(5)), o);
    assertEquals(0, command.throttlePercent);
    assertEquals(Duration.ZERO, command.responseDelay);
    assertEquals(0, command.rejectBinds);
  }

  @Test
  void everyOptionIsRead() {
    cli.parseArgs("--port", "0", "--system-id", "sim", "--password", "pw", "--receipt-delay", "500ms",
        "--throttle", "10%", "--response-delay", "2", "--reject-binds", "3");
    SmscSimulator.Options o = command.options();
    assertEquals(0, o.port());
    assertEquals("sim", o.systemId());
    assertEquals("pw", o.password());
    assertEquals(Duration.ofMillis(500), o.receiptDelay());
    assertEquals(10, command.throttlePercent);
    assertEquals(Duration.ofSeconds(2), command.responseDelay, "a bare number is seconds");
    assertEquals(3, command.rejectBinds);
  }

  @Test
  void receiptsCanBeTurnedOff() {
    cli.parseArgs("--receipt-delay", "off");
    assertTrue(command.options().receiptDelay().isNegative());
  }

  @Test
  void helpPrintsTheUsageAndTheStdinCommands() {
    assertEquals(0, cli.execute("--help"));
    assertTrue(out.toString().startsWith("Usage: smsc-sim"), out::toString);
    assertTrue(out.toString().contains("mo FROM TO TEXT  |  drop  |  quit"), out::toString);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "--receipt-delay | soon  | --receipt-delay",
      "--response-delay| 1.5s  | must be a duration, a number and a unit",
      "--throttle      | 150%  | must be a percentage from 0 to 100",
      "--port          | 70000 | --port must be from 0 to 65535",
      "--reject-binds  | -1    | --reject-binds must be 0 or more",
      "--colour        | red   | '--colour'"})
  void usageErrorsExitWith2AndNameTheOption(String option, String value, String expected) {
    assertEquals(2, cli.execute(option, value));
    assertTrue(err.toString().contains(expected), err::toString);
  }
}
