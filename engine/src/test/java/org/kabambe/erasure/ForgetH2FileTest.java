package org.kabambe.erasure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kabambe.erasure.ForgetFixture.GONE;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kabambe.cli.Main;
import org.kabambe.store.Database;
import org.kabambe.testing.SurveyProgramme;

/**
 * H2 only: after {@code contacts forget} and a compaction ({@code SHUTDOWN COMPACT}), the bytes of the number
 * (E.164 and digits only, UTF-8) occur in no file of the database's folder; and the command refuses, without a
 * stack trace, while a server holds the file.
 */
class ForgetH2FileTest {
  @TempDir Path dir;

  @Test
  void theNumbersBytesAreGoneFromTheFileAfterACompaction() throws Exception {
    Path flows = SurveyProgramme.flows(dir);
    Path folder = Files.createDirectories(dir.resolve("data"));
    String db = folder.resolve("kabambe").toString();
    try (var server = SurveyProgramme.serve(flows, db)) {
      ForgetFixture.answerSurvey(server);
      var refused = ContactsForgetCliTest.kabambe("contacts", "forget", GONE, "--db", db, "--flows",
          flows.toString());
      assertEquals(Main.INPUT_WRONG, refused.exit(), refused.out() + refused.err());
      assertTrue(refused.err().contains("in use by a running server; stop it first or use the admin API")
          && !refused.err().contains("Exception"), refused.err());
    }
    try (var database = Database.open(db)) {
      ForgetFixture.campaignsAndBroadcasts(database);
    }
    compact(db);
    assertFalse(filesHolding(folder, GONE.substring(1)).isEmpty(), "before: the file holds the number");

    var run = ContactsForgetCliTest.kabambe("contacts", "forget", GONE, "--db", db, "--flows", flows.toString());
    assertEquals(Main.OK, run.exit(), run.out() + run.err());
    compact(db);

    assertEquals(List.of(), filesHolding(folder, GONE), "files holding " + GONE);
    assertEquals(List.of(), filesHolding(folder, GONE.substring(1)), "files holding its digits");
    assertEquals(List.of(), filesHolding(folder, ForgetFixture.TYPED), "files holding it as typed in an answer");
    assertFalse(filesHolding(folder, ForgetFixture.KEPT.substring(1)).isEmpty(), "the other number stays");
  }

  /** H2's own compaction of a closed file: rewrites the live rows only. */
  private static void compact(String db) throws Exception {
    try (var c = DriverManager.getConnection("jdbc:h2:file:" + db, "kabambe", ""); var s = c.createStatement()) {
      s.execute("SHUTDOWN COMPACT");
    }
  }

  private static List<String> filesHolding(Path folder, String text) throws Exception {
    byte[] needle = text.getBytes(StandardCharsets.UTF_8);
    var found = new ArrayList<String>();
    try (Stream<Path> files = Files.walk(folder)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        if (ContactsForgetCliTest.contains(Files.readAllBytes(f), needle)) found.add(folder.relativize(f).toString());
      }
    }
    return found;
  }
}
