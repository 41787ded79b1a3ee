package org.kabambe.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.kabambe.api.ApiTokens;
import org.kabambe.api.Role;
import org.kabambe.connectors.smpp.SmscSimulator;
import org.kabambe.contact.Groups;
import org.kabambe.outbox.OutboxSender;
import org.kabambe.conversation.ConversationStore;
import org.kabambe.store.Database;
import org.kabambe.store.FieldValuesColumn;
import org.kabambe.store.HopHistory;
import org.kabambe.store.SqlTimes;
import org.kabambe.testing.Cluster;
import org.kabambe.testing.Cluster.Node;
import org.kabambe.testing.Eventually;
import org.kabambe.testing.PostgresServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Three {@code kabambe serve} JVMs on one durable PostgreSQL behind HAProxy ({@code docs/haproxy-cluster.cfg}),
 * one node SIGKILLed at a time: USSD journeys through the balancer without stickiness and hashed on the phone
 * number (a node killed mid-load, restarted later), then a broadcast over the SMSC simulator whose sending node is
 * killed mid-way. Every acknowledged answer is stored exactly once, every participant resumes at their last
 * acknowledged screen, no SMS is submitted twice, the broadcast completes under the bind's TPS cap, and the
 * dashboard's figures equal the raw counts.
 */
@Tag("cluster")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterTest {
  private static final Logger log = LoggerFactory.getLogger(ClusterTest.class);
  private static final int PARTICIPANTS = 24;
  private static final int CONTACTS = 1_000;
  private static final int TPS = 100;
  private static final String FLOW = "vaccine-confidence";
  /** The broadcast's contacts, +25479…: the survey's participants get SMS of their own (a thank-you). */
  private static final String CONTACT_PREFIX = "25479";

  static Path dir;
  static PostgresServer postgres;
  static SmscSimulator smsc;
  static Cluster cluster;
  static String db;
  static String admin;
  static final ConcurrentLinkedQueue<Long> submitNanos = new ConcurrentLinkedQueue<>();

  @BeforeAll
  static void start() throws Exception {
    Cluster.assumeHaproxy();
    PostgresServer.assumeAvailable();
    dir = Files.createTempDirectory("kabambe-cluster");
    postgres = PostgresServer.startDurable();
    db = postgres.newDatabase();
    smsc = SmscSimulator.start(SmscSimulator.Options.forTests("kabambe", "secret")
        .withReceiptDelay(Duration.ofMillis(20)));
    smsc.onReceived(m -> {
      if (toContact(m)) submitNanos.add(System.nanoTime());
    });
    try (var database = Database.open(db)) {
      admin = new ApiTokens(database, Clock.systemUTC()).create(Role.ADMIN, "cluster-test", Optional.empty(), "test")
          .token();
    }
    cluster = Cluster.start(dir, db, 3, UssdClient.DEMO_FLOWS, "--smpp", smsc.url("tps=" + TPS + "&window=16"));
    log.info("cluster up: {}", cluster.nodes().size() + " nodes, logs in " + dir);
  }

  @AfterAll
  static void stop() {
    if (cluster != null) cluster.close();
    if (smsc != null) smsc.close();
    if (postgres != null) postgres.stop();
  }

  @Test
  @Order(1)
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void journeysHashedOnThePhoneNumberSurviveAKilledNode() throws Exception {
    journeysSurviveAKilledNode(cluster.byPhonePort(), "+254720000000", cluster.node(0));
  }

  @Test
  @Order(2)
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void journeysWithoutStickinessSurviveAKilledNode() throws Exception {
    journeysSurviveAKilledNode(cluster.anyNodePort(), "+254730000000", cluster.node(1));
  }

  @Test
  @Order(3)
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void aBroadcastSurvivesItsSenderKilledAndKeepsTheCap() throws Exception {
    addContacts();
    var created = post("/api/broadcasts", new JsonObject().put("text", "Clinic days are Tuesday and Friday.")
        .put("to", "groups: cluster"));
    assertEquals(200, created.status(), "creating the broadcast: " + created.body());
    long id = new JsonObject(created.body()).getLong("id");

    Eventually.until("300 messages at the SMSC", Duration.ofSeconds(30), () -> submitNanos.size() >= 300);
    Node sender = singletonHolder();
    cluster.kill(sender);
    int atKill = submitNanos.size();
    log.info("killed {}", sender.name + " with " + atKill + " of " + CONTACTS + " messages at the SMSC");

    var client = new UssdClient(cluster.anyNodePort());
    client.bearer = admin;
    String[] last = {""};
    try (var database = Database.open(db)) {
      Eventually.until(() -> "the broadcast done and every message settled (last seen: " + last[0] + ")",
          Duration.ofSeconds(50), () -> {
            String progress = client.get("/api/broadcasts/" + id).body();
            long unsettled = count(database, "SELECT COUNT(*) FROM outbox WHERE status IN ('queued', 'submitting')");
            last[0] = progress + ", unsettled outbox rows " + unsettled + ", at the SMSC " + submitNanos.size();
            return "done".equals(new JsonObject(progress).getString("status")) && unsettled == 0;
          });
    }
    assertSubmittedAtMostOnce();
    assertCapHeld();
    cluster.restart(sender);
  }

  /** A USSD load through the balancer on {@code port}; {@code victim} killed mid-load, then started again. */
  private void journeysSurviveAKilledNode(int port, String firstPhone, Node victim) throws Exception {
    var load = new SurveyLoad(port, PARTICIPANTS, firstPhone, false, true);
    load.start();
    try {
      awaitMore(load, 150);
      cluster.kill(victim);
      awaitMore(load, 100);
      cluster.restart(victim);
      // Two health checks a second apart, then the balancer sends to it again: HAProxy logs it UP.
      Eventually.until(() -> victim.name + " back in the balancer's rotation", Duration.ofSeconds(30),
          () -> cluster.inRotation(victim));
      awaitMore(load, 100);
    } finally {
      load.stopAndJoin(30);
    }
    assertTrue(load.firstProblem().isEmpty(), "a participant saw a wrong screen: " + load.firstProblem().orElse(""));
    log.info("{} killed and restarted", victim.name + " under " + load.acknowledged() + " acknowledged hops ("
        + load.lost() + " lost at the balancer)");

    // Every acknowledged answer stored exactly once; the stored state is the last acknowledged screen.
    var positions = new ArrayList<Optional<Integer>>();
    try (var database = Database.open(db)) {
      var store = new ConversationStore(database);
      var records = new HopHistory(database);
      for (SurveyLoad.Participant p : load.participants()) positions.add(p.checkStored(store, records));
    }
    // Each participant dialling again through the balancer resumes at that screen, whichever node answers.
    var client = new UssdClient(port);
    for (SurveyLoad.Participant p : load.participants()) {
      Optional<Integer> at = positions.get(p.index);
      String session = "redial-" + port + "-" + p.index;
      var first = client.africasTalking(session, p.phone, "");
      if (at.isEmpty()) {
        assertTrue(first.screen().contains(VaccineScript.STEPS.get(0).marker()),
            "participant " + p.index + " had no survey open, so a re-dial starts afresh: " + first);
        continue;
      }
      assertTrue(first.continues() && first.screen().contains("Continue where you left off"),
          "participant " + p.index + " should be offered to resume: " + first);
      var resumed = client.africasTalking(session, p.phone, "1");
      String marker = VaccineScript.STEPS.get(at.get()).marker();
      assertTrue(resumed.continues() && resumed.screen().contains(marker),
          "participant " + p.index + " should resume at '" + marker + "': " + resumed);
    }
    assertFiguresEqualRawCounts();
  }

  /** Waits until the load has {@code hops} more acknowledged hops (the participants' first problem fails it). */
  private static void awaitMore(SurveyLoad load, int hops) {
    int target = load.acknowledged() + hops;
    Eventually.until(() -> "only " + load.acknowledged() + " of " + target + " hops in 30 s", Duration.ofSeconds(30),
        () -> load.acknowledged() >= target || load.firstProblem().isPresent());
    assertTrue(load.firstProblem().isEmpty(), "a participant saw a wrong screen: " + load.firstProblem().orElse(""));
    assertTrue(load.acknowledged() >= target, "only " + load.acknowledged() + " of " + target + " hops in 30 s");
  }

  /** The results API's answers per question equal the {@code answers} rows, once the rollup caught up. */
  private static void assertFiguresEqualRawCounts() throws Exception {
    var client = new UssdClient(cluster.anyNodePort());
    client.bearer = admin;
    Map<String, Long> raw = new TreeMap<>();
    Map<String, Long> figures = new TreeMap<>();
    try (var database = Database.open(db)) {
      Eventually.until(() -> "the results API to count the answers rows (" + figures + " against " + raw + ")",
          Duration.ofSeconds(15), () -> {
            raw.clear();
            figures.clear();
            try (var c = database.connection(); var s = c.prepareStatement(
                "SELECT node_id, COUNT(*) FROM answers WHERE flow_id = ? GROUP BY node_id")) {
              s.setString(1, FLOW);
              try (var rs = s.executeQuery()) {
                while (rs.next()) raw.put(rs.getString(1), rs.getLong(2));
              }
            }
            var results = client.get("/api/flows/" + FLOW + "/results");
            assertEquals(200, results.status(), results.body());
            for (Object q : new JsonObject(results.body()).getJsonArray("questions")) {
              var question = (JsonObject) q;
              figures.merge(question.getString("node"), question.getLong("total"), Long::sum);
            }
            return raw.equals(figures);
          });
    }
    assertEquals(raw, figures, "answers per question: the results API against the answers rows");
  }

  /** {@link #CONTACTS} contacts in group "cluster", numbers +25479…. */
  private static void addContacts() throws Exception {
    try (var database = Database.open(db); var c = database.connection(); var s = c.prepareStatement(
        "INSERT INTO contacts (phone, language, opted_out, created_at, field_values, group_list)"
            + " VALUES (?, 'en', FALSE, ?, ?, ?)")) {
      for (int i = 0; i < CONTACTS; i++) {
        s.setString(1, "+25479%07d".formatted(i));
        s.setObject(2, SqlTimes.of(Instant.now()));
        s.setString(3, FieldValuesColumn.merge(Optional.empty(), Map.of()));
        s.setString(4, Groups.encode(List.of("cluster")));
        s.addBatch();
      }
      s.executeBatch();
    }
  }

  /** The node whose {@code /health} says it holds the SMPP bind's sender ({@code smpp:NAME}); fails if none does. */
  private static Node singletonHolder() {
    return Eventually.read(Duration.ofSeconds(20), ClusterTest::smppSender, Optional::isPresent)
        .orElseThrow(() -> new AssertionError("no node's /health says it holds the SMPP sender (smpp:NAME)"));
  }

  private static Optional<Node> smppSender() throws InterruptedException {
    for (Node n : cluster.nodes()) {
      if (!n.process().isAlive()) continue;
      JsonArray held;
      try {
        held = new JsonObject(cluster.get(n.url(), "/health", admin).body()).getJsonArray("singletons");
      } catch (java.io.IOException e) {
        continue; // still starting: it holds nothing
      }
      if (held != null && held.stream().anyMatch(name -> name.toString().startsWith("smpp:"))) return Optional.of(n);
    }
    return Optional.empty();
  }

  /**
   * Each broadcast row against the SMSC's copies: sent = received exactly once; failed by the crash rule (the
   * kill came between the claim and the SMSC's answer) = at most once; nothing else.
   */
  private static void assertSubmittedAtMostOnce() throws Exception {
    Map<String, Integer> copies = new HashMap<>();
    smsc.received().stream().filter(ClusterTest::toContact)
        .forEach(m -> copies.merge(m.to().replace("+", ""), 1, Integer::sum));
    List<String> problems = new ArrayList<>();
    copies.forEach((to, n) -> {
      if (n > 1) problems.add(to + " received " + n + " times");
    });
    int rows = 0;
    int unknown = 0;
    try (var database = Database.open(db); var c = database.connection(); var s = c.createStatement();
         var rs = s.executeQuery("SELECT phone, status, error FROM outbox WHERE phone LIKE '+" + CONTACT_PREFIX
             + "%'")) {
      while (rs.next()) {
        rows++;
        int n = copies.getOrDefault(rs.getString(1).replace("+", ""), 0);
        String status = rs.getString(2);
        boolean outcomeUnknown = OutboxSender.OUTCOME_UNKNOWN.equals(rs.getString(3));
        if (outcomeUnknown) unknown++;
        boolean ok = switch (status) {
          case "submitted", "delivered" -> n == 1;
          case "failed" -> n == 0 || n == 1 && outcomeUnknown;
          default -> false;
        };
        if (!ok) problems.add(rs.getString(1) + ": " + status + " (" + rs.getString(3) + "), received " + n + "x");
      }
    }
    assertEquals(CONTACTS, rows, "one outbox row per contact of the broadcast");
    assertTrue(problems.isEmpty(), problems.size() + " messages not submitted at most once: "
        + problems.subList(0, Math.min(10, problems.size())));
    assertTrue(unknown <= 256, "at most the in-flight limit meets the crash rule: " + unknown);
    log.info("broadcast: {}", copies.size() + " of " + CONTACTS + " at the SMSC, " + unknown
        + " failed by the crash rule");
  }

  /** Over every 2-second window of submits at the SMSC, at most the bind's TPS (+5 %), for the whole cluster. */
  private static void assertCapHeld() {
    List<Long> times = submitNanos.stream().sorted().toList();
    long window = TimeUnit.SECONDS.toNanos(2);
    int most = 0;
    for (int i = 0, j = 0; i < times.size(); i++) {
      while (times.get(i) - times.get(j) >= window) j++;
      most = Math.max(most, i - j + 1);
    }
    double rate = most / 2.0;
    log.info("highest rate over 2 s at the SMSC: {}", rate + " submits/s, cap " + TPS);
    assertTrue(rate <= TPS * 1.05, "the cluster submitted " + rate + "/s over 2 s; the bind's cap is " + TPS
        + "/s (+5 %) for all nodes together");
  }

  private static boolean toContact(org.kabambe.connectors.smpp.ReceivedMessage m) {
    return m.to().replace("+", "").startsWith(CONTACT_PREFIX);
  }

  private static long count(Database database, String sql) throws Exception {
    try (var c = database.connection(); var s = c.createStatement(); var rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static UssdClient.Reply post(String path, JsonObject body) throws Exception {
    var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(cluster.anyNodeUrl() + path))
        .timeout(Duration.ofSeconds(20)).header("Authorization", "Bearer " + admin)
        .header("Content-Type", "application/json")
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body.encode())).build();
    var r = java.net.http.HttpClient.newHttpClient().send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
    return new UssdClient.Reply(r.statusCode(), r.body());
  }
}
