package org.kabambe.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.kabambe.server.UssdClient.Reply;
import org.kabambe.store.AnswerRow;
import org.kabambe.store.Database;
import org.kabambe.store.HopHistory;
import org.kabambe.testing.TestDatabases;
import java.time.Duration;
import org.kabambe.testing.Eventually;

/**
 * Concurrency at the HTTP edge, on a real server and database: duplicate and retried hops, one number on two
 * gateways, and a flow reload in the middle of a load.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
@Tag("database")
class ConcurrencyTest {
  @TempDir
  Path dir;

  private final ExecutorService pool = Executors.newFixedThreadPool(12);
  private KabambeServer server;
  private UssdClient client;
  private String db;

  @AfterEach
  void stop() {
    pool.shutdownNow();
    if (server != null) server.close();
  }

  private void start(Path flows) throws Exception {
    db = TestDatabases.location(dir);
    int port = UssdClient.freePort();
    server = KabambeServer.start(new ServeOptions("127.0.0.1", port, flows, db, Optional.empty()));
    client = new UssdClient(port);
    client.bearer = ApiTestTokens.author(server);
  }

  /** Stops the server (draining the writer) and reads a participant's answers from the file. */
  private List<AnswerRow> answersAfterStop(String phone) {
    server.close();
    server = null;
    try (var database = Database.open(db)) {
      return new HopHistory(database).answersOf(phone);
    }
  }

  private static List<String> names(List<AnswerRow> answers) {
    return answers.stream().map(AnswerRow::name).toList();
  }

  private static void assertScreen(Reply r, String marker) {
    assertTrue(r.continues() && r.screen().contains(marker), "expected CON with '" + marker + "' but got " + r);
  }

  @Test
  void tenCopiesOfOneHopAtOnceGetOneReplyAndAdvanceOnce() throws Exception {
    start(UssdClient.DEMO_FLOWS);
    String phone = "+254722000001";
    assertScreen(client.africasTalking("dup", phone, ""), "Language / Langue");
    assertScreen(client.africasTalking("dup", phone, "1"), "Vaccine survey");

    var gate = new CountDownLatch(1);
    var copies = new ArrayList<Future<Reply>>();
    for (int i = 0; i < 10; i++) {
      copies.add(pool.submit(() -> {
        gate.await();
        return client.africasTalking("dup", phone, "1*1");
      }));
    }
    gate.countDown();
    Reply first = copies.get(0).get(20, TimeUnit.SECONDS);
    assertScreen(first, "How old are you");
    for (Future<Reply> copy : copies) {
      assertEquals(first, copy.get(20, TimeUnit.SECONDS), "every copy gets the same reply");
    }
    // Advanced once: the conversation waits for the age, not for whatever a second "1" would have led to.
    assertScreen(client.africasTalking("dup", phone, "1*1*34"), "such as measles");
    assertEquals(List.of("lang", "consent", "age"), names(answersAfterStop(phone)));
  }

  @Test
  void aGatewayRetryAfterADelayGetsTheSameReplyAndDoesNotAdvance() throws Exception {
    start(UssdClient.DEMO_FLOWS);
    String phone = "+254722000002";
    Reply dial = client.africasTalking("retry", phone, "");
    assertEquals(dial, client.africasTalking("retry", phone, ""), "a retried dial");
    client.africasTalking("retry", phone, "1");
    Reply consent = client.africasTalking("retry", phone, "1*1");
    assertScreen(consent, "How old are you");
    Thread.sleep(1_500); // the gateway's own retry timer (simulated), not a wait for the server
    assertEquals(consent, client.africasTalking("retry", phone, "1*1"));
    assertEquals(consent, client.africasTalking("retry", phone, "1*1"));
    assertScreen(client.africasTalking("retry", phone, "1*1*34"), "such as measles");
    assertEquals(List.of("lang", "consent", "age"), names(answersAfterStop(phone)));
  }

  /**
   * Gateways that send only the new input: the same answer twice in a row is two answers, not a retry, when the
   * hops are numbered (the generic format's requestId) however quickly they come; unnumbered, only when the second
   * comes after the retry window (GatewayRetriesTest).
   */
  @Test
  void theSameInputTwiceInARowOnANonCumulativeGatewayIsTwoAnswers() throws Exception {
    start(UssdClient.DEMO_FLOWS);
    String phone = "+254722000004";
    Reply dial = genericReply(client.generic("g", phone, "", true, "r1"));
    assertScreen(dial, "Language / Langue");
    assertEquals(dial, genericReply(client.generic("g", phone, "", true, "r1")), "a retried dial is still a retry");
    assertScreen(genericReply(client.generic("g", phone, "1", false, "r2")), "Vaccine survey");
    assertScreen(genericReply(client.generic("g", phone, "1", false, "r3")), "How old are you");
    assertEquals(List.of("lang", "consent"), names(answersAfterStop(phone)));
  }

  /**
   * One number on two gateways. A phone has one USSD session at a time, so a new session on another gateway
   * means the first one was dropped: the new session follows the flow's resume rule (the vaccine survey asks),
   * continuing takes up the same conversation with its answers, and hops of both gateways are serialised.
   */
  @Test
  void oneNumberOnTwoGatewaysResumesThroughTheFlowsRuleAndStaysConsistent() throws Exception {
    start(UssdClient.DEMO_FLOWS);
    String phone = "+254722000003";
    client.africasTalking("at-1", phone, "");
    client.africasTalking("at-1", phone, "1");
    client.africasTalking("at-1", phone, "1*1");
    assertScreen(client.africasTalking("at-1", phone, "1*1*34"), "such as measles");

    Reply offer = genericReply(client.generic("gen-1", phone, "", true, "r1"));
    assertScreen(offer, "Continue where you left off");
    assertScreen(genericReply(client.generic("gen-1", phone, "1", false, "r2")), "such as measles");
    assertScreen(genericReply(client.generic("gen-1", phone, "1", false, "r3")), "first vaccines");

    // Both gateways at the same moment: a new Africa's Talking dial and the generic session's next answer.
    var gate = new CountDownLatch(1);
    Future<Reply> at = pool.submit(() -> {
      gate.await();
      return client.africasTalking("at-2", phone, "");
    });
    Future<Reply> gen = pool.submit(() -> {
      gate.await();
      return genericReply(client.generic("gen-1", phone, "1", false, "r4"));
    });
    gate.countDown();
    Reply atReply = at.get(20, TimeUnit.SECONDS);
    Reply genReply = gen.get(20, TimeUnit.SECONDS);
    // Whatever the order, the new dial is offered to resume. The generic hop either came first (and answered),
    // or came after the new dial superseded its session: then it is told the session ended and changes nothing.
    assertScreen(atReply, "Continue where you left off");
    boolean genericFirst = genReply.continues() && genReply.screen().contains("safe for my family");
    if (!genericFirst) {
      assertTrue(genReply.ends() && genReply.screen().contains("session has ended"), genReply.toString());
    }
    // Continuing on the Africa's Talking session shows the screen the conversation is at, whichever went first.
    Reply resumed = client.africasTalking("at-2", phone, "1");
    assertScreen(resumed, genericFirst ? "safe for my family" : "first vaccines");
    // A late hop of the superseded generic session is refused without touching the conversation.
    Reply late = genericReply(client.generic("gen-1", phone, "1", false));
    assertTrue(late.ends() && late.screen().contains("session has ended"), late.toString());
    assertScreen(client.africasTalking("at-2", phone, "1"), genericFirst ? "safe for my family" : "first vaccines");
    List<String> expected = new ArrayList<>(List.of("lang", "consent", "age", "know_protect"));
    if (genericFirst) expected.add("know_timing");
    assertEquals(expected, names(answersAfterStop(phone)), "each answer once, in one conversation");
  }

  /**
   * Edits a flow while participants are in it: a valid edit reaches new sessions only (conversations finish on
   * the version they started), an invalid edit keeps the last good version serving and is reported.
   */
  @Test
  void aReloadDuringLoadPinsRunningConversationsAndABrokenEditKeepsThePreviousVersion() throws Exception {
    Path flows = dir.resolve("flows");
    copy(UssdClient.DEMO_FLOWS, flows);
    // Without the translators' record, editing an English text does not make its Swahili translation outdated
    // (an error of its own, tested with the translations): here the edit is valid.
    Files.delete(flows.resolve("translations/sw.sources.yaml"));
    Path vaccine = flows.resolve("vaccine-confidence.yaml");
    String original = Files.readString(vaccine);
    String question = "Can vaccines protect people from serious diseases such as measles?";
    assertTrue(original.contains(question));
    start(flows);
    String hash0 = vaccineHash();

    // Conversations under way before the edit: they stop at the age question.
    List<String> early = List.of("+254733000001", "+254733000002", "+254733000003");
    for (String phone : early) {
      for (String text : List.of("", "1", "1*1")) client.africasTalking("early-" + phone, phone, text);
    }

    var load = new Load(client);
    var loaders = new ArrayList<Future<?>>();
    for (int i = 0; i < 4; i++) {
      int worker = i;
      loaders.add(pool.submit(() -> load.run(worker)));
    }
    pollUntil(() -> load.sessions.size() >= 20, "some load before the edit");

    long editWritten = System.nanoTime();
    replace(vaccine, original.replace(question, "EDITED " + question));
    String hash1 = hash(pollFlows(j -> !hash(j).equals(hash0), "the valid edit to be served"));
    long editServed = System.nanoTime();
    assertTrue(errors(vaccineFindings(client.get("/api/flows").body())).isEmpty(), "a valid edit has no errors");
    pollUntil(() -> List.copyOf(load.sessions).stream().anyMatch(s -> s.started > editServed), "load after the edit");

    // The conversations started before the edit finish on the old text.
    for (String phone : early) {
      Reply r = client.africasTalking("early-" + phone, phone, "1*1*34");
      assertScreen(r, question);
      assertFalse(r.screen().contains("EDITED"), "a running conversation keeps its version: " + r);
    }
    // A new session gets the new text.
    String fresh = "+254733000009";
    for (String text : List.of("", "1", "1*1")) client.africasTalking("fresh", fresh, text);
    assertScreen(client.africasTalking("fresh", fresh, "1*1*34"), "EDITED " + question);

    // A broken edit: the last good version keeps serving, and the API says why.
    long brokenWritten = System.nanoTime();
    replace(vaccine, original.replace(question, "EDITED " + question).replace("goto: k_timing}", "goto: k_timming}"));
    JsonObject broken = new JsonObject(pollFlows(j -> !errors(vaccineFindings(j)).isEmpty(), "the broken edit reported"));
    assertEquals(hash1, hash(broken.encode()), "the last good version keeps serving");
    assertNotEquals(hash0, hash1);
    assertTrue(errors(vaccineFindings(broken.encode())).stream().anyMatch(f -> f.getString("message").contains("k_timming")),
        "the finding names the mistake: " + vaccineFindings(broken.encode()));
    long brokenSeen = System.nanoTime();
    pollUntil(() -> List.copyOf(load.sessions).stream().anyMatch(s -> s.started > brokenSeen), "load after the broken edit");

    load.stop.set(true);
    for (Future<?> f : loaders) f.get(20, TimeUnit.SECONDS);
    assertEquals(List.of(), load.problems, "unexpected screens under load");
    int before = 0;
    int after = 0;
    for (Load.Session s : List.copyOf(load.sessions)) {
      if (s.started < editWritten) {
        before++;
        assertFalse(s.screen.contains("EDITED"), "a session begun before the edit saw the new text: " + s.screen);
      } else if (s.started > editServed) {
        after++;
        assertTrue(s.screen.contains("EDITED " + question), "a session begun after the reload (and after the "
            + "broken edit, if it began after " + brokenWritten + ") saw: " + s.screen);
      }
    }
    assertTrue(before > 0 && after > 0, "reload under load: " + load.sessions.size() + " sessions, " + before
        + " before the edit, " + after + " after it was served");
  }

  /** Participants on fresh numbers, each going from the dial to the question the edit changes. */
  static final class Load {
    record Session(long started, String screen) {}

    final UssdClient client;
    final AtomicBoolean stop = new AtomicBoolean();
    final List<Session> sessions = new java.util.concurrent.CopyOnWriteArrayList<>(); // read while load threads add
    final List<String> problems = java.util.Collections.synchronizedList(new ArrayList<>());
    private final AtomicLong numbers = new AtomicLong();

    Load(UssdClient client) {
      this.client = client;
    }

    Void run(int worker) throws IOException, InterruptedException {
      while (!stop.get()) {
        String phone = String.format("+25474%07d", numbers.incrementAndGet());
        String session = "load-" + phone;
        long started = System.nanoTime();
        Reply r = null;
        for (String text : List.of("", "1", "1*1", "1*1*34")) {
          r = client.africasTalking(session, phone, text);
          if (!r.continues()) {
            problems.add(phone + " '" + text + "': " + r);
            return null;
          }
        }
        if (!r.screen().contains("such as measles")) problems.add(phone + ": " + r);
        sessions.add(new Session(started, r.screen()));
      }
      return null;
    }
  }

  private static Reply genericReply(Reply json) {
    assertEquals(200, json.status(), json.body());
    JsonObject o = new JsonObject(json.body());
    return new Reply(200, (o.getBoolean("end") ? "END " : "CON ") + o.getString("text"));
  }

  private String vaccineHash() throws Exception {
    return hash(client.get("/api/flows").body());
  }

  private static String hash(String flowsJson) {
    for (Object f : new JsonObject(flowsJson).getJsonArray("flows")) {
      JsonObject flow = (JsonObject) f;
      if (flow.getString("id").equals("vaccine-confidence")) return flow.getString("hash");
    }
    throw new AssertionError("vaccine-confidence is not served: " + flowsJson);
  }

  private static List<JsonObject> vaccineFindings(String flowsJson) {
    JsonArray all = new JsonObject(flowsJson).getJsonArray("findings");
    return all.stream().map(JsonObject.class::cast)
        .filter(f -> f.getString("file").endsWith("vaccine-confidence.yaml")).toList();
  }

  private static List<JsonObject> errors(List<JsonObject> findings) {
    return findings.stream().filter(f -> f.getString("severity").equals("error")).toList();
  }

  /** Polls {@code GET /api/flows} until it satisfies {@code done}; returns that body. */
  private String pollFlows(Predicate<String> done, String what) throws Exception {
    String body = Eventually.read(Duration.ofSeconds(20), () -> client.get("/api/flows").body(), done);
    if (!done.test(body)) throw new AssertionError("timed out waiting for " + what);
    return body;
  }

  private static void pollUntil(Callable<Boolean> done, String what) throws Exception {
    if (!Eventually.within(Duration.ofSeconds(20), done::call)) {
      throw new AssertionError("timed out waiting for " + what);
    }
  }

  /** Replaces a file the way editors do: write a sibling, then rename over it (never a half-written file). */
  private static void replace(Path file, String content) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, content);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) Files.createDirectories(target);
        else Files.copy(p, target);
      }
    }
  }
}
