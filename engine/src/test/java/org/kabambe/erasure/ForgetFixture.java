package org.kabambe.erasure;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.kabambe.analytics.Rollup;
import org.kabambe.server.KabambeServer;
import org.kabambe.store.Database;
import org.kabambe.store.HopHistory;
import org.kabambe.testing.Eventually;
import org.kabambe.testing.SurveyProgramme;

/**
 * A programme ({@link SurveyProgramme}) in which two participants left rows in every table that names a number:
 * real USSD hops through a server (conversation, answers, events, runs, contact) and, for what campaigns, broadcasts
 * and the SMS sender write, rows as those write them. Then the checks every erasure test makes: which rows still
 * name a number (every text and binary column of every table, found through the JDBC metadata), and the figures as
 * the rollup keeps them.
 */
final class ForgetFixture {
  /** The participant who asks to be forgotten, and one who stays. */
  static final String GONE = "+254712000111";
  static final String KEPT = "+254712000222";

  private ForgetFixture() {}

  /** How the forgotten participant typed their number into a free-text answer. */
  static final String TYPED = "0712 000 111";

  /** Both participants answer the survey, through HTTP; the one to be forgotten types their number. */
  static void answerSurvey(KabambeServer server) throws Exception {
    for (String phone : List.of(GONE, KEPT)) {
      String session = "s" + phone.substring(phone.length() - 3);
      String comment = phone.equals(GONE) ? "call me on " + TYPED : "call me in the morning";
      SurveyProgramme.dial(server, session, phone, "", "1", "1*" + comment);
    }
    var records = new HopHistory(server.database());
    Eventually.until("both participants' answers to be stored", Duration.ofSeconds(5),
        () -> records.answersOf(GONE).size() >= 2 && records.answersOf(KEPT).size() >= 2);
    assertEquals(2, records.answersOf(GONE).size(), "the survey's two answers are stored");
  }

  /** What the SMS sender, campaigns and broadcasts write for both numbers, as they write it. */
  static void campaignsAndBroadcasts(Database db) throws SQLException {
    var now = OffsetDateTime.now(ZoneOffset.UTC);
    try (Connection c = db.connection()) {
      for (String phone : List.of(GONE, KEPT)) {
        for (String status : List.of("queued", "delivered")) {
          try (var s = c.prepareStatement("INSERT INTO outbox (phone, text, status, created_at, updated_at,"
              + " next_attempt_at, source, error) VALUES (?, ?, ?, ?, ?, ?, 'broadcast:1/a', ?)")) {
            s.setString(1, phone);
            s.setString(2, "Hello " + phone + ", your clinic day is Monday");
            s.setString(3, status);
            s.setObject(4, now);
            s.setObject(5, now);
            s.setObject(6, now);
            s.setString(7, status.equals("delivered") ? null : "retry for " + phone);
            s.executeUpdate();
          }
        }
        exec(c, "INSERT INTO outbox_parts (outbox_id, seq, provider, provider_id, status, updated_at) SELECT id, 1,"
            + " 'smpp', CONCAT('m', CAST(id AS VARCHAR)), 'delivered', updated_at FROM outbox WHERE phone = ? AND"
            + " status = 'delivered'", phone);
        long sub;
        try (var s = c.prepareStatement("INSERT INTO subscriptions (campaign, phone, joined_at, active)"
            + " VALUES ('tips', ?, ?, TRUE)", new String[] {"id"})) {
          s.setString(1, phone);
          s.setObject(2, now);
          s.executeUpdate();
          try (var keys = s.getGeneratedKeys()) {
            keys.next();
            sub = keys.getLong(1);
          }
        }
        try (var s = c.prepareStatement("INSERT INTO campaign_deliveries (subscription_id, message_key, status,"
            + " due_at, recorded_at) VALUES (?, 'day1', 'sent', ?, ?)")) {
          s.setLong(1, sub);
          s.setObject(2, now);
          s.setObject(3, now);
          s.executeUpdate();
        }
        try (var s = c.prepareStatement("INSERT INTO flow_starts (phone, flow_id, origin, status, created_at)"
            + " VALUES (?, 'survey', 'campaign:tips/day1', 'pending', ?)")) {
          s.setString(1, phone);
          s.setObject(2, now);
          s.executeUpdate();
        }
        exec(c, "INSERT INTO broadcast_recipients (broadcast_id, phone, arm) VALUES (1, ?, 'a')", phone);
        exec(c, "INSERT INTO source_replies (source, phone, replies, opt_outs) VALUES ('broadcast:1/a', ?, 2, 0)",
            phone);
        exec(c, "INSERT INTO participant_arms (flow_id, phone, node_id, arm) VALUES ('survey', ?, 'split', 'b')",
            phone);
      }
      // A broadcast whose cursor stopped at the forgotten number.
      try (var s = c.prepareStatement("INSERT INTO broadcasts (created_at, created_by, spec, status, start_at,"
          + " cursor_phone, updated_at) VALUES (?, 'cli', '{}', 'paused', ?, ?, ?)")) {
        s.setObject(1, now);
        s.setObject(2, now);
        s.setString(3, GONE);
        s.setObject(4, now);
        s.executeUpdate();
      }
    }
  }

  /** Counts everything the server wrote into the figures, as its rollup does. */
  static void countAll(Database db) {
    new Rollup(db, Rollup.Settings.DEFAULT, e -> { }, () -> Set.of("district")).catchUp();
  }

  /**
   * Every cell of every table (text columns as text, binary ones as UTF-8 bytes) that contains {@code digits}, as
   * "table.column"; the tables and columns come from the database's own metadata, so a table added later is checked.
   */
  static List<String> cellsNaming(Database db, String digits) throws SQLException {
    var found = new ArrayList<String>();
    try (Connection c = db.connection()) {
      var meta = c.getMetaData();
      var tables = new ArrayList<String>();
      try (var rs = meta.getTables(null, null, "%", new String[] {"TABLE"})) {
        while (rs.next()) {
          String schema = rs.getString("TABLE_SCHEM");
          if (schema.equalsIgnoreCase("public")) tables.add(rs.getString("TABLE_NAME"));
        }
      }
      for (String table : tables) {
        var columns = new ArrayList<String>();
        var binary = new ArrayList<Boolean>();
        try (var rs = meta.getColumns(null, schema(c), table, "%")) {
          while (rs.next()) {
            int type = rs.getInt("DATA_TYPE");
            boolean bin = type == Types.BINARY || type == Types.VARBINARY || type == Types.LONGVARBINARY
                || type == Types.BLOB;
            boolean text = type == Types.VARCHAR || type == Types.CHAR || type == Types.LONGVARCHAR
                || type == Types.CLOB || type == Types.NVARCHAR || type == Types.OTHER;
            if (bin || text) {
              columns.add(rs.getString("COLUMN_NAME"));
              binary.add(bin);
            }
          }
        }
        if (columns.isEmpty()) continue;
        String sql = "SELECT " + String.join(", ", columns.stream().map(n -> '"' + n + '"').toList())
            + " FROM \"" + table + '"';
        try (var s = c.createStatement(); var rs = s.executeQuery(sql)) {
          while (rs.next()) {
            for (int i = 0; i < columns.size(); i++) {
              String cell = binary.get(i) ? bytesAsText(rs.getBytes(i + 1)) : rs.getString(i + 1);
              if (cell != null && cell.contains(digits)) {
                found.add((table + "." + columns.get(i)).toLowerCase(java.util.Locale.ROOT));
              }
            }
          }
        }
      }
    }
    return found;
  }

  private static String schema(Connection c) throws SQLException {
    return c.getMetaData().getDatabaseProductName().startsWith("H2") ? "PUBLIC" : "public";
  }

  private static String bytesAsText(byte[] bytes) {
    return bytes == null ? null : new String(bytes, StandardCharsets.ISO_8859_1); // digits survive any framing
  }

  /** The figures as the dashboards read them: the daily tables, and the counts read from re-keyed rows. */
  static String figures(Database db) throws SQLException {
    var out = new StringBuilder();
    try (Connection c = db.connection(); var s = c.createStatement()) {
      for (String q : List.of("SELECT * FROM run_daily ORDER BY 1, 2, 3, 4",
          "SELECT * FROM funnel_daily ORDER BY 1, 2, 3, 4", "SELECT * FROM event_daily ORDER BY 1, 2, 3, 4",
          "SELECT * FROM answer_daily ORDER BY 1, 2, 3, 4, 5, 6, 7, 8",
          "SELECT * FROM duration_daily ORDER BY 1, 2, 3, 4",
          "SELECT * FROM answer_field_daily ORDER BY 1, 2, 3, 4, 5, 6, 7, 8",
          "SELECT flow_id, status, COUNT(*), COUNT(DISTINCT phone), SUM(answers) FROM flow_runs GROUP BY flow_id,"
              + " status ORDER BY 1, 2",
          "SELECT source, status, COUNT(*), COUNT(DISTINCT phone) FROM outbox WHERE status <> 'queued'"
              + " GROUP BY source, status ORDER BY 1, 2",
          "SELECT flow_id, node_id, arm, COUNT(*) FROM participant_arms GROUP BY flow_id, node_id, arm"
              + " ORDER BY 1, 2, 3",
          "SELECT broadcast_id, arm, COUNT(*) FROM broadcast_recipients GROUP BY broadcast_id, arm ORDER BY 1, 2",
          "SELECT source, COUNT(*), SUM(replies), SUM(opt_outs) FROM source_replies GROUP BY source ORDER BY 1")) {
        try (var rs = s.executeQuery(q)) {
          int n = rs.getMetaData().getColumnCount();
          while (rs.next()) {
            for (int i = 1; i <= n; i++) out.append(rs.getString(i)).append(i < n ? "|" : "\n");
          }
        }
        out.append("--\n");
      }
    }
    return out.toString();
  }

  private static void exec(Connection c, String sql, String phone) throws SQLException {
    try (var s = c.prepareStatement(sql)) {
      s.setString(1, phone);
      s.executeUpdate();
    }
  }
}
