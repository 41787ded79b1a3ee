package org.kabambe.connectors.smpp;

import java.time.Duration;
import org.kabambe.connectors.duration.DurationText;

/** The simulator's command-line options (no picocli: the connectors module stays free of CLI libraries). */
record SimulatorCommandLine(SmscSimulator.Options options, int throttlePercent, Duration responseDelay,
    int rejectBinds, boolean help) {
  static final String USAGE = """
      usage: smsc-sim [--port 2775] [--system-id kabambe] [--password secret] [--receipt-delay 1s]
                      [--throttle 0%] [--response-delay 0ms] [--reject-binds 0]
        --port N            TCP port to listen on (0 = any free port)
        --system-id ID      system_id a client must bind with
        --password PW       password a client must bind with
        --receipt-delay D   delay before each delivery receipt, e.g. 500ms, 1s; 'off' for none
        --throttle P%       answer P percent of submits with ESME_RTHROTTLED (0x58)
        --response-delay D  wait before answering each submit_sm
        --reject-binds N    reject the first N binds (to watch the client back off)
      stdin commands: mo FROM TO TEXT | drop | quit""";

  static SimulatorCommandLine parse(String[] args) {
    int port = 2775;
    String systemId = "kabambe";
    String password = "secret";
    Duration receiptDelay = Duration.ofSeconds(1);
    int throttle = 0;
    Duration responseDelay = Duration.ZERO;
    int rejectBinds = 0;
    for (int i = 0; i < args.length; i++) {
      String option = args[i];
      if (option.equals("--help") || option.equals("-h")) {
        return new SimulatorCommandLine(null, 0, Duration.ZERO, 0, true);
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("option " + option + " needs a value");
      }
      String value = args[++i];
      switch (option) {
        case "--port" -> port = number(option, value, 0, 65535);
        case "--system-id" -> systemId = value;
        case "--password" -> password = value;
        case "--receipt-delay" -> receiptDelay = value.equals("off") ? Duration.ofMillis(-1) : duration(option, value);
        case "--throttle" -> throttle = number(option, value.endsWith("%") ? value.substring(0, value.length() - 1)
            : value, 0, 100);
        case "--response-delay" -> responseDelay = duration(option, value);
        case "--reject-binds" -> rejectBinds = number(option, value, 0, Integer.MAX_VALUE);
        default -> throw new IllegalArgumentException("unknown option " + option);
      }
    }
    SmscSimulator.Options options = new SmscSimulator.Options(port, systemId, password, receiptDelay,
        Duration.ofSeconds(10), Duration.ofSeconds(5));
    return new SimulatorCommandLine(options, throttle, responseDelay, rejectBinds, false);
  }

  private static int number(String option, String value, int min, int max) {
    try {
      int n = Integer.parseInt(value);
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    throw new IllegalArgumentException(option + " must be a number from " + min + " to " + max + ", got '"
        + value + "'");
  }

  private static Duration duration(String option, String value) {
    return DurationText.parseSecondsByDefault(value).orElseThrow(() -> new IllegalArgumentException(
        option + " must be a duration, " + DurationText.FORMS + "; got '" + value + "'"));
  }
}
