package org.kabambe.analytics;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.h2.api.Trigger;

/**
 * H2's trigger on outbox updates that keeps {@code source_send_hours} (migration V27, which names this class: it must
 * not move): a message is sent in the hour of its submitted_at, delivered in the hour of its delivered_at, failed in
 * the hour of its updated_at while its status is failed or expired; an update takes the old row's counts away and
 * adds the new row's, for each of the three that changed. PostgreSQL's V27 function does the same in SQL.
 */
public final class SendHoursTrigger implements Trigger {
  private static final Set<String> FAILURES = Set.of("failed", "expired");
  private static final String ADD = "UPDATE source_send_hours SET sent = sent + ?, delivered = delivered + ?,"
      + " failed = failed + ? WHERE source = ? AND on_hour = ? AND writer = SESSION_ID()";
  private static final String FIRST = "INSERT INTO source_send_hours (source, on_hour, writer, sent, delivered,"
      + " failed) VALUES (?, ?, SESSION_ID(), ?, ?, ?)";

  private int source;
  private int status;
  private int submittedAt;
  private int deliveredAt;
  private int updatedAt;

  @Override
  public void init(Connection c, String schema, String trigger, String table, boolean before, int type)
      throws SQLException {
    try (var rs = c.getMetaData().getColumns(null, schema, table, null)) {
      while (rs.next()) {
        int at = rs.getInt("ORDINAL_POSITION") - 1;
        switch (rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT)) {
          case "source" -> source = at;
          case "status" -> status = at;
          case "submitted_at" -> submittedAt = at;
          case "delivered_at" -> deliveredAt = at;
          case "updated_at" -> updatedAt = at;
          default -> { }
        }
      }
    }
  }

  @Override
  public void fire(Connection c, Object[] old, Object[] row) throws SQLException {
    Object from = old[source];
    Object to = row[source];
    if (from == null && to == null) return; // a flow's message
    boolean moved = !Objects.equals(from, to);
    if (moved || !sameHour(old[submittedAt], row[submittedAt])) {
      add(c, old, submittedAt, -1, 0, 0);
      add(c, row, submittedAt, 1, 0, 0);
    }
    if (moved || !sameHour(old[deliveredAt], row[deliveredAt])) {
      add(c, old, deliveredAt, 0, -1, 0);
      add(c, row, deliveredAt, 0, 1, 0);
    }
    boolean oldFailed = FAILURES.contains(old[status]);
    boolean newFailed = FAILURES.contains(row[status]);
    if (moved || oldFailed != newFailed || (newFailed && !sameHour(old[updatedAt], row[updatedAt]))) {
      if (oldFailed) add(c, old, updatedAt, 0, 0, -1);
      if (newFailed) add(c, row, updatedAt, 0, 0, 1);
    }
  }

  /** A time moved within its hour counts in the same row: taking one away and adding it back would be two writes. */
  private static boolean sameHour(Object a, Object b) {
    return a == null || b == null ? a == b : hourOf(a).equals(hourOf(b));
  }

  private static OffsetDateTime hourOf(Object at) {
    return ((OffsetDateTime) at).withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.HOURS);
  }

  /** Adds to this session's counter row of {@code row}'s source and the UTC hour of its column {@code at}, if set. */
  private void add(Connection c, Object[] row, int at, long sent, long delivered, long failed) throws SQLException {
    if (row[source] == null || row[at] == null) return;
    OffsetDateTime hour = hourOf(row[at]);
    try (var update = c.prepareStatement(ADD)) {
      update.setLong(1, sent);
      update.setLong(2, delivered);
      update.setLong(3, failed);
      update.setString(4, (String) row[source]);
      update.setObject(5, hour);
      if (update.executeUpdate() == 1) return;
    }
    try (var insert = c.prepareStatement(FIRST)) {
      insert.setString(1, (String) row[source]);
      insert.setObject(2, hour);
      insert.setLong(3, sent);
      insert.setLong(4, delivered);
      insert.setLong(5, failed);
      insert.executeUpdate();
    }
  }
}
