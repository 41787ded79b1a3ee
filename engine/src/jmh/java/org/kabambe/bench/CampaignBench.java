package org.kabambe.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.kabambe.campaigns.CampaignScheduler;
import org.kabambe.catalog.Catalog;
import org.kabambe.diag.Diagnostics;
import org.kabambe.diag.SourcePos;
import org.kabambe.expr.Template;
import org.kabambe.flow.Text;
import org.kabambe.flow.campaign.Campaign;
import org.kabambe.flow.campaign.CampaignMessage;
import org.kabambe.flow.settings.ContactFields;
import org.kabambe.flow.settings.GlobalKeywords;
import org.kabambe.store.Database;
import org.kabambe.store.SqlTimes;

/**
 * The campaign scheduler over N subscriptions (default 1,000,000) on an H2 file database: every subscriber's
 * "day 1" step falls due at once and one tick queues them all, a page of {@link CampaignScheduler#PAGE} at a time.
 * Run with a small heap ({@code scripts/bench-campaign} uses -Xmx256m) to show memory stays bounded.
 */
public final class CampaignBench {
  public static void main(String[] args) throws Exception {
    if (args.length > 0 && (args[0].equals("--help") || args[0].equals("-h"))) {
      System.out.println("Usage: scripts/bench-campaign [SUBSCRIPTIONS]   (default 1000000; JVM flags: "
          + "BENCH_JAVA_OPTS)");
      return;
    }
    int n = args.length > 0 ? Integer.parseInt(args[0].replace("_", "")) : 1_000_000;
    Path dir = Files.createTempDirectory("kabambe-bench-campaign");
    SourcePos pos = new SourcePos("bench", 1, 1);
    Diagnostics d = new Diagnostics();
    Text text = new Text(Map.of("en", Template.parse("Tip 1: drink water often in a heat wave.", pos, d),
        "fr", Template.parse("Conseil 1 : buvez souvent pendant une vague de chaleur.", pos, d)), pos);
    Campaign campaign = new Campaign("tips", "Tips", List.of("en", "fr"), List.of("tips"), List.of(),
        List.of(new CampaignMessage("welcome", new CampaignMessage.JoinDay(1), Optional.empty(), Optional.of(text),
            Optional.empty(), pos),
            new CampaignMessage("later", new CampaignMessage.JoinDay(30), Optional.empty(), Optional.of(text),
                Optional.empty(), pos)),
        LocalTime.of(9, 0), Optional.empty(), Optional.empty(), Duration.ofHours(24), pos);
    Catalog catalog = new Catalog(Map.of(), ContactFields.NONE, GlobalKeywords.DEFAULTS, Map.of("tips", campaign),
        List.of());
    Instant joined = Instant.parse("2026-03-02T10:00:00Z");
    try {
      try (Database db = Database.open(dir.resolve("bench").toString())) {
        long t0 = System.nanoTime();
        try (var c = db.connection();
             var contacts = c.prepareStatement("INSERT INTO contacts (phone, language, created_at) VALUES (?, ?, ?)");
             var subs = c.prepareStatement("INSERT INTO subscriptions (campaign, phone, joined_at, active, "
                 + "next_check_at) VALUES ('tips', ?, ?, TRUE, ?)")) {
          c.setAutoCommit(false);
          var at = SqlTimes.of(joined);
          for (int i = 0; i < n; i++) {
            String phone = String.format("+2547%08d", i);
            contacts.setString(1, phone);
            contacts.setString(2, i % 3 == 0 ? "fr" : "en");
            contacts.setObject(3, at);
            contacts.addBatch();
            subs.setString(1, phone);
            subs.setObject(2, at);
            subs.setObject(3, at);
            subs.addBatch();
            if (i % 5_000 == 4_999) {
              contacts.executeBatch();
              subs.executeBatch();
              c.commit();
            }
          }
          contacts.executeBatch();
          subs.executeBatch();
          c.commit();
        }
        db.flush();
        System.out.printf("generated %,d contacts and subscriptions in %.1f s%n", n, (System.nanoTime() - t0) / 1e9);
        if (System.getenv("EXPLAIN") != null) {
          try (var c = db.connection(); var st = c.createStatement(); var rs = st.executeQuery("EXPLAIN SELECT id "
              + "FROM subscriptions WHERE active = TRUE AND next_check_at <= TIMESTAMP WITH TIME ZONE "
              + "'2026-03-03 09:30:00Z' ORDER BY active, next_check_at, id FETCH FIRST 500 ROWS ONLY")) {
            while (rs.next()) System.out.println(rs.getString(1));
          }
        }
        var clock = Clock.fixed(Instant.parse("2026-03-03T09:30:00Z"), ZoneOffset.UTC);
        var scheduler = new CampaignScheduler(db, () -> catalog, ZoneOffset.UTC, clock);
        long t1 = System.nanoTime();
        var tick = scheduler.tick();
        double s = (System.nanoTime() - t1) / 1e9;
        Runtime rt = Runtime.getRuntime();
        System.out.printf("one tick: %,d subscriptions looked at, %,d messages queued in %.1f s (%,.0f/s); "
            + "max heap %d MB, used after %d MB%n", tick.subscriptions(), tick.queued(), s, tick.queued() / s,
            rt.maxMemory() >> 20, (rt.totalMemory() - rt.freeMemory()) >> 20);
        long t2 = System.nanoTime();
        var idle = scheduler.tick();
        System.out.printf("next tick (nothing due): %,d looked at in %.3f s%n", idle.subscriptions(),
            (System.nanoTime() - t2) / 1e9);
      }
    } finally {
      BenchFlows.delete(dir); // hundreds of MB for a million rows
    }
  }
}
