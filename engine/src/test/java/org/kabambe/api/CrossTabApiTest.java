package org.kabambe.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kabambe.server.KabambeServer;
import org.kabambe.testing.ApiClient;
import org.kabambe.testing.Eventually;
import org.kabambe.testing.MutableClock;

/**
 * The cross-tab API over HTTP: participants answer a survey over Africa's Talking (their district, a choice, is
 * saved to the contact, then two menu questions); the test keeps its own record of each run's answers as it posts
 * them and checks every shown cell, row n and percentage against counts it computes from that record (a run counts
 * once, under its answers, on the day it started), that small cells are hidden so that none can be worked out by
 * subtraction, the bad parameters, and the CSV. (A changed answer moving the pairs: RollupRulesTest.)
 */
@Tag("database")
class CrossTabApiTest {
  static final String FIELDS = """
      fields:
        district: {type: text}
        name: {type: text, pii: true}
      """;
  static final String SURVEY = """
      flow: survey
      title: Survey
      languages: [en, fr]
      translation_fallback: true
      start: where
      triggers: {ussd: ["*384*90#"]}
      nodes:
        where:
          ask: {text: "Your district?", expect: {choice: [North, South, West, East]}, invalid: "Again",
                save: district, next: store}
        store:
          do:
            actions:
              - contact: {district: "answers.district"}
            next: vax
        vax:
          menu:
            text: "Vaccinated?"
            save: vaccinated
            options:
              - {label: {en: "Yes", fr: "Oui"}, value: "yes", goto: age}
              - {label: {en: "No", fr: "Non"}, value: "no", goto: age}
              - {label: {en: "Not sure", fr: "Pas sûr"}, value: "unsure", goto: age}
        age:
          menu:
            text: "Age?"
            save: age_group
            options:
              - {label: {en: "Under 30"}, value: "young", goto: times}
              - {label: {en: "30 or over"}, value: "older", goto: times}
        times:
          ask: {text: "How many doses?", expect: {number: {min: 0, max: 9, integer: true}}, invalid: "A number",
                save: doses, next: bye}
        bye:
          end: {text: "Thank you!"}
      """;
  static final List<String> VAX = List.of("yes", "no", "unsure");
  static final List<String> AGE = List.of("young", "older");

  @TempDir
  static Path dir;
  static KabambeServer server;
  static MutableClock clock;
  static ApiClient api;
  /** What the test posted: run (its session) to its district, vaccinated and age_group answers (by day). */
  static final Map<String, String> district = new HashMap<>();
  static final Map<String, String> vaccinated = new HashMap<>();
  static final Map<String, String> age = new HashMap<>();
  static final Map<String, String> vaccinatedOnFirstDay = new HashMap<>();
  static int sessions;

  @BeforeAll
  static void traffic() throws Exception {
    Path flows = Files.createDirectories(dir.resolve("flows"));
    Files.writeString(flows.resolve("fields.yaml"), FIELDS);
    Files.writeString(flows.resolve("survey.yaml"), SURVEY);
    clock = new MutableClock(Instant.parse("2026-03-02T09:00:00Z"));
    server = ApiClient.start(dir, flows, clock);
    api = new ApiClient(server, ApiClient.token(server, Role.VIEWER));

    // North: 8 yes, 6 no, 2 unsure; South: 7 yes, 5 no, 1 unsure; West: 10 yes, 9 no; East: 3 yes. Ages alternate.
    int p = 0;
    p = people(p, "North", "yes", 8);
    p = people(p, "North", "no", 6);
    p = people(p, "North", "unsure", 2);
    p = people(p, "South", "yes", 7);
    p = people(p, "South", "no", 5);
    p = people(p, "South", "unsure", 1);
    p = people(p, "West", "yes", 10);
    p = people(p, "West", "no", 9);
    p = people(p, "East", "yes", 3);
    // One stops after giving a district: no vaccinated answer, so not in the table.
    String quitter = phone(p);
    assertTrue(at("q", quitter, "").startsWith("CON"));
    assertTrue(at("q", quitter, "North").contains("Vaccinated"));
    district.put("q", "North");
    vaccinatedOnFirstDay.putAll(vaccinated);
    // The next day the first North participant takes the survey again, now "no": a second run, counted beside the
    // first.
    clock.advance(Duration.ofDays(1));
    survey(phone(0), "North", "no", "young");
    // The web simulator's fictional number is left out unless channel=sim.
    String sim = new JsonObject().put("sessionId", "sim1").put("msisdn", "+447700900901").put("serviceCode",
        "*384*90#").put("new", true).put("input", "").encode();
    assertEquals(200, api.post("/ussd/generic", "application/json", sim).statusCode());
    // Cross-tabs read the rollup's tables, which it updates every second.
    Eventually.until("the rollup counted every answer", Duration.ofSeconds(15), CrossTabApiTest::allCounted);
  }

  static boolean allCounted() {
    try {
      JsonArray questions = api.ok("/api/flows/survey/results?from=2026-03-01&to=2026-03-05")
          .getJsonArray("questions");
      return questions.stream().map(JsonObject.class::cast).filter(q -> q.getString("name").equals("age_group"))
          .anyMatch(q -> q.getLong("total") == age.size());
    } catch (Exception e) {
      return false;
    }
  }

  @AfterAll
  static void stop() {
    if (server != null) server.close();
  }

  @Test
  void cellsEqualCountsFromTheRawAnswersAndSmallCellsCannotBeDerived() throws Exception {
    JsonObject t = api.ok("/api/flows/survey/crosstab?rows=contact.district&columns=vaccinated"
        + "&from=2026-03-01&to=2026-03-05");
    assertEquals("contact_field", t.getJsonObject("rows").getString("kind"));
    assertEquals(5, t.getInteger("min_cell"));
    assertEquals(List.of("no", "unsure", "yes"), t.getJsonObject("columns").getJsonArray("values").stream()
        .map(v -> ((JsonObject) v).getString("value")).toList());
    assertEquals("Not sure", t.getJsonObject("columns").getJsonArray("values").getJsonObject(1).getString("label"));
    checkAgainst(t, district, vaccinated);
    // What this data must hide: East's 3 yes (and so East's n), South's 1 and North's 2 unsure.
    assertTrue(cell(t, "East", "yes").getBoolean("suppressed"));
    assertTrue(t.getJsonArray("table").getJsonObject(0).getBoolean("n_suppressed"), "East's n is 3");
    assertTrue(cell(t, "South", "unsure").getBoolean("suppressed"));
    assertTrue(cell(t, "North", "unsure").getBoolean("suppressed"));
    // ...and shows West's, which no small cell touches.
    assertEquals(10, cell(t, "West", "yes").getLong("count"));
    assertEquals(9, cell(t, "West", "no").getLong("count"));
    assertEquals(52.6, cell(t, "West", "yes").getDouble("row_percent"));
    assertTrue(t.getBoolean("suppressed"));
    assertEquals(0, t.getLong("without_row_value"), "the quitter gave no vaccinated answer");
  }

  @Test
  void aQuestionAsRowsCountsRunsStartedInThePeriod() throws Exception {
    JsonObject byAge = api.ok("/api/flows/survey/crosstab?rows=age_group&columns=vaccinated"
        + "&from=2026-03-01&to=2026-03-05");
    assertEquals("question", byAge.getJsonObject("rows").getString("kind"));
    checkAgainst(byAge, age, vaccinated);
    JsonObject firstDay = api.ok("/api/flows/survey/crosstab?rows=district&columns=vaccinated"
        + "&from=2026-03-02&to=2026-03-03");
    assertEquals("question", firstDay.getJsonObject("rows").getString("kind"), "a bare name is a question first");
    checkAgainst(firstDay, district, vaccinatedOnFirstDay);
    JsonObject allDays = api.ok("/api/flows/survey/crosstab?rows=district&columns=vaccinated");
    checkAgainst(allDays, district, vaccinated);
    assertEquals(row(firstDay, "North").getLong("n") + 1, row(allDays, "North").getLong("n"),
        "the second day's run adds a North no; the participant's first run keeps its yes");
    JsonObject simOnly = api.ok("/api/flows/survey/crosstab?rows=district&columns=vaccinated&channel=sim");
    assertEquals(0, simOnly.getLong("n"), "the simulator gave no answer beyond the first screen");
    JsonObject raised = api.ok("/api/flows/survey/crosstab?rows=contact.district&columns=vaccinated&min_cell=9");
    assertTrue(cell(raised, "North", "yes").getBoolean("suppressed"), "min_cell raises the threshold: North has 8 yes");
  }

  @Test
  void answersAreLabelledInTheReadersLanguageWhereTheFlowTranslatesThem() throws Exception {
    String path = "/api/flows/survey/crosstab?rows=age_group&columns=vaccinated&from=2026-03-01&to=2026-03-05";
    JsonObject fr = api.ok(path + "&lang=fr");
    assertEquals(List.of("Non", "Pas sûr", "Oui"), labels(fr.getJsonObject("columns").getJsonArray("values")));
    assertEquals(List.of("30 or over", "Under 30"), labels(fr.getJsonArray("table")),
        "no French for the age options: the flow's first language");
    assertEquals(List.of("No", "Not sure", "Yes"), labels(api.ok(path + "&lang=sw").getJsonObject("columns")
        .getJsonArray("values")), "a language the flow does not have: its first language");
    assertEquals(List.of("No", "Not sure", "Yes"), labels(api.ok(path).getJsonObject("columns")
        .getJsonArray("values")));
    String csv = api.get(path + "&lang=fr&format=csv").body();
    assertTrue(csv.contains("vaccinated=unsure (Pas sûr) count"), csv);
    assertEquals(api.ok(path).getJsonArray("table"), fr.getJsonArray("table"), "the same rows and counts");
  }

  private static List<String> labels(JsonArray values) {
    return values.stream().map(v -> ((JsonObject) v).getString("label")).toList();
  }

  @Test
  void badParametersNameTheParameterAndWhatIsValid() throws Exception {
    var noColumn = api.get("/api/flows/survey/crosstab?rows=district&columns=doses");
    assertEquals(400, noColumn.statusCode());
    JsonObject e = new JsonObject(noColumn.body());
    assertEquals("columns", e.getString("parameter"));
    assertTrue(e.getString("message").contains("district, vaccinated, age_group") && e.getString("message")
        .contains("'doses'"), e.getString("message"));
    JsonObject rows = new JsonObject(api.get("/api/flows/survey/crosstab?rows=name&columns=vaccinated").body());
    assertEquals("rows", rows.getString("parameter"));
    assertTrue(rows.getString("message").contains("contact field (district)"), "a PII field is not offered: "
        + rows.getString("message"));
    var lower = api.get("/api/flows/survey/crosstab?rows=district&columns=vaccinated&min_cell=2");
    assertEquals(400, lower.statusCode());
    assertEquals("min_cell", new JsonObject(lower.body()).getString("parameter"));
    assertEquals(400, api.get("/api/flows/survey/crosstab?columns=vaccinated").statusCode());
    JsonObject options = api.ok("/api/flows/survey/crosstab/options");
    assertEquals(List.of("district", "vaccinated", "age_group"), options.getJsonArray("questions").getList(),
        "what the page offers: no number question");
    assertEquals(List.of("district"), options.getJsonArray("fields").getList(), "no PII field");
    assertEquals(404, api.get("/api/flows/nope/crosstab?rows=district&columns=vaccinated").statusCode());
    assertEquals(401, api.send(HttpRequest.newBuilder(api.uri("/api/flows/survey/crosstab?rows=district"
        + "&columns=vaccinated"))
        .build()).statusCode());
  }

  @Test
  void csvHasTheSameCellsWithSuppressedOnesMarked() throws Exception {
    var r = api.get("/api/flows/survey/crosstab?rows=contact.district&columns=vaccinated&format=csv");
    assertEquals(200, r.statusCode(), r.body());
    assertTrue(r.headers().firstValue("content-type").orElse("").startsWith("text/csv"));
    List<String> lines = r.body().lines().toList();
    assertEquals("\uFEFFdistrict,n,vaccinated=no (No) count,vaccinated=no (No) row %,vaccinated=unsure (Not sure)"
        + " count,vaccinated=unsure (Not sure) row %,vaccinated=yes (Yes) count,vaccinated=yes (Yes) row %",
        lines.get(0));
    JsonObject t = api.ok("/api/flows/survey/crosstab?rows=contact.district&columns=vaccinated");
    for (Object o : t.getJsonArray("table")) {
      JsonObject row = (JsonObject) o;
      var expected = new StringBuilder(row.getString("value")).append(',')
          .append(row.getBoolean("n_suppressed") ? "suppressed" : row.getLong("n").toString());
      for (Object c : row.getJsonArray("cells")) {
        JsonObject cell = (JsonObject) c;
        expected.append(',').append(cell.getBoolean("suppressed") ? "suppressed" : cell.getLong("count").toString())
            .append(',').append(cell.getValue("row_percent") == null ? "" : cell.getDouble("row_percent").toString());
      }
      assertTrue(lines.contains(expected.toString()), expected + " in\n" + r.body());
    }
    assertTrue(lines.get(lines.size() - 1).startsWith("all,"), r.body());
  }

  // ---- the independent count --------------------------------------------------------------------------------------

  /** Every shown number equals the count from the test's record; hidden cells are small or complementary. */
  static void checkAgainst(JsonObject t, Map<String, String> rowsOf, Map<String, String> columnsOf) {
    var expected = new HashMap<String, Map<String, Long>>();
    long n = 0;
    for (var e : columnsOf.entrySet()) {
      String row = rowsOf.get(e.getKey());
      if (row == null) continue;
      expected.computeIfAbsent(row, k -> new HashMap<>()).merge(e.getValue(), 1L, Long::sum);
      n++;
    }
    JsonArray table = t.getJsonArray("table");
    assertEquals(expected.keySet(), table.stream().map(r -> ((JsonObject) r).getString("value"))
        .collect(java.util.stream.Collectors.toSet()));
    if (!t.getBoolean("n_suppressed")) assertEquals(n, t.getLong("n"));
    int hiddenNs = 0;
    int hiddenCells = 0;
    for (Object o : table) {
      JsonObject row = (JsonObject) o;
      Map<String, Long> want = expected.get(row.getString("value"));
      long rowN = want.values().stream().mapToLong(Long::longValue).sum();
      if (row.getBoolean("n_suppressed")) {
        hiddenNs++;
        assertNull(row.getValue("n"));
      } else {
        assertEquals(rowN, row.getLong("n"), row.encode());
      }
      int hiddenInRow = 0;
      for (Object c : row.getJsonArray("cells")) {
        JsonObject cell = (JsonObject) c;
        long count = want.getOrDefault(cell.getString("value"), 0L);
        if (cell.getBoolean("suppressed")) {
          hiddenInRow++;
          assertNull(cell.getValue("count"));
          assertNull(cell.getValue("row_percent"));
          assertTrue(count > 0, "a zero is shown, not hidden: " + row.encode());
        } else {
          assertEquals(count, cell.getLong("count"), row.encode());
          assertFalse(count > 0 && count < 5, "a cell of " + count + " is shown: " + row.encode());
          if (!row.getBoolean("n_suppressed")) {
            assertEquals(Math.round(count * 1000.0 / rowN) / 10.0, cell.getDouble("row_percent"), row.encode());
          }
        }
      }
      hiddenCells += hiddenInRow;
      assertTrue(!row.getBoolean("n_suppressed") || hiddenInRow > 0, "a row's n is the sum of its shown cells: "
          + row.encode());
      assertTrue(hiddenInRow != 1 || row.getBoolean("n_suppressed"),
          "a lone hidden cell with its row's n shown is n minus the rest: " + row.encode());
    }
    assertTrue(hiddenNs != 1 || t.getBoolean("n_suppressed"), "a lone hidden row n is the overall n minus the rest");
    assertTrue(hiddenCells != 1, "a lone hidden cell is the overall n minus the rest");
  }

  static JsonObject row(JsonObject t, String value) {
    for (Object o : t.getJsonArray("table")) {
      if (((JsonObject) o).getString("value").equals(value)) return (JsonObject) o;
    }
    throw new AssertionError("no row " + value + " in " + t.encode());
  }

  static JsonObject cell(JsonObject t, String row, String column) {
    for (Object o : t.getJsonArray("table")) {
      JsonObject r = (JsonObject) o;
      if (!r.getString("value").equals(row)) continue;
      for (Object c : r.getJsonArray("cells")) {
        if (((JsonObject) c).getString("value").equals(column)) return (JsonObject) c;
      }
    }
    throw new AssertionError("no cell " + row + " x " + column + " in " + t.encode());
  }

  // ---- traffic ----------------------------------------------------------------------------------------------------

  static int people(int from, String where, String vax, int count) throws Exception {
    for (int i = from; i < from + count; i++) survey(phone(i), where, vax, AGE.get(i % 2));
    return from + count;
  }

  static String phone(int i) {
    return "+254700007" + String.format("%03d", i);
  }

  /** One full run over Africa's Talking; records what was answered. */
  static void survey(String phone, String where, String vax, String ageGroup) throws Exception {
    String session = "s" + sessions++;
    String text = where + "*" + (VAX.indexOf(vax) + 1) + "*" + (AGE.indexOf(ageGroup) + 1);
    assertTrue(at(session, phone, "").startsWith("CON"));
    assertTrue(at(session, phone, where).contains("Vaccinated"));
    assertTrue(at(session, phone, where + "*" + (VAX.indexOf(vax) + 1)).contains("Age"));
    assertTrue(at(session, phone, text).contains("doses"));
    assertTrue(at(session, phone, text + "*2").startsWith("END"));
    district.put(session, where);
    vaccinated.put(session, vax);
    age.put(session, ageGroup);
    clock.advance(Duration.ofSeconds(30));
  }

  static String at(String session, String phone, String text) throws Exception {
    return api.africasTalking(session, phone, "*384*90#", text);
  }
}
