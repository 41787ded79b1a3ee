package org.kabambe.connectors.smpp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.kabambe.connectors.duration.DurationText;
import org.kabambe.connectors.sms.SmsEncoding;
import org.kabambe.connectors.smpp.SmscSimulator.MoConcat;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code scripts/smsc-sim}: runs the {@link SmscSimulator} until killed, printing each accepted message and reading
 * commands from standard input ({@code mo FROM TO TEXT}, {@code drop}, {@code quit}).
 */
@Command(name = "smsc-sim", sortOptions = false,
    description = {"An SMSC (SMPP server) for demos and manual tests. Bind Kabambe to it with",
        "  smpp://SYSTEM_ID:PASSWORD@127.0.0.1:PORT"},
    footer = "While it runs, type on its standard input:  mo FROM TO TEXT  |  drop  |  quit")
final class SmscSimulatorCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help and exit")
  boolean help;

  @Option(names = "--port", paramLabel = "N", defaultValue = "2775",
      description = "TCP port to listen on, 0 for any free port (default ${DEFAULT-VALUE})")
  int port;

  @Option(names = "--system-id", paramLabel = "ID", defaultValue = "kabambe",
      description = "system_id a client must bind with (default ${DEFAULT-VALUE})")
  String systemId;

  @Option(names = "--password", paramLabel = "PW", defaultValue = "secret",
      description = "password a client must bind with (default ${DEFAULT-VALUE})")
  String password;

  @Option(names = "--receipt-delay", paramLabel = "D", defaultValue = "1s", converter = ReceiptDelay.class,
      description = "delay before each delivery receipt, e.g. 500ms or 1s; 'off' for none (default ${DEFAULT-VALUE})")
  Duration receiptDelay;

  @Option(names = "--throttle", paramLabel = "P%", defaultValue = "0%", converter = Percent.class,
      description = "answer P percent of submits with ESME_RTHROTTLED (0x58) (default ${DEFAULT-VALUE})")
  int throttlePercent;

  @Option(names = "--response-delay", paramLabel = "D", defaultValue = "0ms", converter = Delay.class,
      description = "wait before answering each submit_sm (default ${DEFAULT-VALUE})")
  Duration responseDelay;

  @Option(names = "--reject-binds", paramLabel = "N", defaultValue = "0",
      description = "reject the first N binds, to watch the client back off (default ${DEFAULT-VALUE})")
  int rejectBinds;

  /** Parses {@code args}, runs, and returns the exit code: 0, or 2 for a usage error. */
  static int run(String[] args) {
    return new CommandLine(new SmscSimulatorCommand()).execute(args);
  }

  /** The simulator's start-up settings from the options; deliver_sm wait 10 s and redeliver after 5 s, as SMSCs do. */
  SmscSimulator.Options options() {
    if (port < 0 || port > 65_535) {
      throw new ParameterException(spec.commandLine(), "--port must be from 0 to 65535, got " + port);
    }
    if (rejectBinds < 0) {
      throw new ParameterException(spec.commandLine(), "--reject-binds must be 0 or more, got " + rejectBinds);
    }
    return new SmscSimulator.Options(port, systemId, password, receiptDelay, Duration.ofSeconds(10),
        Duration.ofSeconds(5));
  }

  @Override
  public Integer call() throws IOException, InterruptedException {
    SmscSimulator.Options options = options();
    PrintWriter out = spec.commandLine().getOut();
    try (SmscSimulator sim = SmscSimulator.start(options)) {
      sim.throttle(throttlePercent).delayResponses(responseDelay).rejectBinds(rejectBinds)
          .onReceived(m -> print(out, "MT " + m.from() + " -> " + m.to() + " ids " + m.messageIds()
              + (m.concat().isEmpty() ? "" : " (" + m.concat() + ")") + ": " + m.text()));
      print(out, "smsc-sim listening on port " + sim.port() + " (system id " + options.systemId()
          + "); type 'mo FROM TO TEXT', 'drop' or 'quit'");
      BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      String line;
      while ((line = in.readLine()) != null) {
        if (!obey(sim, line.trim(), out)) {
          return 0;
        }
      }
      Thread.currentThread().join(); // stdin closed (e.g. run in the background): serve until killed
      return 0;
    }
  }

  /** Carries out one line typed on stdin; false for quit. */
  private static boolean obey(SmscSimulator sim, String line, PrintWriter out) {
    String[] words = line.split("\\s+", 4);
    switch (words[0]) {
      case "quit" -> {
        return false;
      }
      case "drop" -> sim.dropConnections();
      case "mo" -> {
        if (words.length < 4) {
          print(out, "usage: mo FROM TO TEXT");
          break;
        }
        String from = words[1];
        MoConcat concat = SmsEncoding.cost(words[3]).segments() > 1 ? MoConcat.UDH8 : MoConcat.NONE;
        sim.sendMo(from, words[2], words[3], concat, List.of()).whenComplete((ok, e) ->
            print(out, e == null ? "MO from " + from + " acknowledged" : "MO failed: " + e));
      }
      case "" -> { }
      default -> print(out, "commands: mo FROM TO TEXT | drop | quit");
    }
    return true;
  }

  private static void print(PrintWriter out, String line) {
    synchronized (out) {
      out.println(line);
      out.flush();
    }
  }

  /** A duration ({@link DurationText}; a bare number is seconds, as smsc-sim has always taken it). */
  static final class Delay implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      return DurationText.parseSecondsByDefault(value).orElseThrow(() -> new TypeConversionException(
          "must be a duration, " + DurationText.FORMS + "; got '" + value + "'"));
    }
  }

  /** A {@link Delay}, or "off": no receipts (a negative delay, as {@link SmscSimulator.Options} takes it). */
  static final class ReceiptDelay implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      return value.equals("off") ? Duration.ofMillis(-1) : new Delay().convert(value);
    }
  }

  /** "10%" or "10", from 0 to 100. */
  static final class Percent implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      String digits = value.endsWith("%") ? value.substring(0, value.length() - 1) : value;
      try {
        int p = Integer.parseInt(digits);
        if (p >= 0 && p <= 100) {
          return p;
        }
      } catch (NumberFormatException ignored) {
        // reported below
      }
      throw new TypeConversionException("must be a percentage from 0 to 100, like 10%; got '" + value + "'");
    }
  }
}
