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
import org.junit.jupiter.api.io.TempDir;
import org.kabambe.flow.CatalogLoader;
import org.kabambe.flow.program.ContactFields;
import org.kabambe.store.ContactStore;

/**
 * A flow's {@code contact:} action is stored with the contact, and later sessions read it as {@code contact.*}:
 * over Africa's Talking on a real H2 file, across a server restart.
 */
class ContactFieldsOverUssdTest {
  static final String FIELDS = """
      fields:
        district: {type: text}
        visits: {type: number}
        name: {type: text, pii: true}
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

  @BeforeEach
  void start() throws Exception {
    flows = Files.createDirectories(dir.resolve("flows"));
    Files.writeString(flows.resolve("fields.yaml"), FIELDS);
    Files.writeString(flows.resolve("district.yaml"), DISTRICT);
    server = startServer();
  }

  @AfterEach
  void stop() {
    if (server != null) server.close();
  }

  private KabambeServer startServer() throws Exception {
    return KabambeServer.start(new ServeOptions("127.0.0.1", UssdServiceTest.freePort(), flows,
        dir.resolve("db/kabambe").toString(), Optional.empty(), List.of(), Optional.of("KE")), clock);
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
    try (var db = org.kabambe.store.Database.open(dir.resolve("db/kabambe").toString());
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
}
