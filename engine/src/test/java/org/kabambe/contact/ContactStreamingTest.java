package org.kabambe.contact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Reader;
import java.io.Writer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.kabambe.diag.SourcePos;
import org.kabambe.export.Pseudonyms;
import org.kabambe.expr.ValueType;
import org.kabambe.flow.settings.ContactField;
import org.kabambe.flow.settings.ContactFields;
import org.kabambe.store.Database;
import org.kabambe.testing.TestDatabases;

/** 50,000 contacts go in from a stream and come out page by page, never as one list. */
@Tag("database")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ContactStreamingTest {
  static final int CONTACTS = 50_000;
  static final ContactFields FIELDS = new ContactFields(Map.of(
      "district", new ContactField("district", ValueType.TEXT, false, List.of(), SourcePos.UNKNOWN),
      "visits", new ContactField("visits", ValueType.NUMBER, false, List.of(), SourcePos.UNKNOWN)));

  @TempDir static Path dir;
  Database db;

  @BeforeAll
  void fill() {
    db = TestDatabases.open(dir);
    var importer = new ContactImporter(new ContactImportWriter(db), FIELDS, PhoneNumbers.forRegion("KE"),
        Clock.systemUTC());
    var rejections = new ArrayList<Rejection>();
    ImportSummary summary = importer.run(new GeneratedCsv(CONTACTS), rejections::add);
    assertEquals(List.of(), rejections);
    assertEquals(new ImportSummary(CONTACTS, 0, 0), summary);
  }

  @AfterAll
  void close() {
    db.close();
  }

  @Test
  void theStoreStreamsInNumberOrderAndStopsWhenAsked() {
    var store = new ContactStore(db);
    List<String> firstFew = new ArrayList<>();
    long visited = store.forEach("", FIELDS, c -> {
      firstFew.add(c.phone());
      return firstFew.size() < 3;
    });
    assertEquals(3, visited);
    assertEquals(List.of("+254700000000", "+254700000001", "+254700000002"), firstFew);

    long[] count = {0};
    String[] last = {""};
    long all = store.forEach("+254700000002", FIELDS, c -> {
      assertTrue(c.phone().compareTo(last[0]) > 0, "in order");
      last[0] = c.phone();
      count[0]++;
      return true;
    });
    assertEquals(CONTACTS - 3, all);
    assertEquals(CONTACTS - 3, count[0]);
    assertEquals(Map.of("district", "d7", "visits", 7.0),
        store.find("+254700000007", FIELDS).orElseThrow().fields());
  }

  @Test
  void anExportWritesEachContactAsItIsRead() throws Exception {
    var exporter = new ContactExporter(new ContactStore(db), FIELDS,
        Optional.of(Pseudonyms.withSecret("a-test-secret-of-16+")));
    var out = new CountingWriter();
    assertEquals(CONTACTS, exporter.run(out));
    assertEquals(CONTACTS + 1, out.lines);
    // Written as it streams: the writer saw rows long before the last page was read.
    assertTrue(out.writesBeforeFlush > CONTACTS, "rows were written one by one: " + out.writesBeforeFlush);
  }

  /** A CSV of {@code n} contacts, generated as it is read (no file, no list). */
  static final class GeneratedCsv extends Reader {
    private final int n;
    private int next = -1;
    private String pending = "phone,district,visits\n";
    private int pos;

    GeneratedCsv(int n) {
      this.n = n;
    }

    @Override
    public int read(char[] buf, int off, int len) {
      if (pos == pending.length()) {
        if (++next >= n) return -1;
        pending = String.format("07%08d,d%d,%d%n", next, next % 10, next % 10);
        pos = 0;
      }
      int k = Math.min(len, pending.length() - pos);
      pending.getChars(pos, pos + k, buf, off);
      pos += k;
      return k;
    }

    @Override
    public void close() {}
  }

  /** Counts lines and the writes that came before the final flush. */
  static final class CountingWriter extends Writer {
    long lines;
    long writesBeforeFlush;

    @Override
    public void write(char[] cbuf, int off, int len) {
      for (int i = off; i < off + len; i++) if (cbuf[i] == '\n') lines++;
      writesBeforeFlush++;
    }

    @Override
    public void write(int c) {
      if (c == '\n') lines++;
      writesBeforeFlush++;
    }

    @Override
    public void write(String s, int off, int len) {
      for (int i = off; i < off + len; i++) if (s.charAt(i) == '\n') lines++;
      writesBeforeFlush++;
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }
}
