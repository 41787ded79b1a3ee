package org.kabambe.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import org.kabambe.connectors.sms.Encoding;
import org.kabambe.runtime.Channel;
import org.kabambe.simulator.GatewayWire;
import org.kabambe.simulator.LocalServer;
import org.kabambe.simulator.Shown;
import org.kabambe.simulator.SimulatedPhone;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code kabambe simulate FLOW}: a conversation in the terminal, each screen exactly as the phone shows it with
 * its length and encoding. Inputs are read line by line from standard input, so a session can be scripted. The
 * flows' folder is served in-process, in memory, as {@code kabambe serve} would serve it; the phone speaks a
 * gateway's wire format to it.
 */
@Command(name = "simulate", description = "Talk to a flow in the terminal, screen by screen.")
final class SimulateCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @ParentCommand
  Main main;

  @Parameters(index = "0", paramLabel = "FLOW", description = "a flow file, or a flow id within --flows")
  String flow;

  @Option(names = "--flows", paramLabel = "DIR", defaultValue = "flows", description = "the flows folder (default: ${DEFAULT-VALUE})")
  Path flowsDir;

  @Option(names = "--channel", defaultValue = "ussd", description = "ussd or sms (default: ${DEFAULT-VALUE})")
  String channel;

  @Option(names = "--lang", paramLabel = "xx", description = "the participant's language (default: the flow's first)")
  String language;

  @Option(names = "--phone", defaultValue = "+447700900000", description = "the participant's number; fixes random arms (default: ${DEFAULT-VALUE})")
  String phone;

  @Option(names = "--budget", description = "the gateway's USSD screen limit in GSM-7 characters (default: the gateway's, 182 for most)")
  Integer budget;

  @Option(names = "--gateway", paramLabel = "NAME", defaultValue = "generic",
      description = "the USSD gateway whose wire format the hops travel in: africastalking, hubtel, nalo, dmark or"
          + " generic (default: ${DEFAULT-VALUE})")
  String gateway;

  @Option(names = "--contact", paramLabel = "FIELD=VALUE", description = "contact fields, e.g. --contact district=Kibera")
  Map<String, String> contact = new HashMap<>();

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Channel ch = switch (channel) {
      case "ussd" -> Channel.USSD;
      case "sms" -> Channel.SMS;
      default -> throw new CliException("--channel must be ussd or sms, not '" + channel + "'");
    };
    GatewayWire wire = GatewayWire.named(gateway).filter(g -> g != GatewayWire.FLARES)
        .orElseThrow(() -> new CliException("--gateway must be one of africastalking, hubtel, nalo, dmark, generic,"
            + " not '" + gateway + "'"));
    Map<String, Object> who = new HashMap<>(contact);
    if (language != null) who.put("language", language);
    boolean echo = System.console() == null;
    // The server loads the flows' folder itself: one load, and the flow is looked up in what it serves.
    var started = new LocalServer[1];
    Clock clock = Clock.systemUTC();
    OptionalInt limit = budget == null ? OptionalInt.empty() : OptionalInt.of(budget);
    try {
      FlowSource source = FlowSource.resolve(flow, flowsDir,
          dir -> (started[0] = LocalServer.start(dir, clock, true, limit)).catalog());
      simulate(out, ch, wire, who, echo, started[0], source);
    } catch (IllegalArgumentException e) {
      throw new CliException(e.getMessage());
    } finally {
      if (started[0] != null) started[0].close();
    }
    out.flush();
    return Main.OK;
  }

  private void simulate(PrintWriter out, Channel ch, GatewayWire wire, Map<String, Object> who, boolean echo,
                        LocalServer server, FlowSource source) throws IOException {
    server.reset(phone, who);
    var phoneSim = new SimulatedPhone(server, ch, phone, wire);
    Shown shown = phoneSim.begin(source.flow().id());
    print(out, ch, shown);
    var in = new BufferedReader(main.in);
    while (!shown.closes()) {
      out.print("> ");
      out.flush();
      String line = in.readLine();
      if (line == null) break;
      if (echo) out.println(line);
      shown = phoneSim.send(line);
      print(out, ch, shown);
    }
  }

  private static void print(PrintWriter out, Channel ch, Shown s) {
    String kind = ch == Channel.USSD ? (s.closes() ? "END" : "CON") : (s.closes() ? "last SMS" : "SMS");
    String pages = s.pages() > 1 ? " · page " + (s.page() + 1) + "/" + s.pages() : "";
    String size = ch == Channel.USSD
        ? s.units() + "/" + s.budget() + " " + (s.encoding() == Encoding.GSM7 ? "GSM-7" : "UCS-2")
        : s.messages().size() + " message" + (s.messages().size() == 1 ? "" : "s") + ", " + s.units() + " "
            + (s.encoding() == Encoding.GSM7 ? "GSM-7" : "UCS-2") + " units";
    out.println("┌─ " + ch.id().toUpperCase() + " · " + kind + " · " + size + pages + " · " + s.flowId() + "/" + s.nodeId());
    for (String line : s.screen().split("\n", -1)) out.println("│ " + line);
    out.println("└─");
    // Over SMS the queued messages are the ones on screen; over USSD they wait for the session to close.
    if (ch == Channel.USSD) for (String sms : s.smsQueued()) out.println("  (SMS queued: " + sms + ")");
  }
}
