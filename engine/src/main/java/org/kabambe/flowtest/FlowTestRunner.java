package org.kabambe.flowtest;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.kabambe.catalog.Catalog;
import org.kabambe.runtime.StepResult;
import org.kabambe.simulator.GatewayWire;
import org.kabambe.simulator.LocalServer;
import org.kabambe.simulator.Shown;
import org.kabambe.simulator.SimulatedPhone;

/**
 * Runs flow tests on the server a gateway reaches, in-process ({@link LocalServer}: the real USSD and SMS
 * services, their session handling and store, in memory): each USSD step is a request in the chosen gateway's
 * wire format over HTTP, each SMS step an inbound message. A fixed clock and seeded random arms make a test give
 * the same result on every machine. Webhooks are not called (they fail, taking the flow's on_error path), since
 * tests must not depend on the network. One server serves every test of a run; each test starts its participant
 * from scratch.
 */
public final class FlowTestRunner implements AutoCloseable {
  /** The moment every flow test runs at (a weekday morning), so `now` in conditions is reproducible. */
  public static final Instant TEST_TIME = Instant.parse("2026-03-02T08:00:00Z");

  private final LocalServer server;
  private final GatewayWire gateway;

  private FlowTestRunner(LocalServer server, GatewayWire gateway) {
    this.server = server;
    this.gateway = gateway;
  }

  /**
   * Serves the flows in {@code flows} for tests whose USSD steps travel in {@code gateway}'s wire format. Flares
   * is refused: its requests carry no service code, so one server could not tell the demo's codes apart.
   */
  public static FlowTestRunner start(Path flows, GatewayWire gateway) {
    if (gateway == GatewayWire.FLARES) {
      throw new IllegalArgumentException("flow tests cannot run over flares: its requests carry no service code");
    }
    return new FlowTestRunner(LocalServer.start(flows, Clock.fixed(TEST_TIME, ZoneOffset.UTC), false,
        OptionalInt.empty()), gateway);
  }

  /** The flows the tests run against, as the server loaded them. */
  public Catalog catalog() {
    return server.catalog();
  }

  public GatewayWire gateway() {
    return gateway;
  }

  public FlowTestResult run(FlowTest test, String file) {
    List<StepResult.Visit> visited = new ArrayList<>();
    Catalog catalog = catalog();
    if (catalog.flow(test.flowId()).isEmpty()) {
      return new FlowTestResult(test, file, Optional.of(test.pos() + ": no flow '" + test.flowId() + "' is loaded"
          + (catalog.flows().isEmpty() ? "" : "; loaded: " + String.join(", ", catalog.flows().keySet()))), visited);
    }
    int n = 0;
    SimulatedPhone phone = null;
    for (TestStep step : test.steps()) {
      n++;
      Shown shown;
      try {
        if (phone == null) {
          server.reset(test.phone(), test.contact());
          phone = new SimulatedPhone(server, test.channel(), test.phone(), gateway);
        }
        shown = step.dial() ? phone.dial(step.input()) : phone.send(step.input());
      } catch (RuntimeException e) {
        return failed(test, file, step, n, "it could not run: " + e.getMessage(), Optional.empty(), visited);
      }
      visited.addAll(shown.visited());
      Optional<String> problem = check(step, shown);
      if (problem.isPresent()) return failed(test, file, step, n, problem.get(), Optional.of(shown), visited);
    }
    return new FlowTestResult(test, file, Optional.empty(), visited);
  }

  @Override
  public void close() {
    server.close();
  }

  private static Optional<String> check(TestStep step, Shown shown) {
    for (String e : step.expect()) {
      if (!shown.screen().contains(e)) return Optional.of("expected the screen to contain: " + e);
    }
    for (String e : step.expectNot()) {
      if (shown.screen().contains(e)) return Optional.of("expected the screen NOT to contain: " + e);
    }
    if (step.expectScreen().isPresent() && !step.expectScreen().get().strip().equals(shown.screen().strip())) {
      return Optional.of("expected exactly this screen:\n" + indent(step.expectScreen().get()));
    }
    if (step.expectNode().isPresent() && !step.expectNode().get().equals(shown.nodeId())) {
      return Optional.of("expected to be at node '" + step.expectNode().get() + "' but it is at '"
          + shown.flowId() + "/" + shown.nodeId() + "'");
    }
    if (step.expectEnd().isPresent() && step.expectEnd().get() != shown.closes()) {
      return Optional.of(step.expectEnd().get() ? "expected the session to end, but it goes on"
          : "expected the session to go on, but it ended");
    }
    for (Map.Entry<String, String> a : step.answers().entrySet()) {
      Object actual = shown.answers().get(a.getKey());
      if (actual == null) return Optional.of("expected answer '" + a.getKey() + "' = " + a.getValue()
          + " but it is not saved; saved: " + shown.answers());
      if (!sameValue(a.getValue(), actual)) return Optional.of("expected answer '" + a.getKey() + "' = "
          + a.getValue() + " but it is " + actual);
    }
    for (String e : step.expectSms()) {
      if (shown.smsQueued().stream().noneMatch(s -> s.contains(e))) {
        return Optional.of("expected an SMS containing: " + e + "; queued: " + shown.smsQueued());
      }
    }
    return Optional.empty();
  }

  /** Compares as a person would read them: 15 equals 15.0, yes equals true. */
  static boolean sameValue(String expected, Object actual) {
    String a = actual.toString();
    if (expected.equals(a)) return true;
    try {
      return Double.parseDouble(expected) == Double.parseDouble(a);
    } catch (NumberFormatException e) {
      if (actual instanceof Boolean b) return expected.equalsIgnoreCase(b ? "yes" : "no");
      return false;
    }
  }

  private FlowTestResult failed(FlowTest test, String file, TestStep step, int n, String why,
                                       Optional<Shown> shown, List<StepResult.Visit> visited) {
    var sb = new StringBuilder();
    sb.append(step.pos()).append(": step ").append(n).append(" (").append(step.describe()).append("): ").append(why);
    shown.ifPresent(s -> {
      sb.append("\n  the phone shows (").append(s.closes() ? "END" : "CON").append(", ").append(s.units())
          .append('/').append(s.budget()).append(' ').append(s.encoding())
          .append(s.pages() > 1 ? ", page " + (s.page() + 1) + "/" + s.pages() : "")
          .append(gateway == GatewayWire.GENERIC ? "" : ", over " + gateway.id())
          .append(", at ").append(s.flowId()).append('/').append(s.nodeId()).append("):\n")
          .append(indent(s.screen()));
    });
    return new FlowTestResult(test, file, Optional.of(sb.toString()), visited);
  }

  private static String indent(String text) {
    return "  | " + text.replace("\n", "\n  | ");
  }
}
