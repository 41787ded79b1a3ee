package org.kabambe.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.kabambe.cli.Main;
import org.kabambe.server.VaccineScript.Step;
import org.kabambe.testing.Eventually;
import org.kabambe.testing.PostgresServer;
import org.kabambe.testing.TestDatabases;

/**
 * A pilot that ran on an H2 file moves with {@code kabambe db copy} (into PostgreSQL in the build's PostgreSQL run,
 * into a new H2 file otherwise) and a server started on the copy carries on: a participant half-way through the
 * survey resumes on the screen they left, the admin token made before the move still works, the dashboard's figures,
 * results, contacts, messages and the pseudonymised export are the same as before, and new answers get new ids.
 */
@Tag("database")
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class PilotMovesDatabaseTest {
  private static final List<Step> STEPS = VaccineScript.STEPS;
  private static final String FLOW = "vaccine-confidence";
  private static final List<String> DASHBOARD = List.of("/api/flows/" + FLOW + "/figures",
      "/api/flows/" + FLOW + "/funnel", "/api/flows/" + FLOW + "/results?by=channel", "/api/contacts",
      "/api/messages", "/api/export/results/" + FLOW + ".csv");

  @TempDir Path dir;

  @Test
  void aServerOnTheCopyCarriesOnWhereThePilotStopped() throws Exception {
    String pilot = dir.resolve("pilot/kabambe").toString();
    String seeds = UssdClient.DEMO_FLOWS.resolveSibling("seeds").toString();
    cli("seed", "--flows", UssdClient.DEMO_FLOWS.toString(), "--seeds", seeds, "--db", pilot);
    String admin = cli("token", "create", "--role", "admin", "--name", "dashboard", "--db", pilot).strip();

    Map<String, String> before;
    String halfWay = "+254711000001";
    int stoppedAt = 4;
    try (var server = serve(pilot)) {
      var client = client(server, admin);
      play(client, halfWay, "a", stoppedAt);
      play(client, "+254711000002", "b", STEPS.size() - 1); // completes: its SMS waits in the outbox
      play(client, "+254711000003", "c", 2);
      awaitFigures(server, client, 1);
      before = dashboard(client);
    }

    String moved = TestDatabases.postgres() ? PostgresServer.shared().newEmptyDatabase()
        : dir.resolve("moved/kabambe").toString();
    String copied = cli("db", "copy", "--from", pilot, "--to", moved, "--batch-size", "7");
    assertTrue(copied.contains("  answers ") && copied.contains("  outbox ") && copied.contains("  contacts "),
        copied);

    try (var server = serve(moved)) {
      var client = client(server, admin);
      assertEquals(before, dashboard(client), "the dashboard reads the same figures from the copy");

      var redial = client.africasTalking("a-again", halfWay, "");
      assertTrue(redial.continues() && redial.screen().contains("Continue where you left off"), redial.toString());
      var resumed = client.africasTalking("a-again", halfWay, "1");
      assertTrue(resumed.continues() && resumed.screen().contains(STEPS.get(stoppedAt).marker()), resumed.toString());

      var fresh = client.africasTalking("b-again", "+254711000002", "");
      assertTrue(fresh.continues() && fresh.screen().contains(STEPS.get(0).marker()), "a finished survey starts "
          + "afresh: " + fresh);

      // New answers after the copied ones: an id taken twice would fail the hop that saves it.
      play(client, "+254711000004", "d", STEPS.size() - 1);
      awaitFigures(server, client, 2);
    }
  }

  private static KabambeServer serve(String db) throws Exception {
    return KabambeServer.start(new ServeOptions("127.0.0.1", UssdClient.freePort(), UssdClient.DEMO_FLOWS, db,
        Optional.empty()));
  }

  private static UssdClient client(KabambeServer server, String token) {
    var client = new UssdClient(server.port());
    client.bearer = token;
    return client;
  }

  /** Plays the survey's steps 0..{@code last} as {@code phone} in one session. */
  private static void play(UssdClient client, String phone, String session, int last) throws Exception {
    for (int i = 0; i <= last; i++) {
      Step step = STEPS.get(i);
      var r = client.africasTalking(session, phone, step.text());
      assertTrue((step.ends() ? r.ends() : r.continues()) && r.screen().contains(step.marker()),
          phone + " step " + i + ": " + r);
    }
  }

  /**
   * Waits until the rollup has read every event and answer written so far (each row is behind its cursor in the
   * database) and the figures count {@code completed} surveys.
   */
  private static void awaitFigures(KabambeServer server, UssdClient client, int completed) {
    Eventually.until("the figures to count " + completed + " completed surveys", Duration.ofSeconds(30), () -> {
      try {
        return unread(server) == 0
            && client.get("/api/flows/" + FLOW + "/figures").body().contains("\"completed\":" + completed + ",");
      } catch (java.io.IOException | InterruptedException | SQLException e) {
        throw new AssertionError(e);
      }
    });
  }

  private static long unread(KabambeServer server) throws SQLException {
    var order = org.kabambe.analytics.TailOrder.of(server.database().dialect());
    long unread = 0;
    try (var c = server.database().connection(); var st = c.createStatement()) {
      for (String table : List.of("events", "answers")) {
        try (var rs = st.executeQuery("SELECT COUNT(*) FROM " + table + " WHERE NOT (" + order.counted(table)
            + ")")) {
          rs.next();
          unread += rs.getLong(1);
        }
      }
    }
    return unread;
  }

  private static Map<String, String> dashboard(UssdClient client) throws Exception {
    var answers = new LinkedHashMap<String, String>();
    for (String path : DASHBOARD) {
      var r = client.get(path);
      assertEquals(200, r.status(), path + ": " + r.body());
      answers.put(path, r.body());
    }
    return answers;
  }

  /** Runs a {@code kabambe} command that must succeed and returns what it printed on stdout. */
  private static String cli(String... args) {
    var out = new StringWriter();
    var err = new StringWriter();
    int exit = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    assertEquals(Main.OK, exit, "kabambe " + String.join(" ", args) + ": " + out + err);
    return out.toString();
  }
}
