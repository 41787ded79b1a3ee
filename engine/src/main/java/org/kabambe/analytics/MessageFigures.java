package org.kabambe.analytics;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.kabambe.store.Database;
import org.kabambe.store.StoreException;

/**
 * Reach and replies of a broadcast or a campaign, from the outbox rows it queued ({@code outbox.source}) and the
 * replies the rollup gave it ({@code source_replies}): per part (a broadcast's arms, a campaign's steps) side by
 * side, and in all. Reads only the source's range of the {@code outbox_source} index. Blocking JDBC.
 */
public final class MessageFigures {
  /** The outbox statuses, in the order a message moves through them. */
  public static final List<String> STATUSES = List.of("queued", "submitting", "submitted", "delivered", "failed",
      "expired");

  /** What one part (or the whole) sent and got back. */
  public record Part(String name, Map<String, Long> byStatus, long recipients, long replies, long repliers,
                     long optOuts) {
    public long messages() {
      return byStatus.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Accepted by the SMSC (delivered ones included; a failed receipt after acceptance counts as failed). */
    public long sent() {
      return byStatus.get("submitted") + byStatus.get("delivered");
    }

    public long failed() {
      return byStatus.get("failed") + byStatus.get("expired");
    }

    /** Repliers per recipient. */
    public double replyRate() {
      return recipients == 0 ? 0 : (double) repliers / recipients;
    }
  }

  /** @param parts in name order; {@code total} counts a number once however many parts reached it */
  public record Report(String source, Part total, List<Part> parts) {}

  private final Database database;

  public MessageFigures(Database database) {
    this.database = database;
  }

  /** The source of a broadcast's messages ({@code arm} empty without arms). */
  public static String broadcast(long id, String arm) {
    return "broadcast:" + id + "/" + arm;
  }

  /** The source of a campaign step's messages. */
  public static String campaign(String id, String step) {
    return "campaign:" + id + "/" + step;
  }

  public Report broadcast(long id) {
    return report("broadcast:" + id, false);
  }

  public Report campaign(String id) {
    return report("campaign:" + id, true);
  }

  /**
   * Every part under {@code source} + "/" (sources are "kind:id/part"); {@code distinctTotal}: count the numbers
   * reached over all parts (a campaign's steps reach the same numbers), else sum the parts (a broadcast's arms).
   */
  private Report report(String source, boolean distinctTotal) {
    String from = source + "/";
    String to = source + "0"; // '0' follows '/': the range holds exactly the names that start with source + "/"
    var byStatus = new LinkedHashMap<String, Map<String, Long>>();
    var replies = new LinkedHashMap<String, long[]>();
    long allRecipients = -1;
    long allRepliers;
    try (var c = database.connection()) {
      try (var s = range(c, "SELECT source, status, COUNT(*) FROM outbox", from, to, " GROUP BY source, status");
           var rs = s.executeQuery()) {
        while (rs.next()) {
          byStatus.computeIfAbsent(rs.getString(1), k -> zeroStatuses()).put(rs.getString(2), rs.getLong(3));
        }
      }
      if (distinctTotal) allRecipients = count(c, "SELECT COUNT(DISTINCT phone) FROM outbox", from, to);
      try (var s = range(c, "SELECT source, COUNT(*), SUM(replies), SUM(opt_outs) FROM source_replies", from, to,
          " GROUP BY source"); var rs = s.executeQuery()) {
        while (rs.next()) replies.put(rs.getString(1), new long[] {rs.getLong(2), rs.getLong(3), rs.getLong(4)});
      }
      allRepliers = count(c, "SELECT COUNT(DISTINCT phone) FROM source_replies", from, to);
    } catch (SQLException e) {
      throw new StoreException("cannot read the figures of " + source + ": " + e.getMessage(), e);
    }
    var parts = new ArrayList<Part>();
    var total = zeroStatuses();
    long[] allReplies = new long[3];
    for (String name : new TreeSet<>(byStatus.keySet())) {
      Map<String, Long> st = byStatus.get(name);
      st.forEach((k, v) -> total.merge(k, v, Long::sum));
      long[] r = replies.getOrDefault(name, new long[3]);
      for (int i = 0; i < 3; i++) allReplies[i] += r[i];
      long messages = st.values().stream().mapToLong(Long::longValue).sum();
      parts.add(new Part(name.substring(from.length()), st, messages, r[1], r[0], r[2]));
    }
    long recipients = distinctTotal ? allRecipients : parts.stream().mapToLong(Part::recipients).sum();
    return new Report(source, new Part("", total, recipients, allReplies[1], allRepliers, allReplies[2]), parts);
  }

  /** Every status at zero, in order. */
  private static Map<String, Long> zeroStatuses() {
    var m = new LinkedHashMap<String, Long>();
    STATUSES.forEach(st -> m.put(st, 0L));
    return m;
  }

  private static long count(Connection c, String head, String from, String to) throws SQLException {
    try (var s = range(c, head, from, to, ""); var rs = s.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static PreparedStatement range(Connection c, String head, String from, String to, String tail)
      throws SQLException {
    var s = c.prepareStatement(head + " WHERE source >= ? AND source < ?" + tail);
    s.setString(1, from);
    s.setString(2, to);
    return s;
  }
}
