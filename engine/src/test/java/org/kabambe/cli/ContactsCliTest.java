package org.kabambe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kabambe.cli.CliTest.DEMO_FLOWS;
import static org.kabambe.cli.CliTest.kabambe;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kabambe.contact.Contact;
import org.kabambe.contact.ContactStore;
import org.kabambe.store.Database;
import org.kabambe.testing.TestDatabases;

/**
 * {@code kabambe contacts import|export} and {@code kabambe seed} on real H2 files or PostgreSQL databases, with the
 * demo fields.
 */
@Tag("database")
class ContactsCliTest {
  @TempDir Path dir;

  private Path write(String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content);
  }

  private String db;

  /** This test's database (made on first use): an H2 file under dir/db, or a new PostgreSQL database. */
  private String db() {
    if (db == null) db = TestDatabases.location(dir.resolve("db"));
    return db;
  }

  private CliTest.Run importing(Path csv, String... extra) {
    var args = new java.util.ArrayList<>(List.of("contacts", "import", csv.toString(), "--db", db(), "--flows",
        DEMO_FLOWS.toString(), "--region", "KE"));
    args.addAll(List.of(extra));
    return kabambe(args.toArray(String[]::new));
  }

  private Optional<Contact> contact(String phone) {
    try (var db = Database.open(db())) {
      return new ContactStore(db).find(phone, ContactsDatabase.fields("test", DEMO_FLOWS));
    }
  }

  private long count() {
    try (var db = Database.open(db())) {
      return new ContactStore(db).count();
    }
  }

  @Test
  void goodRowsAreImportedAndBadRowsReportedWithTheirLine() throws Exception {
    Path csv = write("contacts.csv", """
        phone,name,district,age_group,due_date,groups,language
        0712 000 111,Amina Njeri,north,18-plus,,parents,en
        12345,Nobody,south,18-plus,,,en
        0712 000 222,Late Date,east,18-plus,14/02/2027,,en
        0712 000 333,Wrong Choice,east,adult,,,en
        +254 712 000 111,Amina Again,north,18-plus,,,en
        00254712000111,Amina Thrice,north,18-plus,,,en
        0712000444,"Otieno, Joseph",south,under-18,,parents; Climate-Tips,fr
        0712000555,Too Few,south
        254712000666,Marie,west,18-plus,2027-02-14,,xx1
        254712000777,Marie,west,18-plus,2027-02-14,,
        """);
    var run = importing(csv);

    assertEquals(Main.INPUT_WRONG, run.exit(), run.all());
    assertTrue(run.out().contains("3 imported, 0 updated, 7 rejected"), run.all());
    String err = run.err();
    assertTrue(err.contains(csv + ":3: phone: '12345' is neither a valid KE number"), err);
    assertTrue(err.contains(csv + ":4: due_date: '14/02/2027' is not a date (write it as yyyy-mm-dd"), err);
    assertTrue(err.contains(csv + ":5: age_group: 'adult' is not one of under-18, 18-plus"), err);
    assertTrue(err.contains(csv + ":6: phone +254712000111 (written '+254 712 000 111') is already on line 2"), err);
    assertTrue(err.contains(csv + ":7: phone +254712000111 (written '00254712000111') is already on line 2"), err);
    assertTrue(err.contains(csv + ":9: has 3 values but the header has 7 columns"), err);
    assertTrue(err.contains(csv + ":10: language: 'xx1' is not a language code"), err);

    Contact amina = contact("+254712000111").orElseThrow();
    assertEquals(Map.of("name", "Amina Njeri", "district", "north", "age_group", "18-plus"), amina.fields());
    assertEquals(List.of("parents"), amina.groups());
    assertEquals(Optional.empty(), amina.firstSeen());
    Contact joseph = contact("+254712000444").orElseThrow();
    assertEquals("Otieno, Joseph", joseph.fields().get("name"));
    assertEquals(List.of("parents", "climate-tips"), joseph.groups());
    assertEquals(Optional.of("fr"), joseph.language());
    assertEquals(LocalDate.of(2027, 2, 14), contact("+254712000777").orElseThrow().fields().get("due_date"));
    assertEquals(3, count());
  }

  /** PostgreSQL refuses U+0000 in text: a NUL in a file (a spreadsheet export gone wrong) is dropped on import. */
  @Test
  void aNulByteInAFileIsDroppedNotStoredNorFatal() throws Exception {
    var run = importing(write("nul.csv", "phone,name,district\n0712000111,Am\u0000ina,no\u0000rth\n"
        + "0712\u0000000222,Baraka,south\n"));
    assertEquals(Main.OK, run.exit(), run.all());
    assertTrue(run.out().contains("2 imported, 0 updated, 0 rejected"), run.all());
    assertEquals(Map.of("name", "Amina", "district", "north"), contact("+254712000111").orElseThrow().fields());
    assertEquals("Baraka", contact("+254712000222").orElseThrow().fields().get("name"));
  }

  @Test
  void anUnknownColumnIsOneErrorWithASuggestionAndNothingIsImported() throws Exception {
    Path csv = write("typo.csv", "phone,distrct\n0712000111,north\n0712000222,south\n");
    var run = importing(csv);
    assertEquals(Main.INPUT_WRONG, run.exit());
    assertEquals(1, run.err().lines().count(), run.err());
    assertTrue(run.err().contains("unknown column 'distrct' in the header; did you mean 'district'?"), run.err());
    assertEquals(0, count());
  }

  @Test
  void aReImportUpdatesTheSameContactsWhateverTheNumberFormat() throws Exception {
    importing(write("first.csv", "phone,name,district\n0712000111,Amina,north\n0712000222,Baraka,south\n"));
    var run = importing(write("second.csv", "phone,district,groups\n+254712000111,central,parents\n"
        + "254 712 000 222,east,\n"));

    assertEquals(Main.OK, run.exit(), run.all());
    assertTrue(run.out().contains("0 imported, 2 updated, 0 rejected"), run.all());
    assertEquals(2, count());
    Contact amina = contact("+254712000111").orElseThrow();
    assertEquals(Map.of("name", "Amina", "district", "central"), amina.fields()); // name kept: not in the file
    assertEquals(List.of("parents"), amina.groups());
  }

  @Test
  void anImportNeverOptsBackInANumberThatOptedOut() throws Exception {
    importing(write("a.csv", "phone,opted_out\n0712000111,true\n"));
    importing(write("b.csv", "phone,opted_out\n0712000111,false\n"));
    assertTrue(contact("+254712000111").orElseThrow().optedOut());
  }

  @Test
  void exportsPseudonymiseNumbersAndPiiFieldsStablyUnlessRevealed() throws Exception {
    importing(write("c.csv", "phone,name,district,due_date\n0712000111,Amina,north,2027-02-14\n"));
    Path a = dir.resolve("a.csv");
    Path b = dir.resolve("b.csv");
    var run = kabambe("contacts", "export", "--db", db(), "--flows", DEMO_FLOWS.toString(), "--out", a.toString());
    assertEquals(Main.OK, run.exit(), run.all());
    assertTrue(run.err().contains("1 contacts exported"), run.err());
    kabambe("contacts", "export", "--db", db(), "--flows", DEMO_FLOWS.toString(), "--out", b.toString());

    List<String> lines = Files.readAllLines(a);
    assertEquals("\uFEFFphone,language,groups,opted_out,consented_at,first_seen,last_seen,name,district,age_group,"
        + "due_date,timezone", lines.get(0));
    String[] row = lines.get(1).split(",", -1);
    assertTrue(row[0].matches("p_[0-9a-f]{20}"), row[0]);
    assertTrue(row[7].matches("p_[0-9a-f]{20}"), row[7]);
    assertNotEquals(row[0], row[7]);
    assertEquals("north", row[8]);
    assertEquals("2027-02-14", row[10]);
    assertFalse(Files.readString(a).contains("712000111"));
    assertFalse(Files.readString(a).contains("Amina"));
    assertEquals(Files.readString(a), Files.readString(b), "the same secret gives the same pseudonyms");

    Path revealed = dir.resolve("revealed.csv");
    kabambe("contacts", "export", "--db", db(), "--flows", DEMO_FLOWS.toString(), "--out", revealed.toString(),
        "--reveal");
    assertTrue(Files.readAllLines(revealed).get(1).startsWith("+254712000111,,,false,,,,Amina,north,,2027-02-14"));

    // Another deployment (another secret) gives other pseudonyms for the same number.
    String otherDb = TestDatabases.location(dir.resolve("other"));
    kabambe("contacts", "import", dir.resolve("c.csv").toString(), "--db", otherDb, "--flows", DEMO_FLOWS.toString(),
        "--region", "KE");
    Path other = dir.resolve("other.csv");
    kabambe("contacts", "export", "--db", otherDb, "--flows", DEMO_FLOWS.toString(), "--out", other.toString());
    assertNotEquals(row[0], Files.readAllLines(other).get(1).split(",")[0]);
  }

  @Test
  void seedLoadsTheDemoContacts() {
    Path seeds = DEMO_FLOWS.resolveSibling("seeds");
    var run = kabambe("seed", "--db", db(), "--flows", DEMO_FLOWS.toString(), "--seeds", seeds.toString());
    assertEquals(Main.OK, run.exit(), run.all());
    assertTrue(run.out().contains("30 imported, 0 updated, 0 rejected"), run.all());
    var again = kabambe("seed", "--db", db(), "--flows", DEMO_FLOWS.toString(), "--seeds", seeds.toString());
    assertTrue(again.out().contains("0 imported, 30 updated, 0 rejected"), again.all());
    assertEquals("Africa/Kinshasa", contact("+447700900502").orElseThrow().fields().get("timezone"));
    assertEquals("Africa/Dakar", contact("+447700900506").orElseThrow().fields().get("timezone"));
  }

  @Test
  void aTimeZoneThatIsNotOneIsRejectedWithTheLikelyOne() throws Exception {
    var run = importing(write("zones.csv", "phone,timezone\n0712000111,Africa/Nairobi\n0712000222,Africa/Nairobbi\n"
        + "0712000333,EAT+3\n"));
    assertEquals(Main.INPUT_WRONG, run.exit(), run.all());
    assertTrue(run.err().contains(":3: timezone: 'Africa/Nairobbi' is not a time zone (an IANA name like "
        + "Africa/Nairobi, or UTC); did you mean 'Africa/Nairobi'?"), run.err());
    assertTrue(run.err().contains(":4: timezone: 'EAT+3' is not a time zone"), run.err());
    assertEquals("Africa/Nairobi", contact("+254712000111").orElseThrow().fields().get("timezone"));
    assertEquals(1, count());
  }

  @Test
  void theWebSimulatorsNumbersAreRefusedSoNoContactsJourneyIsTakenForASimulation() throws Exception {
    var run = importing(write("demo.csv", "phone,name\n+447700900530,Demo\n+44 7700 900950,Sim\n"));
    assertEquals(Main.INPUT_WRONG, run.exit(), run.all());
    assertTrue(run.err().contains(":3: phone +447700900950 is one of the web simulator's numbers "
        + "(+447700900900..+447700900999)"), run.err());
    assertTrue(contact("+447700900530").isPresent(), "the rest of the drama range is fine for demo contacts");
    assertEquals(1, count());
  }
}
