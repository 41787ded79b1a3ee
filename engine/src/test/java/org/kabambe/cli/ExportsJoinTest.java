package org.kabambe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kabambe.cli.CliTest.kabambe;

import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kabambe.api.ApiTokens;
import org.kabambe.api.Role;
import org.kabambe.server.KabambeServer;
import org.kabambe.server.ServeOptions;
import org.kabambe.contact.ContactStore;
import org.kabambe.store.Database;
import org.kabambe.testing.TestDatabases;

/**
 * The exports a user makes of one deployment join: a participant who is a contact has one pseudonym in the contacts
 * export (CLI) and the results export (CLI and admin API over HTTP), cells typed by the public come out as text
 * (no spreadsheet formula) in both files, and a revealing contacts export is audited like a revealing results export.
 */
@Tag("database")
class ExportsJoinTest {
  static final String SURVEY = """
      flow: survey
      title: Survey
      languages: [en]
      start: agree
      triggers: {ussd: ["*384*77#"]}
      nodes:
        agree:
          menu:
            text: {en: "May we ask you one thing?"}
            save: agree
            options:
              - {label: {en: "Yes"}, goto: comment}
              - {label: {en: "No"}, goto: bye}
        comment:
          ask:
            text: {en: "Any comment?"}
            expect: text
            invalid: {en: "Type a comment"}
            save: comment
            next: bye
        bye:
          end:
            text: {en: "Thank you!"}
      """;
  static final String PHONE = "+254712000111";
  static final String FORMULA = "=HYPERLINK(\"http://example.org\",\"x\")";

  @TempDir Path dir;
  final HttpClient http = HttpClient.newHttpClient();

  @Test
  void oneParticipantHasOnePseudonymInEveryExportAndFormulasStayText() throws Exception {
    Path flows = Files.createDirectories(dir.resolve("flows"));
    Files.writeString(flows.resolve("survey.yaml"), SURVEY);
    Files.writeString(flows.resolve("fields.yaml"), "fields:\n  name: {type: text, pii: true}\n"
        + "  district: {type: text}\n");
    String db = TestDatabases.location(dir.resolve("db"));
    Path people = Files.writeString(dir.resolve("people.csv"), "phone,name,district\n" + PHONE + ",Amina,=1+2\n"
        + "+254712000222,Baraka,+ north\n");
    var imported = kabambe("contacts", "import", people.toString(), "--db", db, "--flows", flows.toString());
    assertEquals(Main.OK, imported.exit(), imported.all());

    String apiCsv;
    try (var server = KabambeServer.start(new ServeOptions("127.0.0.1", freePort(), flows, db, Optional.empty()))) {
      ussd(server, "");
      ussd(server, "1");
      ussd(server, "1*" + FORMULA);
      String admin = new ApiTokens(server.database(), Clock.systemUTC())
          .create(Role.ADMIN, "test", Optional.empty(), "test").token();
      apiCsv = "";
      for (int i = 0; i < 100 && !apiCsv.contains(",comment,"); i++) { // answers are written by the group commit
        Thread.sleep(100);
        apiCsv = get(server, "/api/export/results/survey.csv", admin);
      }
    }

    Path cliCsv = dir.resolve("results.csv");
    var results = kabambe("export", "results", "survey", "--db", db, "--flows", flows.toString(), "--out",
        cliCsv.toString());
    assertEquals(Main.OK, results.exit(), results.all());
    Path contactsCsv = dir.resolve("contacts.csv");
    var contacts = kabambe("contacts", "export", "--db", db, "--flows", flows.toString(), "--out",
        contactsCsv.toString());
    assertEquals(Main.OK, contacts.exit(), contacts.all());

    List<String> apiRow = answerRow(apiCsv);
    List<String> cliRow = answerRow(Files.readString(cliCsv));
    String contactsText = Files.readString(contactsCsv);
    String participant = apiRow.get(0);
    assertTrue(participant.matches("p_[0-9a-f]{20}"), participant);
    assertEquals(participant, cliRow.get(0), "the CLI and the API pseudonymise alike");
    assertTrue(contactsText.contains("\r\n" + participant + ",,,false,"), "the contacts export joins on the "
        + "participant " + participant + ":\n" + contactsText);

    String defusedAnswer = "\"'=HYPERLINK(\"\"http://example.org\"\",\"\"x\"\")\"";
    assertEquals(defusedAnswer, apiRow.get(5), "the API's results export defuses the typed formula");
    assertEquals(defusedAnswer, cliRow.get(5), "the CLI's results export defuses the typed formula");
    assertTrue(contactsText.contains(",'=1+2\r\n"), contactsText);
    // The CLI reads the flow for the menu's label, written beside the stored value.
    assertTrue(Files.readString(cliCsv).contains(",agree,agree,1,"), Files.readString(cliCsv));
    assertTrue(Files.readString(cliCsv).lines().anyMatch(l -> l.contains(",agree,agree,1,") && l.endsWith(",Yes")),
        Files.readString(cliCsv));
    assertTrue(contactsText.contains(",'+ north\r\n"), contactsText);
  }

  @Test
  void aRevealingContactsExportIsAuditedAndReadsBackAsItWas() throws Exception {
    Path flows = Files.createDirectories(dir.resolve("flows"));
    Files.writeString(flows.resolve("fields.yaml"), "fields:\n  name: {type: text, pii: true}\n"
        + "  district: {type: text}\n");
    String db = TestDatabases.location(dir.resolve("db"));
    Path people = Files.writeString(dir.resolve("people.csv"), "phone,name,district\n" + PHONE + ",Amina,=1+2\n");
    kabambe("contacts", "import", people.toString(), "--db", db, "--flows", flows.toString());

    var run = kabambe("contacts", "export", "--db", db, "--flows", flows.toString(), "--out",
        dir.resolve("revealed.csv").toString(), "--reveal");
    assertEquals(Main.OK, run.exit(), run.all());
    assertTrue(Files.readString(dir.resolve("revealed.csv")).contains(PHONE + ",,,false,,,,Amina,'=1+2\r\n"));
    // Imported again as it is, the defused cell is what was typed, not its apostrophe.
    String again = TestDatabases.location(dir.resolve("again"));
    var reimport = kabambe("contacts", "import", dir.resolve("revealed.csv").toString(), "--db", again, "--flows",
        flows.toString());
    assertEquals(Main.OK, reimport.exit(), reimport.all());
    try (var database = Database.open(again)) {
      assertEquals("=1+2", new ContactStore(database).find(PHONE, ContactsDatabase.fields("test", flows))
          .orElseThrow().fields().get("district"));
    }
    try (var database = Database.open(db); var c = database.connection(); var s = c.createStatement();
         var rs = s.executeQuery("SELECT actor, target, detail FROM audit WHERE action = 'export.reveal'")) {
      assertTrue(rs.next(), "a revealing contacts export leaves an audit row");
      assertEquals("cli", rs.getString(1));
      assertEquals("contacts", rs.getString(2));
    }
  }

  /** The fields of the results row holding the comment (the row's fields, quotes kept). */
  private static List<String> answerRow(String csv) {
    String line = csv.lines().filter(l -> l.contains(",comment,")).findFirst()
        .orElseThrow(() -> new AssertionError("no answer row in\n" + csv));
    // participant,channel,session,node,question,answer,answered_at: the answer is the only quoted field
    int open = line.indexOf(",\"");
    int close = line.lastIndexOf("\",");
    var fields = new java.util.ArrayList<>(List.of(line.substring(0, open).split(",")));
    fields.add(line.substring(open + 1, close + 1));
    fields.add(line.substring(close + 2));
    return fields;
  }

  private void ussd(KabambeServer server, String text) throws Exception {
    String body = "sessionId=s1&phoneNumber=" + URLEncoder.encode(PHONE, StandardCharsets.UTF_8)
        + "&serviceCode=" + URLEncoder.encode("*384*77#", StandardCharsets.UTF_8) + "&text="
        + URLEncoder.encode(text, StandardCharsets.UTF_8);
    var r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/ussd/africastalking"))
        .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(body))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
  }

  private String get(KabambeServer server, String path, String token) throws Exception {
    var r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
        .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(20)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
    return r.body();
  }

  private static int freePort() throws Exception {
    try (var s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
