package org.kabambe.analytics;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.kabambe.store.Database;
import org.kabambe.store.SqlTimes;

/**
 * {@code scripts/bench-views}: each dashboard view over a programme of a million runs, timed warm (p50, p99) at the
 * service layer its HTTP handler calls. The programme: a month of {@link SyntheticLog} participants (two flow
 * versions, a fortnight each) rolled up for real, then doubled under new numbers until it has the runs asked for
 * (runs, answers, arms, contacts; in bulk SQL) and its daily counts multiplied to match (a real rollup of 12
 * million rows takes too long on a shared machine); a broadcast of 100,000 and a campaign of 20,000 SMS settled through the outbox (so the send-hours
 * trigger counts them). Prints figures; asserts nothing.
 */
public final class ViewsBench {
  // The rolled-up participants are about this many; doubled until the runs are reached.
  static final int BASE = 10_000;
  static final Period MONTH = new Period(LocalDate.of(2025, 3, 1), LocalDate.of(2025, 3, 31), Optional.empty());
  static final Instant MONTH_START = MONTH.from().atStartOfDay(ZoneOffset.UTC).toInstant();
  static final Instant MONTH_END = MONTH.to().atStartOfDay(ZoneOffset.UTC).toInstant();
  // Tables whose rows are one participant's: copied under new numbers.
  static final List<String> PER_NUMBER = List.of("flow_runs", "answers", "participant_arms", "contacts");
  // Daily and hourly counts: each count column multiplied by the number of copies (participant counts too: the
  // copies are new numbers).
  static final List<String> DAILY = List.of("run_daily", "duration_daily", "funnel_daily", "funnel_version_daily",
      "event_daily", "answer_daily", "answer_field_daily", "run_hourly", "duration_hourly", "run_version_daily",
      "answer_pair_daily");
  // What the rollup counts cross-tabs by: the contacts' district, and pairs of the questions with a few values (the
  // synthetic age, 20 to 22, stands for a menu of age groups; q2 is free text).
  static final Set<String> FIELDS = Set.of("district");
  static final Set<String> PAIRED = Set.of("consent", "age", "q1");

  private ViewsBench() {}

  static String usage() {
    return """
        usage: bench-views [--runs N] [--calls N] [--seconds S] [--db LOCATION]
          --runs N       runs in the programme (default 1000000; rounded up to base x 2^k, base near 10000)
          --calls N      timed calls per view after the warm-up (default 200)
          --seconds S    stop timing a view after S seconds even if fewer calls were made (default 40)
          --db LOCATION  an H2 file path, kept, and reused when it already holds the programme (default: a new H2
                         file in a temporary folder, deleted at the end)""";
  }

  public static void main(String[] args) throws Exception {
    var options = BenchOptions.parse("bench-views", usage(), args, Set.of("--runs", "--calls", "--seconds", "--db"));
    if (options.help()) return;
    final int wanted = (int) options.number("--runs", 1_000_000);
    final int timedCalls = (int) options.number("--calls", 200);
    final long budget = options.number("--seconds", 40) * 1_000_000_000L;
    String location = options.text("--db");
    BenchLocation.use(location, "views", at -> measure(at, wanted, timedCalls, budget));
  }

  private static void measure(String location, int runs, int calls, long budgetNanos) throws Exception {
    try (Database db = Database.open(location)) {
      if (count(db, "flow_runs") == 0) build(db, runs);
      System.out.printf("bench-views: %,d runs, %,d answers, %,d contacts, %,d outbox rows%n", count(db, "flow_runs"),
          count(db, "answers"), count(db, "contacts"), count(db, "outbox"));
      var crossTab = new CrossTab(db); // what the timed cross-tabs count: a table of nothing would time nothing
      System.out.printf("bench-views: cross-tab n: age x q1 %,d, district x q1 %,d%n", crossTab.count(SyntheticLog.FLOW,
          MONTH, new CrossTab.Rows("age", false), "q1").n(), crossTab.count(SyntheticLog.FLOW, MONTH,
          new CrossTab.Rows("district", true), "q1").n());
      time(db, calls, budgetNanos);
    }
  }

  // ---- the programme ------------------------------------------------------------------------------------------

  private static void build(Database db, int runs) throws Exception {
    long t0 = System.nanoTime();
    int doublings = Math.max(0, (int) Math.round(Math.log(runs / (double) BASE) / Math.log(2)));
    int copies = 1 << doublings;
    int base = (runs + copies - 1) / copies;
    int spacing = (int) ((MONTH_END.getEpochSecond() - SyntheticLog.START.getEpochSecond()) / base);
    try (var first = new SyntheticLog(db, "h1", spacing); var second = new SyntheticLog(db, "h2", spacing)) {
      first.participants(0, base / 2);
      second.participants(base / 2, base);
    }
    try (var c = db.connection()) {
      contacts(c, base); // before the rollup, which counts answers under the contact's district
    }
    long rolled = new Rollup(db, Rollup.Settings.DEFAULT, Rollup.Listener.NONE, () -> FIELDS, flowId -> PAIRED)
        .catchUp();
    long t1 = System.nanoTime();
    try (var c = db.connection()) {
      c.setAutoCommit(false);
      versions(c);
      c.commit();
      for (int k = 0; k < doublings; k++) {
        for (String table : PER_NUMBER) doubled(c, table, (char) ('a' + k));
        c.commit();
        System.out.printf("bench-views: doubled %d of %d times%n", k + 1, doublings);
      }
      for (String table : DAILY) multiply(c, table, copies);
      c.commit();
      long t2 = System.nanoTime();
      messages(c, "broadcast:1/", new String[] {"a", "b"}, 100_000, base);
      messages(c, "campaign:tips/", new String[] {"day-1", "day-3", "day-7"}, 20_000, base);
      try (var s = c.createStatement()) {
        s.execute("ANALYZE");
      }
      c.commit();
      System.out.printf("bench-views: built in %d s (log and rollup of %,d rows %d s, %d copies %d s, SMS %d s)%n",
          (System.nanoTime() - t0) / 1_000_000_000, rolled, (t1 - t0) / 1_000_000_000, copies,
          (t2 - t1) / 1_000_000_000, (System.nanoTime() - t2) / 1_000_000_000);
    }
  }

  /** The two versions the dashboard compares. */
  private static void versions(Connection c) throws SQLException {
    try (var s = c.createStatement()) {
      s.execute("DELETE FROM flow_versions WHERE flow_id = '" + SyntheticLog.FLOW + "'");
    }
    try (var s = c.prepareStatement("INSERT INTO flow_versions (flow_id, content_hash, version, first_seen_at)"
        + " VALUES (?, ?, ?, ?)")) {
      for (int v = 1; v <= 2; v++) {
        s.setString(1, SyntheticLog.FLOW);
        s.setString(2, "h" + v);
        s.setInt(3, v);
        s.setObject(4, SqlTimes.of(v == 1 ? SyntheticLog.START : SyntheticLog.START.plusSeconds(
            (MONTH_END.getEpochSecond() - SyntheticLog.START.getEpochSecond()) / 2)));
        s.executeUpdate();
      }
    }
  }

  /** A district for each participant (the cross-tab's rows). */
  private static void contacts(Connection c, int base) throws SQLException {
    try (var s = c.prepareStatement("INSERT INTO contacts (phone, language, first_seen, last_seen, created_at,"
        + " field_values) VALUES (?, 'en', ?, ?, ?, ?)")) {
      for (int i = 0; i < base; i++) {
        s.setString(1, SyntheticLog.phone(i));
        for (int p = 2; p <= 4; p++) s.setObject(p, SqlTimes.of(SyntheticLog.START));
        s.setString(5, "{\"district\": \"District " + (i % 7) + "\"}");
        s.addBatch();
      }
      s.executeBatch();
    }
  }

  /** Copies every participant's rows of {@code table} under their number + {@code suffix}. */
  private static void doubled(Connection c, String table, char suffix) throws SQLException {
    var columns = new ArrayList<String>();
    try (var rs = c.getMetaData().getColumns(null, null, name(c, table), null)) {
      while (rs.next()) {
        if (!"YES".equals(rs.getString("IS_AUTOINCREMENT"))) columns.add(rs.getString("COLUMN_NAME"));
      }
    }
    String list = String.join(", ", columns);
    String select = String.join(", ", columns.stream().map(col -> col.equalsIgnoreCase("phone")
        ? "phone || '" + suffix + "'" : col).toList());
    try (var s = c.createStatement()) {
      s.executeUpdate("INSERT INTO " + table + " (" + list + ") SELECT " + select + " FROM " + table
          + " WHERE phone NOT LIKE '%" + suffix + "'");
    }
  }

  /** Multiplies {@code table}'s counts (its BIGINT columns outside the primary key) by {@code factor}. */
  private static void multiply(Connection c, String table, int factor) throws SQLException {
    Set<String> key = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    try (var rs = c.getMetaData().getPrimaryKeys(null, null, name(c, table))) {
      while (rs.next()) key.add(rs.getString("COLUMN_NAME"));
    }
    var sets = new ArrayList<String>();
    try (var rs = c.getMetaData().getColumns(null, null, name(c, table), null)) {
      while (rs.next()) {
        String column = rs.getString("COLUMN_NAME");
        if (rs.getInt("DATA_TYPE") == java.sql.Types.BIGINT && !key.contains(column)) {
          sets.add(column + " = " + column + " * " + factor);
        }
      }
    }
    try (var s = c.createStatement()) {
      s.executeUpdate("UPDATE " + table + " SET " + String.join(", ", sets));
    }
  }

  private static String name(Connection c, String table) throws SQLException {
    return c.getMetaData().storesUpperCaseIdentifiers() ? table.toUpperCase(java.util.Locale.ROOT) : table;
  }

  /**
   * {@code n} SMS of {@code prefix} + a part, queued, then each accepted at its own time over the month (one in ten
   * refused), three in four of those delivered an hour later, one in ten failed; replies per hour beside them.
   */
  private static void messages(Connection c, String prefix, String[] parts, int n, int base) throws SQLException {
    var ids = new ArrayList<Long>();
    try (var s = c.prepareStatement("INSERT INTO outbox (phone, text, status, created_at, updated_at,"
        + " next_attempt_at, source) VALUES (?, 'hi', 'queued', ?, ?, ?, ?)", new String[] {"id"})) {
      for (int i = 0; i < n; i++) {
        s.setString(1, SyntheticLog.phone(i % base) + "~" + (i / base));
        for (int p = 2; p <= 4; p++) s.setObject(p, SqlTimes.of(MONTH_START));
        s.setString(5, prefix + parts[i % parts.length]);
        s.addBatch();
        if (i % 5_000 == 4_999 || i == n - 1) {
          s.executeBatch();
          try (var keys = s.getGeneratedKeys()) {
            while (keys.next()) ids.add(keys.getLong(1));
          }
        }
      }
    }
    long queued = System.nanoTime();
    long span = MONTH_END.getEpochSecond() - MONTH_START.getEpochSecond() - 7_200;
    try (var s = c.prepareStatement("UPDATE outbox SET status = ?, submitted_at = ?, delivered_at = ?, updated_at = ?"
        + " WHERE id = ?")) {
      for (int i = 0; i < ids.size(); i++) {
        Instant at = MONTH_START.plusSeconds(span * i / ids.size());
        String status = i % 10 == 0 ? "failed" : i % 10 < 8 ? "delivered" : i % 10 == 8 ? "failed" : "submitted";
        s.setString(1, status);
        s.setObject(2, i % 10 == 0 ? null : SqlTimes.of(at));
        s.setObject(3, status.equals("delivered") ? SqlTimes.of(at.plusSeconds(3_600)) : null);
        s.setObject(4, SqlTimes.of(status.equals("submitted") ? at : at.plusSeconds(3_600)));
        s.setLong(5, ids.get(i));
        s.addBatch();
        if (i % 5_000 == 4_999) s.executeBatch();
      }
      s.executeBatch();
    }
    System.out.printf("bench-views: %,d SMS of %s settled in %d ms (%.0f µs an update, the send-hours trigger"
        + " included)%n", n, prefix, (System.nanoTime() - queued) / 1_000_000, (System.nanoTime() - queued) / 1e3 / n);
    try (var s = c.prepareStatement("INSERT INTO source_reply_hours (source, on_hour, replies, opt_outs)"
        + " VALUES (?, ?, ?, ?)")) {
      for (String part : parts) {
        for (Instant h = MONTH_START; h.isBefore(MONTH_END); h = h.plusSeconds(3_600)) {
          s.setString(1, prefix + part);
          s.setObject(2, SqlTimes.of(h));
          s.setLong(3, 12);
          s.setLong(4, 1);
          s.addBatch();
        }
      }
      s.executeBatch();
    }
  }

  private static long count(Database db, String table) throws SQLException {
    try (var c = db.connection(); var s = c.createStatement(); var rs = s.executeQuery("SELECT COUNT(*) FROM "
        + table)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  // ---- the views ----------------------------------------------------------------------------------------------

  /** What each dashboard view's handler asks the analytics layer for (ApiRoutes, TimelineApi, CrossTabApi, ...). */
  private static Map<String, Runnable> views(Database db) {
    var figures = new Figures(db);
    var timeline = new Timeline(db);
    var versions = new FlowVersions(db);
    var crossTab = new CrossTab(db);
    var sms = new MessageTimeline(db);
    Optional<String> flow = Optional.of(SyntheticLog.FLOW);
    Instant hoursFrom = Instant.parse("2025-03-15T00:00:00Z");
    Instant hoursTo = hoursFrom.plusSeconds(48 * 3_600);
    var views = new LinkedHashMap<String, Runnable>();
    views.put("flow figures (30 days)", () -> figures.flow(SyntheticLog.FLOW, MONTH, RollupFiguresTest.QUESTIONS));
    views.put("flow timeline, day (30 days)", () -> {
      timeline.days(flow, MONTH.from(), MONTH.to(), Optional.empty());
      timeline.markers(flow, MONTH_START, MONTH_END);
    });
    views.put("flow timeline, hour (48 h)", () -> {
      timeline.hours(flow, hoursFrom, hoursTo, Optional.empty());
      timeline.markers(flow, hoursFrom, hoursTo);
    });
    views.put("programme timeline, day (30 days)", () -> {
      timeline.days(Optional.empty(), MONTH.from(), MONTH.to(), Optional.empty());
      timeline.markers(Optional.empty(), MONTH_START, MONTH_END);
    });
    views.put("version funnel (2 versions)", () -> {
      versions.of(SyntheticLog.FLOW);
      for (String v : List.of("h1", "h2")) {
        figures.funnel(SyntheticLog.FLOW, MONTH, Optional.of(v));
        figures.versionRuns(SyntheticLog.FLOW, MONTH, v);
      }
    });
    views.put("cross-tab age x q1", () -> crossTab.count(SyntheticLog.FLOW, MONTH, new CrossTab.Rows("age", false),
        "q1"));
    views.put("cross-tab district x q1", () -> crossTab.count(SyntheticLog.FLOW, MONTH,
        new CrossTab.Rows("district", true), "q1"));
    views.put("broadcast timeline, day (100k SMS)", () -> sms.of("broadcast:1", MONTH_START, MONTH_END, false));
    views.put("campaign timeline, day (20k SMS)", () -> sms.of("campaign:tips", MONTH_START, MONTH_END, false));
    return views;
  }

  private static void time(Database db, int calls, long budgetNanos) {
    System.out.printf("%-36s %7s %9s %9s %9s%n", "view", "calls", "p50 ms", "p99 ms", "max ms");
    for (var view : views(db).entrySet()) {
      long warm = System.nanoTime();
      for (int i = 0; i < 10 && System.nanoTime() - warm < budgetNanos / 4; i++) view.getValue().run();
      long[] took = new long[calls];
      int made = 0;
      long start = System.nanoTime();
      while (made < calls && System.nanoTime() - start < budgetNanos) {
        long t = System.nanoTime();
        view.getValue().run();
        took[made++] = System.nanoTime() - t;
      }
      long[] sorted = Arrays.copyOf(took, made);
      Arrays.sort(sorted);
      System.out.printf("%-36s %7d %9.1f %9.1f %9.1f%n", view.getKey(), made, percentile(sorted, 50) / 1e6,
          percentile(sorted, 99) / 1e6, sorted[made - 1] / 1e6);
    }
  }

  /** The nearest-rank percentile. */
  private static long percentile(long[] sorted, int p) {
    return sorted[Math.max(0, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
  }
}
