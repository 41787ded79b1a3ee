package org.kabambe.erasure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.kabambe.erasure.ForgetFixture.GONE;
import static org.kabambe.erasure.ForgetFixture.KEPT;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kabambe.cli.Main;
import org.kabambe.contact.ContactStore;
import org.kabambe.export.Pseudonyms;
import org.kabambe.store.Database;
import org.kabambe.store.HopHistory;
import org.kabambe.testing.TestDatabases;
import org.kabambe.testing.SurveyProgramme;

/**
 * {@code kabambe contacts forget}: after it, no cell of any table names the number (in E.164 or as bare digits),
 * the participant who stays keeps every row, the figures are what they were, and the audit names the pseudonym.
 */
@Tag("database")
class ContactsForgetCliTest {
  @TempDir Path dir;

  @Test
  void forgottenNumberIsInNoTableAndFiguresKeepTheirCounts() throws Exception {
    Path flows = SurveyProgramme.flows(dir);
    String db = TestDatabases.location(dir);
    try (var server = SurveyProgramme.serve(flows, db)) {
      ForgetFixture.answerSurvey(server);
    }
    String before;
    try (var database = Database.open(db)) {
      ForgetFixture.campaignsAndBroadcasts(database);
      ForgetFixture.countAll(database);
      before = ForgetFixture.figures(database);
      assertFalse(ForgetFixture.cellsNaming(database, GONE.substring(1)).isEmpty(), "the fixture names the number");
      assertTrue(ForgetFixture.cellsNaming(database, ForgetFixture.TYPED).contains("answer_daily.answer"),
          "the typed number is counted as an answer: " + ForgetFixture.cellsNaming(database, ForgetFixture.TYPED));
    }

    var run = kabambe("contacts", "forget", "0712 000 111", "--region", "KE", "--db", db, "--flows",
        flows.toString());
    assertEquals(Main.OK, run.exit, run.out + run.err);
    assertTrue(run.out.contains("0712 000 111 forgotten"), run.out);

    try (var database = Database.open(db)) {
      assertEquals(List.of(), ForgetFixture.cellsNaming(database, GONE.substring(1)),
          "cells still naming the forgotten number");
      assertEquals(List.of(), ForgetFixture.cellsNaming(database, ForgetFixture.TYPED), "cells naming it as typed");
      assertEquals(before.replace(ForgetFixture.TYPED, "[erased]"), ForgetFixture.figures(database),
          "the figures keep their counts (the typed number erased from the answer counted)");
      assertEquals(2, new HopHistory(database).answersOf(KEPT).size(), "the other participant keeps their answers");
      assertTrue(new ContactStore(database).find(KEPT, org.kabambe.flow.settings.ContactFields.NONE).isPresent());
      try (var c = database.connection(); var s = c.createStatement();
           var rs = s.executeQuery("SELECT actor, target, detail FROM audit WHERE action = 'contact.forget'")) {
        assertTrue(rs.next(), "the erasure is audited");
        assertEquals("cli", rs.getString(1));
        assertEquals(Pseudonyms.of(database).of(GONE), rs.getString(2), "audited under the deployment pseudonym");
      }
      try (var c = database.connection(); var s = c.createStatement();
           var rs = s.executeQuery("SELECT cursor_phone FROM broadcasts")) {
        rs.next();
        assertEquals("", rs.getString(1), "the broadcast's cursor moved to the contact before (none)");
      }
    }
  }

  /**
   * PostgreSQL: beside a running server the command forgets a number whose hops are counted, but leaves one in the
   * middle of a flow to the server's API (its run and conversation are in the server's memory); once the server
   * is stopped, --server-stopped forgets it.
   */
  @Test
  void besideARunningServerALiveParticipantIsLeftToTheServer() throws Exception {
    assumeTrue(TestDatabases.postgres(), "H2 refuses while a server runs (ForgetH2FileTest)");
    Path flows = SurveyProgramme.flows(dir);
    String db = TestDatabases.location(dir);
    try (var server = SurveyProgramme.serve(flows, db)) {
      ForgetFixture.answerSurvey(server); // both complete the survey
      SurveyProgramme.dial(server, "again", GONE, ""); // a live conversation again
      var kept = kabambe("contacts", "forget", KEPT, "--db", db, "--flows", flows.toString());
      assertEquals(Main.OK, kept.exit, kept.out + kept.err);
      var live = kabambe("contacts", "forget", GONE, "--db", db, "--flows", flows.toString());
      assertEquals(Main.INPUT_WRONG, live.exit, live.out + live.err);
      assertTrue(live.err.contains("POST /api/contacts/forget"), live.err);
    }
    var stopped = kabambe("contacts", "forget", GONE, "--server-stopped", "--db", db, "--flows", flows.toString());
    assertEquals(Main.OK, stopped.exit, stopped.out + stopped.err);
    try (var database = Database.open(db)) {
      assertEquals(List.of(), ForgetFixture.cellsNaming(database, GONE.substring(1)));
      assertEquals(List.of(), ForgetFixture.cellsNaming(database, KEPT.substring(1)));
    }
  }

  @Test
  void anInvalidNumberForgetsNothing() throws Exception {
    String db = TestDatabases.location(dir);
    try (var database = Database.open(db)) {
      database.dialect(); // created and migrated
    }
    var run = kabambe("contacts", "forget", GONE, "12", "--db", db, "--flows", dir.toString());
    assertEquals(Main.INPUT_WRONG, run.exit, run.out + run.err);
    assertTrue(run.err.contains("nothing was forgotten") && run.err.contains("'12'"), run.err);
    try (var database = Database.open(db); var c = database.connection(); var s = c.createStatement();
         var rs = s.executeQuery("SELECT COUNT(*) FROM audit")) {
      rs.next();
      assertEquals(0, rs.getLong(1));
    }
  }

  record Run(int exit, String out, String err) {}

  static Run kabambe(String... args) {
    var out = new java.io.StringWriter();
    var err = new java.io.StringWriter();
    int exit = Main.run(new java.io.PrintWriter(out, true), new java.io.PrintWriter(err, true), args);
    return new Run(exit, out.toString(), err.toString());
  }

  static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) if (haystack[i + j] != needle[j]) continue outer;
      return true;
    }
    return false;
  }
}
