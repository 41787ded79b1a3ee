package org.kabambe.server;

import org.kabambe.testing.MutableClock;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.kabambe.catalog.load.CatalogLoader;
import org.kabambe.flow.settings.ContactFields;
import org.kabambe.contact.ContactStore;
import org.kabambe.testing.TestDatabases;

/**
 * A flow's {@code contact:} action is stored with the contact, and later sessions read it as {@code contact.*}:
 * over Africa's Talking on a real database, across a server restart.
 */
@Tag("database")
class ContactFieldsOverUssdTest {
  static final String FIELDS = """
      fields:
        district: {type: text}
        visits: {type: number}
        name: {type: text, pii: true}
        timezone: {type: text}
      """;

  static final String ZONE = """
      flow: zone
      title: Time zone
      languages: [en]
      start: ask
      triggers: {ussd: ["*201#"]}
      nodes:
        ask:
          ask: {text: "Your time zone?", expect: text, invalid: "Again", save: zone, next: store}
        store:
          do:
            actions:
              - contact: {timezone: "answers.zone"}
            next: done
        done:
          end: {text: "Noted"}
      """;

  static final String DISTRICT = """
      flow: district
      title: District
      languages: [en]
      start: check
      triggers: {ussd: ["*200#"]}
      nodes:
        check:
          route:
            - when: contact.district == "Kibera"
              goto: known
            - else: ask
        ask:
          ask:
            text: "Your district?"
            expect: text
            invalid: "Type your district"
            save: district
            next: store
        store:
          do:
            actions:
              - contact: {district: "answers.district", visits: "1"}
            next: thanks
        thanks:
          end:
            text: "Saved {{ contact.district }}"
        known:
          end:
            text: "Welcome back to {{ contact.district }}, {{ contact.name | fallback \\"friend\\" }} ({{ contact.phone }})"
      """;

  @TempDir
  Path dir;
  Path flows;
  MutableClock clock = new MutableClock(Instant.parse("2026-03-02T08:00:00Z"));
  KabambeServer server;

  String location;

  @BeforeEach
  void start() throws Exception {
    flows = Files.createDirectories(dir.resolve("flows"));
    Files.writeString(flows.resolve("fields.yaml"), FIELDS);
    Files.writeString(flows.resolve("district.yaml"), DISTRICT);
    Files.writeString(flows.resolve("zone.yaml"), ZONE);
    location = TestDatabases.location(dir);
    server = startServer();
  }

  @AfterEach
  void stop() {
    if (server != null) server.close();
  }

  private KabambeServer startServer() throws Exception {
    return KabambeServer.start(new ServeOptions("127.0.0.1", UssdServiceTest.freePort(), flows,
        location, Optional.empty(), List.of(), Optional.of("KE")), clock);
  }

  private ContactFields fields() {
    return CatalogLoader.standard().load(List.of(flows)).fields();
  }

  @Test
  void aFieldSetByAFlowIsStoredAndALaterSessionSeesIt() throws Exception {
    // A local Kenyan number: the deployment's region makes it +254…, the contact's key.
    var phone = new AfricasTalkingPhone(server.port(), "0712 000 111", "*200#");
    assertEquals("CON Your district?", phone.dial());
    assertEquals("END Saved Kibera", phone.send("Kibera"));

    var stored = new ContactStore(server.database()).find("+254712000111", fields()).orElseThrow();
    assertEquals(Map.of("district", "Kibera", "visits", 1.0), stored.fields());

    server.close();
    server = startServer();
    var again = new AfricasTalkingPhone(server.port(), "+254712000111", "*200#");
    assertEquals("END Welcome back to Kibera, friend (+254712000111)", again.dial());
  }

  @Test
  void aSessionReadsWhatWasStoredOutsideTheFlow() throws Exception {
    server.close();
    server = null;
    try (var db = org.kabambe.store.Database.open(location);
         var c = db.connection();
         var s = c.prepareStatement("INSERT INTO contacts (phone, opted_out, created_at, field_values, group_list) "
             + "VALUES ('+254712000222', FALSE, CURRENT_TIMESTAMP, '{\"district\":\"Kibera\",\"name\":\"Wanjiru\"}', ';a;')")) {
      s.executeUpdate();
    }
    server = startServer();
    var phone = new AfricasTalkingPhone(server.port(), "254712000222", "*200#");
    assertEquals("END Welcome back to Kibera, Wanjiru (+254712000222)", phone.dial());
    var seen = new ContactStore(server.database()).find("+254712000222", fields()).orElseThrow();
    assertEquals(Optional.of(clock.instant()), seen.firstSeen());
  }

  @Test
  void aTimeZoneThatIsNotOneIsNotStoredAndTheFlowErrorSaysWhy() throws Exception {
    var phone = new AfricasTalkingPhone(server.port(), "0712 000 333", "*201#");
    assertEquals("CON Your time zone?", phone.dial());
    assertEquals("END Noted", phone.send("Africa/Nairobbi"));
    var stored = new ContactStore(server.database()).find("+254712000333", fields()).orElseThrow();
    assertEquals(Map.of(), stored.fields(), "the scheduler could not use it: not stored");
    assertEquals(1, org.kabambe.testing.Sql.count(server.database(), "SELECT COUNT(*) FROM events WHERE type = "
        + "'flow_error' AND flow_id = 'zone' AND detail = 'contact.timezone: ''Africa/Nairobbi'' is not a time zone "
        + "(an IANA name like Africa/Nairobi, or UTC); did you mean ''Africa/Nairobi''?; not stored'"));
    var again = new AfricasTalkingPhone(server.port(), "0712 000 333", "*201#");
    again.dial();
    assertEquals("END Noted", again.send("Africa/Nairobi"));
    assertEquals(Map.of("timezone", "Africa/Nairobi"), new ContactStore(server.database()).find("+254712000333",
        fields()).orElseThrow().fields());
  }
}
