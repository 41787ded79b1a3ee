package org.kabambe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kabambe.cli.CliTest.kabambe;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kabambe.api.Role;
import org.kabambe.contact.ContactStore;
import org.kabambe.store.Database;
import org.kabambe.testing.TestDatabases;
import org.kabambe.testing.ApiClient;
import org.kabambe.testing.SurveyProgramme;
import java.time.Duration;
import org.kabambe.testing.Eventually;

/**
 * The exports a user makes of one deployment join: a participant who is a contact has one pseudonym in the contacts
 * export (CLI) and the results export (CLI and admin API over HTTP), cells typed by the public come out as text
 * (no spreadsheet formula) in both files, and a revealing contacts export is audited like a revealing results export.
 */
@Tag("database")
class ExportsJoinTest {
  static final String PHONE = "+254712000111";
  static final String FORMULA = "=HYPERLINK(\"http://example.org\",\"x\")";

  @TempDir Path dir;

  @Test
  void oneParticipantHasOnePseudonymInEveryExportAndFormulasStayText() throws Exception {
    Path flows = SurveyProgramme.flows(dir);
    String db = TestDatabases.location(dir.resolve("db"));
    SurveyProgramme.importContacts(dir, db, flows, "phone,name,district\n" + PHONE + ",Amina,=1+2\n"
        + "+254712000222,Baraka,+ north\n");

    String apiCsv;
    try (var server = SurveyProgramme.serve(flows, db)) {
      SurveyProgramme.dial(server, "s1", PHONE, "", "1", "1*" + FORMULA);
      var admin = new ApiClient(server, ApiClient.token(server, Role.ADMIN));
      apiCsv = Eventually.read(Duration.ofSeconds(10), () -> admin.body("/api/export/results/survey.csv"),
          csv -> csv.contains(",comment,")); // answers are written by the group commit
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
    Path flows = SurveyProgramme.flows(dir, false);
    String db = TestDatabases.location(dir.resolve("db"));
    SurveyProgramme.importContacts(dir, db, flows, "phone,name,district\n" + PHONE + ",Amina,=1+2\n");

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
}
