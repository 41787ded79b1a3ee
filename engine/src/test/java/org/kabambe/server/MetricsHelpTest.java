package org.kabambe.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;
import org.kabambe.testing.TestDatabases;
import java.time.Duration;
import org.kabambe.testing.Eventually;

/** Every metric a started server exposes at /metrics says what it measures (a non-empty Prometheus HELP). */
@Tag("database")
class MetricsHelpTest {
  @Test
  void noMetricHasAnEmptyHelp() throws Exception {
    try (var server = KabambeServer.start(new ServeOptions("127.0.0.1", UssdServiceTest.freePort(),
        UssdClient.DEMO_FLOWS, TestDatabases.throwaway(), Optional.empty()))) {
      var client = new UssdClient(server.port());
      client.africasTalking("m1", "+254700006100", ""); // a hop, and a flow event once the rollup reads it
      client.post("/ussd/africastalking", "application/x-www-form-urlencoded",
          "sessionId=m2&phoneNumber=%2B254700006101&serviceCode=*999%23&text=".getBytes(StandardCharsets.UTF_8));
      var http = HttpClient.newHttpClient();
      String metrics = Eventually.read(Duration.ofSeconds(10), () -> http.send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + server.port() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString())
          .body(), m -> m.contains("kabambe_flow_events_total"));
      for (String family : List.of("kabambe_ussd_hops_total", "kabambe_ussd_unknown_codes_total",
          "kabambe_flow_events_total", "kabambe_flows_reloads_total", "kabambe_store_commit_failures_total")) {
        assertTrue(metrics.contains("# HELP " + family + " "), family + " is exposed:\n" + metrics);
      }
      List<String> empty = metrics.lines().filter(l -> l.startsWith("# HELP "))
          .filter(l -> l.substring("# HELP ".length()).strip().split(" ", 2).length < 2).toList();
      assertEquals(List.of(), empty, "metrics without a HELP text");
    }
  }
}
