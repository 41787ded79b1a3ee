package org.kabambe.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Campaign subscriptions written in the hop's own transaction, from the hop's events: {@code subscribed} and
 * {@code unsubscribed} (detail: the campaign id) and {@code opted_out} (STOP, or a flow's {@code opt_out}: every
 * subscription of the number ends). Run in event order as they are added, so join-then-leave and leave-then-join
 * within one group commit both end as they happened; they are rare, so not batched.
 */
final class SubscriptionStatements implements AutoCloseable {
  static final String SUBSCRIBED = "subscribed";
  static final String UNSUBSCRIBED = "unsubscribed";
  static final String OPTED_OUT = "opted_out";

  // One row from a one-row VALUES; PostgreSQL 15 wants the alias (with its column list) that H2 lets go.
  private static final String JOIN = "INSERT INTO subscriptions (campaign, phone, joined_at, active, next_check_at) "
      + "SELECT ?, ?, ?, TRUE, ? FROM (VALUES (1)) AS one (x) WHERE NOT EXISTS (SELECT 1 FROM subscriptions "
      + "WHERE phone = ? AND campaign = ? AND active)";
  private static final String LEAVE = "UPDATE subscriptions SET active = FALSE, left_at = ?, left_reason = ?, "
      + "next_check_at = NULL WHERE phone = ? AND campaign = ? AND active";
  private static final String LEAVE_ALL = "UPDATE subscriptions SET active = FALSE, left_at = ?, left_reason = ?, "
      + "next_check_at = NULL WHERE phone = ? AND active";

  private final PreparedStatement join;
  private final PreparedStatement leave;
  private final PreparedStatement leaveAll;

  SubscriptionStatements(Connection c) throws SQLException {
    join = c.prepareStatement(JOIN);
    leave = c.prepareStatement(LEAVE);
    leaveAll = c.prepareStatement(LEAVE_ALL);
  }

  /** Applies the event if it concerns subscriptions; returns the rows changed. */
  int apply(EventRow e) throws SQLException {
    switch (e.type()) {
      case SUBSCRIBED -> {
        if (e.detail() == null || e.detail().isEmpty()) return 0;
        join.setString(1, e.detail());
        join.setString(2, e.phone());
        join.setObject(3, SqlTimes.of(e.at()));
        join.setObject(4, SqlTimes.of(e.at()));
        join.setString(5, e.phone());
        join.setString(6, e.detail());
        return join.executeUpdate();
      }
      case UNSUBSCRIBED -> {
        if (e.detail() == null || e.detail().isEmpty()) return 0;
        leave.setObject(1, SqlTimes.of(e.at()));
        leave.setString(2, reason(e));
        leave.setString(3, e.phone());
        leave.setString(4, e.detail());
        return leave.executeUpdate();
      }
      case OPTED_OUT -> {
        leaveAll.setObject(1, SqlTimes.of(e.at()));
        leaveAll.setString(2, "stop");
        leaveAll.setString(3, e.phone());
        return leaveAll.executeUpdate();
      }
      default -> {
        return 0;
      }
    }
  }

  private static String reason(EventRow e) {
    return e.flowId() == null || e.flowId().isEmpty() ? "keyword" : "flow";
  }

  static boolean concerns(EventRow e) {
    return e.type().equals(SUBSCRIBED) || e.type().equals(UNSUBSCRIBED) || e.type().equals(OPTED_OUT);
  }

  @Override
  public void close() throws SQLException {
    join.close();
    leave.close();
    leaveAll.close();
  }
}
