package org.kabambe.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.kabambe.broadcast.BroadcastSpec;
import org.kabambe.broadcast.Broadcasts;
import org.kabambe.catalog.Catalog;
import org.kabambe.contact.FieldValues;
import org.kabambe.contact.Groups;
import org.kabambe.expr.ValueType;
import org.kabambe.flow.settings.ContactField;
import org.kabambe.flow.settings.ContactFields;
import org.kabambe.flow.settings.GlobalKeywords;
import org.kabambe.store.Database;
import org.kabambe.store.FieldValuesColumn;
import org.kabambe.store.SqlTimes;

/**
 * Renders and queues a personalised broadcast to N generated contacts (default 1,000,000) on an H2 file database
 * (WRITE_DELAY and flush as the server uses them), and prints messages/s into the outbox. The operator's TPS is
 * not involved: this is the rate at which the outbox fills. Run: {@code scripts/bench-broadcast [N]}.
 */
public final class BroadcastBench {
  public static void main(String[] args) throws Exception {
    if (args.length > 0 && (args[0].equals("--help") || args[0].equals("-h"))) {
      System.out.println("Usage: scripts/bench-broadcast [CONTACTS]   (default 1000000; JVM flags: BENCH_JAVA_OPTS)");
      return;
    }
    int n = args.length > 0 ? Integer.parseInt(args[0].replace("_", "")) : 1_000_000;
    Path dir = Files.createTempDirectory("kabambe-bench-broadcast");
    ContactFields fields = new ContactFields(Map.of(
        "name", new ContactField("name", ValueType.TEXT, true, List.of(), null),
        "district", new ContactField("district", ValueType.TEXT, false, List.of(), null)));
    Catalog catalog = new Catalog(Map.of(), fields, GlobalKeywords.DEFAULTS, Map.of(), List.of());
    String[] districts = {"north", "south", "east", "west", "central"};
    try {
      try (Database db = Database.open(dir.resolve("bench").toString())) {
        long t0 = System.nanoTime();
        try (var c = db.connection(); var s = c.prepareStatement("INSERT INTO contacts (phone, language, opted_out, "
            + "created_at, field_values, group_list) VALUES (?, ?, ?, ?, ?, ?)")) {
          c.setAutoCommit(false);
          var now = SqlTimes.of(java.time.Instant.now());
          for (int i = 0; i < n; i++) {
            s.setString(1, String.format("+2547%08d", i));
            s.setString(2, i % 3 == 0 ? "fr" : "en");
            s.setBoolean(3, i % 50 == 0);
            s.setObject(4, now);
            s.setString(5, FieldValuesColumn.merge(Optional.empty(), Map.of("name", "Person " + i,
                "district", districts[i % districts.length])));
            s.setString(6, Groups.encode(i % 4 == 0 ? List.of("chw", "parents") : List.of("parents")));
            s.addBatch();
            if (i % 5_000 == 4_999) {
              s.executeBatch();
              c.commit();
            }
          }
          s.executeBatch();
          c.commit();
        }
        db.flush();
        System.out.printf("generated %,d contacts in %.1f s%n", n, (System.nanoTime() - t0) / 1e9);

        var broadcasts = new Broadcasts(db, () -> catalog, Clock.systemUTC());
        var spec = new BroadcastSpec(Map.of("", "Hello {{ contact.name }}, the {{ contact.district }} clinic is open "
            + "on Saturday from 9am for vaccinations. Reply STOP to end messages."), List.of("parents"),
            Optional.of("contact.district != \"nowhere\""), Optional.empty(), 1, Optional.empty());
        long t1 = System.nanoTime();
        var dry = broadcasts.dryRun(spec);
        double dryS = (System.nanoTime() - t1) / 1e9;
        System.out.printf("dry run: %,d recipients, %,d segments in %.1f s (%,.0f contacts/s)%n", dry.recipients(),
            dry.segments(), dryS, n / dryS);
        long id = broadcasts.create(spec, "bench");
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
            .getOperatingSystemMXBean();
        long cpu0 = os.getProcessCpuTime();
        long t2 = System.nanoTime();
        long queued = broadcasts.runDue();
        double s = (System.nanoTime() - t2) / 1e9;
        double cpuPerMessage = (os.getProcessCpuTime() - cpu0) / 1e3 / queued; // µs, all threads (GC, H2 included)
        System.out.printf("queued %,d personalised messages into the outbox in %.1f s: %,.0f messages/s "
            + "(broadcast %d, %s)%n", queued, s, queued / s, id, broadcasts.progress(id).orElseThrow().status());
        // On a shared machine the wall-clock rate depends on the CPU others leave; the CPU per message does not.
        System.out.printf("process CPU: %.1f µs a message, all threads (%,.0f messages per CPU-second)%n",
            cpuPerMessage, 1e6 / cpuPerMessage);
      }
    } finally {
      BenchFlows.delete(dir); // hundreds of MB for a million rows
    }
  }
}
