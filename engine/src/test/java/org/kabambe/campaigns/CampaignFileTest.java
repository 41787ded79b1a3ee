package org.kabambe.campaigns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.kabambe.catalog.Catalog;
import org.kabambe.catalog.load.CatalogLoader;
import org.kabambe.diag.Diagnostics;
import org.kabambe.expr.ValueType;
import org.kabambe.flow.campaign.Campaign;
import org.kabambe.flow.campaign.CampaignMessage;
import org.kabambe.flow.campaign.QuietHours;
import org.kabambe.flow.parse.CampaignParser;
import org.kabambe.flow.settings.ContactField;
import org.kabambe.flow.settings.ContactFields;

class CampaignFileTest {
  static final ContactFields FIELDS = new ContactFields(Map.of(
      "due_date", new ContactField("due_date", ValueType.DATE, false, List.of(), null),
      "district", new ContactField("district", ValueType.TEXT, false, List.of(), null)));

  static Optional<Campaign> parse(String yaml, Diagnostics d) {
    return CampaignParser.parse("c.yaml", yaml.getBytes(StandardCharsets.UTF_8), FIELDS, d);
  }

  @Test
  void demoCampaignLoadsWithTheDemoFlows() {
    Catalog c = CatalogLoader.structureOnly().load(List.of(Path.of("../flows")));
    assertFalse(c.hasErrors(), c.diagnostics().toString());
    Campaign tips = c.campaigns().get("climate-tips");
    assertEquals(List.of("en", "fr", "sw"), tips.languages());
    assertEquals(List.of("tips", "astuces"), tips.join().stream().map(String::toLowerCase).toList());
    assertEquals(6, tips.messages().size());
    assertEquals("heat-water", tips.messages().get(0).key());
    assertEquals(new QuietHours(LocalTime.of(21, 0), LocalTime.of(7, 0)), tips.quietHours().orElseThrow());
    assertEquals(Optional.of("astuces"), tips.joinKeyword("fr"), "grouped by language");
    assertEquals(Optional.of("tips"), tips.joinKeyword("sw"), "none in Swahili: the first");
    assertEquals(Optional.of("stopastuces"), tips.leaveKeyword("fr"));
  }

  @Test
  void keywordsAsAListOrByLanguage() {
    Diagnostics d = new Diagnostics();
    Campaign c = parse("""
        campaign: c
        languages: [en]
        join: {en: [Tips, TIPS], sw: [Vidokezo]}
        leave: [NOTIPS, ACHAVIDOKEZO]
        messages:
          - {at: "day 1", text: Hi}
        """, d).orElseThrow();
    assertEquals(List.of("tips", "vidokezo"), c.join(), "folded, once");
    assertEquals(Optional.of("vidokezo"), c.joinKeyword("sw"));
    assertEquals(Optional.of("notips"), c.leaveKeyword("sw"));
    Diagnostics bad = new Diagnostics();
    assertTrue(parse("""
        campaign: c
        languages: [en]
        join: {English: [TIPS]}
        messages:
          - {at: "day 1", text: Hi}
        """, bad).isEmpty());
    String found = bad.sorted().toString();
    assertTrue(found.contains("c.yaml:3:") && found.contains("'English' is not a language code"), found);
  }

  @Test
  void keywordCollisionsUnknownFlowsAndUnknownCampaignsAreReported(@org.junit.jupiter.api.io.TempDir Path dir)
      throws Exception {
    java.nio.file.Files.createDirectories(dir.resolve("campaigns"));
    java.nio.file.Files.writeString(dir.resolve("a.yaml"), """
        flow: alpha
        title: A flow
        languages: [en]
        start: bye
        triggers:
          keywords: [ALPHA]
        nodes:
          bye:
            end:
              text: Bye
              do:
                - subscribe: nope
        """);
    java.nio.file.Files.writeString(dir.resolve("campaigns/c.yaml"), """
        campaign: c
        languages: [en]
        join: [ALPHA, help]
        messages:
          - {at: "day 1", flow: missing}
        """);
    Catalog c = CatalogLoader.structureOnly().load(List.of(dir));
    String all = c.diagnostics().toString();
    for (String expected : List.of("'alpha' is already a keyword of flow 'alpha'", "'help' is already the global HELP",
        "starts flow 'missing'", "campaign 'nope' is not in")) {
      assertTrue(all.contains(expected), expected + " in " + all);
    }
    assertTrue(c.campaigns().isEmpty());
  }

  @Test
  void everyFormOfAt() {
    Diagnostics d = new Diagnostics();
    Campaign c = parse("""
        campaign: anc
        languages: [en]
        messages:
          - {at: "+2d", text: a}
          - {at: "day 3", hour: "18:30", text: b}
          - {id: before-due, at: {field: due_date, offset: -14d}, text: c}
        """, d).orElseThrow(() -> new AssertionError(d.sorted()));
    assertEquals(new CampaignMessage.AfterJoin(java.time.Duration.ofDays(2)), c.messages().get(0).anchor());
    assertEquals(new CampaignMessage.JoinDay(3), c.messages().get(1).anchor());
    assertEquals(Optional.of(LocalTime.of(18, 30)), c.messages().get(1).hour());
    assertEquals(new CampaignMessage.FieldDate("due_date", -14), c.messages().get(2).anchor());
    assertEquals(List.of("1", "2", "before-due"), c.messages().stream().map(CampaignMessage::key).toList());
  }

  @Test
  void mistakesAreReportedWithTheirLines() {
    Diagnostics d = new Diagnostics();
    Optional<Campaign> c = parse("""
        campaign: anc
        languages: [en, fr]
        quiet_hours: "9pm-7am"
        timezone: Mars/Olympus
        messages:
          - {at: "soon", text: a}
          - {at: {field: district, offset: 1d}, text: b}
          - {at: "day 1", text: {en: hi}}
          - {at: "day 2", hour: "25:00", text: x, flow: y}
        """, d);
    assertTrue(c.isEmpty());
    String all = d.sorted().toString();
    for (String expected : List.of("c.yaml:3", "quiet_hours", "c.yaml:4", "time zone", "c.yaml:6", "'soon'",
        "c.yaml:7", "date field", "c.yaml:8", "'fr' translation", "c.yaml:9", "09:00", "not both")) {
      assertTrue(all.contains(expected), expected + " in " + all);
    }
  }
}
