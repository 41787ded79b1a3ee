package org.kabambe.handover;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.io.StringWriter;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kabambe.api.Role;
import org.kabambe.cli.Main;
import org.kabambe.store.Database;
import org.kabambe.store.HopHistory;
import org.kabambe.testing.TestDatabases;
import org.kabambe.testing.ApiClient;
import org.kabambe.testing.SurveyProgramme;
import java.time.Duration;
import org.kabambe.testing.Eventually;

/**
 * {@code kabambe export all}: the manifest checks out file by file (the JDK's SHA-256), the README describes every
 * column of every CSV, numbers are pseudonymised unless revealed (audited), a revealed contacts file imports into a
 * fresh database with the existing import, and the results files count what the admin API's figures count.
 */
@Tag("database")
class ExportAllTest {
  static final List<String> PHONES = List.of("+254712000111", "+254712000222", "+254712000333");

  @TempDir Path dir;

  @Test
  void theHandOverChecksOutDescribesItselfAndReadsBack() throws Exception {
    Path flows = SurveyProgramme.flows(dir);
    String db = TestDatabases.location(dir);
    SurveyProgramme.importContacts(dir, db, flows, "phone,name,district\n" + PHONES.get(0) + ",Amina,Kisumu\n"
        + PHONES.get(1) + ",Baraka,Nakuru\n" + PHONES.get(2) + ",Chebet,Kisumu\n");

    JsonObject apiResults;
    try (var server = SurveyProgramme.serve(flows, db)) {
      var admin = new ApiClient(server, ApiClient.token(server, Role.ADMIN));
      SurveyProgramme.dial(server, "a", PHONES.get(0), "", "1", "1*fine");
      SurveyProgramme.dial(server, "b", PHONES.get(1), "", "1", "1*good, thanks");
      SurveyProgramme.dial(server, "c", PHONES.get(2), "", "2");
      var records = new HopHistory(server.database());
      Eventually.within(Duration.ofSeconds(5), () -> !records.answersOf(PHONES.get(2)).isEmpty());
      apiResults = Eventually.read(Duration.ofSeconds(10), () -> admin.ok("/api/flows/survey/results"),
          r -> total(r) >= 5); // the rollup counts within a second
      assertEquals(5, total(apiResults), apiResults.encodePrettily());
    }

    Path out = dir.resolve("handover");
    var run = kabambe("export", "all", "--out", out.toString(), "--db", db, "--flows", flows.toString());
    assertEquals(Main.OK, run.exit, run.err);
    assertManifestHolds(out);
    assertReadmeDescribesEveryColumn(out);
    assertTrue(Files.exists(out.resolve("flows/survey.yaml")) && Files.exists(out.resolve("flows/fields.yaml")));
    for (Path csv : csvFiles(out)) {
      String text = Files.readString(csv);
      assertTrue(text.startsWith("\uFEFF") && text.contains("\r\n"), csv + " is UTF-8 with BOM, CRLF");
      assertFalse(text.contains("+2547") || text.contains("Amina"), csv + " names nobody:\n" + text);
    }
    assertEquals(apiCounts(apiResults), csvCounts(out.resolve("results/survey.csv")),
        "the results file counts what the API's figures count");
    assertEquals(3, Files.readString(out.resolve("runs.csv")).lines().count() - 1, "one run per participant");

    Path revealed = dir.resolve("revealed");
    run = kabambe("export", "all", "--out", revealed.toString(), "--db", db, "--flows", flows.toString(),
        "--reveal");
    assertEquals(Main.OK, run.exit, run.err);
    assertManifestHolds(revealed);
    assertTrue(Files.readString(revealed.resolve("contacts.csv")).contains(PHONES.get(0) + ","));
    try (var database = Database.open(db); var c = database.connection(); var s = c.createStatement();
         var rs = s.executeQuery("SELECT actor, target FROM audit WHERE action = 'export.reveal'")) {
      assertTrue(rs.next(), "the revealing hand-over is audited");
      assertEquals("all", rs.getString(2));
      assertFalse(rs.next(), "the pseudonymised one is not");
    }
    String fresh = TestDatabases.location(Files.createDirectories(dir.resolve("fresh")));
    var reimport = kabambe("contacts", "import", revealed.resolve("contacts.csv").toString(), "--db", fresh,
        "--flows", flows.toString());
    assertEquals(Main.OK, reimport.exit, reimport.err);
    try (var database = Database.open(fresh); var c = database.connection(); var s = c.createStatement();
         var rs = s.executeQuery("SELECT COUNT(*), COUNT(DISTINCT group_list), SUM(CASE WHEN field_values LIKE"
             + " '%Kisumu%' THEN 1 ELSE 0 END) FROM contacts")) {
      rs.next();
      assertEquals(PHONES.size(), rs.getLong(1), "every contact reads back");
      assertEquals(2, rs.getLong(3), "with its fields");
    }
  }

  /** Every file but the manifest is listed once, with the SHA-256 of its bytes. */
  private static void assertManifestHolds(Path out) throws Exception {
    var listed = new TreeSet<String>();
    for (String line : Files.readAllLines(out.resolve("SHA256SUMS"))) {
      String hash = line.substring(0, 64);
      assertEquals("  ", line.substring(64, 66), "sha256sum's text-mode separator: " + line);
      String file = line.substring(66);
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(out.resolve(file)));
      assertEquals(HexFormat.of().formatHex(digest), hash, file);
      listed.add(file);
    }
    var present = new TreeSet<String>();
    try (Stream<Path> files = Files.walk(out)) {
      files.filter(Files::isRegularFile).map(f -> out.relativize(f).toString().replace('\\', '/'))
          .filter(f -> !f.equals("SHA256SUMS")).forEach(present::add);
    }
    assertEquals(present, listed);
    assertTrue(present.contains("README.md") && present.contains("contacts.csv"), present.toString());
  }

  private static void assertReadmeDescribesEveryColumn(Path out) throws Exception {
    String readme = Files.readString(out.resolve("README.md"));
    for (Path csv : csvFiles(out)) {
      String rel = out.relativize(csv).toString().replace('\\', '/');
      String heading = rel.startsWith("results/") ? "## results/FLOW.csv" : "## " + rel;
      int at = readme.indexOf(heading + "\n");
      assertTrue(at >= 0, "README has a section for " + rel);
      int end = readme.indexOf("\n## ", at + 1);
      String section = readme.substring(at, end < 0 ? readme.length() : end);
      String header = Files.readAllLines(csv).get(0).replace("\uFEFF", "");
      for (String column : header.split(",")) {
        assertTrue(section.contains("- `" + column + "`: "), rel + ": README describes " + column);
      }
    }
  }

  private static List<Path> csvFiles(Path out) throws Exception {
    try (Stream<Path> files = Files.walk(out)) {
      return files.filter(f -> f.toString().endsWith(".csv")).filter(f -> !f.startsWith(out.resolve("flows")))
          .sorted().toList();
    }
  }

  private static long total(JsonObject results) {
    var questions = results.getJsonArray("questions");
    if (questions == null) return 0;
    long n = 0;
    for (int i = 0; i < questions.size(); i++) n += questions.getJsonObject(i).getLong("total");
    return n;
  }

  /** node|question|answer -> count, as the API counts. */
  private static Map<String, Long> apiCounts(JsonObject results) {
    var counts = new TreeMap<String, Long>();
    var questions = results.getJsonArray("questions");
    for (int i = 0; i < questions.size(); i++) {
      var q = questions.getJsonObject(i);
      var answers = q.getJsonArray("answers");
      for (int j = 0; j < answers.size(); j++) {
        var a = answers.getJsonObject(j);
        counts.put(q.getString("node") + "|" + q.getString("name") + "|" + a.getString("value"), a.getLong("count"));
      }
    }
    return counts;
  }

  /** The same from the results file (participant,channel,session,node,question,answer,...). */
  private static Map<String, Long> csvCounts(Path csv) throws Exception {
    var counts = new TreeMap<String, Long>();
    for (String line : Files.readAllLines(csv).subList(1, Files.readAllLines(csv).size())) {
      String[] f = line.split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)");
      String answer = f[5].startsWith("\"") ? f[5].substring(1, f[5].length() - 1).replace("\"\"", "\"") : f[5];
      counts.merge(f[3] + "|" + f[4] + "|" + answer, 1L, Long::sum);
    }
    return counts;
  }

  record Run(int exit, String out, String err) {}

  static Run kabambe(String... args) {
    var out = new StringWriter();
    var err = new StringWriter();
    int exit = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Run(exit, out.toString(), err.toString());
  }
}
