package org.kabambe.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kabambe.store.Database;
import org.kabambe.testing.TestDatabases;

/** The results export streams: 100,000 participants through {@code kabambe export} in a JVM with a 64 MB heap. */
@Tag("database")
class ResultsExportTest {
  static final int PARTICIPANTS = 100_000;

  @TempDir
  Path dir;

  @Test
  void exportsAHundredThousandParticipantsWithASmallHeap() throws Exception {
    String db = TestDatabases.location(dir);
    try (Database database = Database.open(db); var c = database.connection(); var s = c.prepareStatement(
        "INSERT INTO answers (session_id, phone, channel, flow_id, flow_hash, node_id, name, value_text, at)"
            + " VALUES (?, ?, 'ussd', 'survey', 'h', 'q', 'q', ?, ?)")) {
      c.setAutoCommit(false);
      var at = OffsetDateTime.of(2025, 3, 1, 8, 0, 0, 0, ZoneOffset.UTC);
      for (int i = 0; i < PARTICIPANTS; i++) {
        s.setString(1, SyntheticLog.phone(i) + "@1");
        s.setString(2, SyntheticLog.phone(i));
        s.setString(3, i == 0 ? "Été, \"oui\"\nvraiment" : "answer " + (i % 7));
        s.setObject(4, at.plusSeconds(i));
        s.addBatch();
        if (i % 10_000 == 9_999) {
          s.executeBatch();
          c.commit();
        }
      }
      s.executeBatch();
      c.commit();
    }
    Path out = dir.resolve("results.csv");
    var command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx64m", "-cp", System.getProperty("java.class.path"), "org.kabambe.cli.Main", "export", "results",
        "survey", "--db", db, "--out", out.toString()));
    var process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(dir.resolve("export.log").toFile()).start();
    assertTrue(process.waitFor(180, TimeUnit.SECONDS), "export finished");
    assertEquals(0, process.exitValue(), Files.readString(dir.resolve("export.log")));

    try (BufferedReader r = Files.newBufferedReader(out, StandardCharsets.UTF_8)) {
      assertEquals("\uFEFFparticipant,channel,session,node,question,answer,answered_at,answer_label", r.readLine());
      String first = r.readLine() + "\n" + r.readLine();
      assertTrue(first.matches("p_[0-9a-f]{20},ussd,p_[0-9a-f]{20}@1,q,q,\"Été, \"\"oui\"\"\nvraiment\","
          + "2025-03-01T08:00:00Z,"), first);
      long rows = 1;
      while (r.readLine() != null) rows++;
      assertEquals(PARTICIPANTS, rows);
    }
    assertTrue(!Files.readString(out).contains(SyntheticLog.phone(1)), "numbers are pseudonymised");
  }
}
