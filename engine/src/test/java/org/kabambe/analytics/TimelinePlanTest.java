package org.kabambe.analytics;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.kabambe.store.Database;
import org.kabambe.store.Dialect;
import org.kabambe.testing.QueryPlans;

/**
 * Every statement of the timeline (a flow's or the programme's, all channels or one, per day or per hour, and its
 * markers) finds its date range through an index of the rollup's per-day and per-hour tables (never flow_runs), on
 * H2 and on PostgreSQL: EXPLAIN after ANALYZE, with PostgreSQL's sequential scans priced out (a small test's tables
 * are tiny, and a scan of a tiny table is right).
 */
@Tag("database")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TimelinePlanTest {
  static final LocalDate FROM = LocalDate.of(2025, 2, 20);
  static final LocalDate TO = LocalDate.of(2025, 3, 10);

  Database db;

  @BeforeAll
  void fill() throws Exception {
    db = SyntheticLog.analysed(500);
  }

  @AfterAll
  void close() {
    db.close();
  }

  /** Each statement with the flow and channel parameters it binds; hourly ones bind instants, daily ones dates. */
  record Statement(String sql, boolean oneFlow, boolean oneChannel, boolean hourly) {}

  static List<Statement> statements() {
    var out = new ArrayList<Statement>();
    for (boolean oneFlow : List.of(true, false)) {
      for (boolean oneChannel : List.of(true, false)) {
        out.add(new Statement(Timeline.sql(Timeline.runs("run_daily", "on_day", oneFlow, oneChannel), "on_day",
            oneFlow, oneChannel, " GROUP BY on_day"), oneFlow, oneChannel, false));
        out.add(new Statement(Timeline.sql(Timeline.DURATIONS, "on_day", oneFlow, oneChannel,
            " GROUP BY on_day, seconds"), oneFlow, oneChannel, false));
        out.add(new Statement(Timeline.sql(Timeline.runs("run_hourly", "on_hour", oneFlow, oneChannel), "on_hour",
            oneFlow, oneChannel, " GROUP BY on_hour"), oneFlow, oneChannel, true));
        out.add(new Statement(Timeline.sql(Timeline.HOUR_DURATIONS, "on_hour", oneFlow, oneChannel,
            " GROUP BY on_hour, seconds"), oneFlow, oneChannel, true));
      }
    }
    return out;
  }

  @Test
  void everyTimelineStatementReadsItsDateRangeByAnIndex() throws SQLException {
    for (Statement st : statements()) {
      String plan = explain(st.sql(), params(st));
      assertIndexed(st.sql(), plan);
    }
  }

  @Test
  void theMarkersReadTheirDateRangeByAnIndex() throws SQLException {
    Object from = FROM.atStartOfDay().atOffset(ZoneOffset.UTC);
    Object to = TO.atStartOfDay().atOffset(ZoneOffset.UTC);
    assertIndexed(Timeline.BROADCASTS, explain(Timeline.BROADCASTS, List.of(from, to)));
    assertIndexed(Timeline.versions(false), explain(Timeline.versions(false), List.of(from, to)));
    assertIndexed(Timeline.versions(true), explain(Timeline.versions(true), List.of(from, to, SyntheticLog.FLOW)));
  }

  private void assertIndexed(String sql, String plan) {
    if (db.dialect() == Dialect.POSTGRESQL) {
      assertFalse(plan.contains("Seq Scan"), sql + "\n" + plan);
      assertTrue(plan.contains("Index"), sql + "\n" + plan);
    } else {
      assertFalse(plan.contains(".tableScan"), sql + "\n" + plan);
      assertTrue(plan.contains("/* PUBLIC."), sql + "\n" + plan);
    }
  }

  private static List<Object> params(Statement st) {
    var out = new ArrayList<Object>();
    if (st.oneFlow()) out.add(SyntheticLog.FLOW);
    if (st.hourly()) {
      out.add(OffsetDateTime.of(2025, 3, 1, 0, 0, 0, 0, ZoneOffset.UTC));
      out.add(OffsetDateTime.of(2025, 3, 3, 0, 0, 0, 0, ZoneOffset.UTC));
    } else {
      out.add(FROM);
      out.add(TO);
    }
    if (st.oneChannel()) out.add("ussd");
    return out;
  }

  private String explain(String sql, List<Object> params) throws SQLException {
    try (var c = db.connection()) {
      return QueryPlans.planWithoutSeqScans(c, sql, params.toArray());
    }
  }
}
