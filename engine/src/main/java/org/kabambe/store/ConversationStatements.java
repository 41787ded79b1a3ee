package org.kabambe.store;

import static org.kabambe.store.HopStatements.timestamp;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The writer's conversation statements: a checked row is written only at the version its hop read, and the hops
 * whose conversation moved on are reported so that none of their other rows are written. One JDBC batch per kind.
 *
 * <p>Conditional UPDATEs (and inserts as INSERT ... SELECT) rather than one multi-row upsert: a batch of them
 * reports each row's count, which says hop by hop who won, on H2 and PostgreSQL alike; PostgreSQL's driver sends
 * the batch in one round trip. A rewritten multi-row INSERT (reWriteBatchedInserts) would only say
 * SUCCESS_NO_INFO, and an unnest(...) ... RETURNING statement would be PostgreSQL-only. The price, measured
 * (bench-ussd --postgres, c=200): ≈9 µs more PostgreSQL CPU a hop (69 → 78) and ≈12 % fewer hops/s with the
 * writer thread saturated; one unnest statement per batch on PostgreSQL is the way to win it back.
 */
final class ConversationStatements implements AutoCloseable {
  private static final List<String> KEYS = List.of("phone", "channel");
  private static final List<String> COLUMNS =
      List.of("flow_id", "state", "started_at", "updated_at", "ended", "reminded", "waiting_since", "version");
  private static final String UPDATE = "UPDATE conversations SET flow_id = ?, state = ?, started_at = ?, "
      + "updated_at = ?, ended = ?, reminded = ?, waiting_since = ?, version = ? "
      + "WHERE phone = ? AND channel = ? AND version = ?";
  // Every writer locks rows in this order, so two nodes' batches touching the same numbers cannot deadlock.
  private static final Comparator<Checked> KEY_ORDER =
      Comparator.comparing((Checked c) -> c.row.phone()).thenComparing(c -> c.row.channel());

  private final PreparedStatement update;
  private final PreparedStatement insert;
  private final PreparedStatement upsert;
  private final boolean keysTwice;

  private record Checked(int hop, ConversationRow row) {}

  ConversationStatements(Connection connection, Dialect dialect) throws SQLException {
    update = connection.prepareStatement(UPDATE);
    insert = connection.prepareStatement(dialect.insertIfAbsent("conversations", KEYS, COLUMNS));
    upsert = connection.prepareStatement(dialect.upsert("conversations", KEYS, COLUMNS));
    keysTwice = dialect.insertIfAbsentRepeatsKeys();
  }

  /**
   * Writes the conversation rows of {@code hops}; returns the rows written and the positions (in {@code hops}) of
   * the hops whose conversation moved on: nothing of theirs was written.
   */
  HopStatements.Written write(List<HopWrite> hops) throws SQLException {
    var updates = new ArrayList<Checked>();
    var inserts = new ArrayList<Checked>();
    // Unchecked rows: the last state of a key in a batch is the one that counts; one row per key also keeps
    // PostgreSQL's multi-row upsert (reWriteBatchedInserts) from touching a row twice in one statement.
    Map<List<String>, ConversationRow> unchecked = new LinkedHashMap<>();
    for (int i = 0; i < hops.size(); i++) {
      if (hops.get(i).conversation().isEmpty()) continue;
      ConversationRow c = hops.get(i).conversation().get();
      if (!c.checked()) unchecked.put(List.of(c.phone(), c.channel()), c);
      else (c.expectedVersion() == ConversationRow.ABSENT ? inserts : updates).add(new Checked(i, c));
    }
    updates.sort(KEY_ORDER);
    inserts.sort(KEY_ORDER);
    var moved = new BitSet();
    int rows = 0;
    try {
      for (Checked u : updates) {
        int n = bindColumns(update, u.row, 1);
        update.setString(n, u.row.phone());
        update.setString(n + 1, u.row.channel());
        update.setLong(n + 2, u.row.expectedVersion());
        update.addBatch();
      }
      rows += settle(update, updates, moved);
      for (Checked i : inserts) {
        insert.setString(1, i.row.phone());
        insert.setString(2, i.row.channel());
        int n = bindColumns(insert, i.row, 3);
        if (keysTwice) {
          insert.setString(n, i.row.phone());
          insert.setString(n + 1, i.row.channel());
        }
        insert.addBatch();
      }
      rows += settle(insert, inserts, moved);
      for (ConversationRow c : unchecked.values()) {
        upsert.setString(1, c.phone());
        upsert.setString(2, c.channel());
        bindColumns(upsert, c, 3);
        upsert.addBatch();
      }
      if (!unchecked.isEmpty()) upsert.executeBatch();
      rows += unchecked.size();
      return new HopStatements.Written(rows, moved);
    } finally {
      clear();
    }
  }

  /** Runs a checked batch: a row not written (0) marks its hop moved. Returns the rows written. */
  private static int settle(PreparedStatement batch, List<Checked> rows, BitSet moved) throws SQLException {
    if (rows.isEmpty()) return 0;
    int[] counts = batch.executeBatch();
    int written = 0;
    for (int i = 0; i < counts.length; i++) {
      if (counts[i] == 0) {
        moved.set(rows.get(i).hop);
      } else if (counts[i] == 1) {
        written++;
      } else {
        // SUCCESS_NO_INFO would hide a conflict: never guess that a conditional write won.
        throw new SQLException("conversation write reported " + (counts[i] == Statement.SUCCESS_NO_INFO
            ? "no row count" : counts[i] + " rows") + ": cannot tell whether its version check held");
      }
    }
    return written;
  }

  /** Binds flow_id … version from {@code at}; returns the next parameter index. */
  private static int bindColumns(PreparedStatement s, ConversationRow c, int at) throws SQLException {
    s.setString(at, c.flowId());
    s.setBytes(at + 1, c.state());
    s.setObject(at + 2, timestamp(c.startedAt()));
    s.setObject(at + 3, timestamp(c.updatedAt()));
    s.setBoolean(at + 4, c.ended());
    s.setBoolean(at + 5, c.reminded());
    if (c.waitingForReply()) {
      s.setObject(at + 6, timestamp(c.updatedAt()));
    } else {
      s.setNull(at + 6, Types.TIMESTAMP_WITH_TIMEZONE);
    }
    s.setLong(at + 7, c.version());
    return at + 8;
  }

  void clear() throws SQLException {
    update.clearBatch();
    insert.clearBatch();
    upsert.clearBatch();
  }

  @Override
  public void close() throws SQLException {
    update.close();
    insert.close();
    upsert.close();
  }
}
