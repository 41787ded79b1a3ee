package org.kabambe.campaigns;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.kabambe.catalog.Catalog;
import org.kabambe.contact.Contact;
import org.kabambe.contact.FieldValues;
import org.kabambe.contact.Groups;
import org.kabambe.expr.Bindings;
import org.kabambe.flow.campaign.Campaign;
import org.kabambe.flow.campaign.CampaignMessage;
import org.kabambe.flow.settings.TimeZones;
import org.kabambe.store.Database;
import org.kabambe.store.SqlTimes;
import org.kabambe.store.StoreException;

/**
 * Queues campaign messages as they fall due. Durable and exactly-once: each step's outbox row and its
 * {@code campaign_deliveries} marker (primary key: subscription, step key) are inserted in one transaction, so a
 * crash leaves either both or neither, and a step with a marker is never considered again.
 *
 * <p>A {@link #tick} reads only subscriptions whose {@code next_check_at} has come, a page of {@link #PAGE} at a
 * time (bounded memory whatever the number of subscriptions), in its own short transaction per page. For each
 * unsent step of the <em>current</em> campaign file it computes the due time ({@link Schedule}):
 * <ul>
 *   <li>not yet due: it sets {@code next_check_at} to the earliest such time;</li>
 *   <li>due: the message is rendered in the contact's language (the campaign's first language when the contact's
 *       is not one of the campaign's) and queued at low priority, no earlier than the end of quiet hours;</li>
 *   <li>due longer ago than the campaign's {@code validity} (the server was down), or only sendable after that
 *       (quiet hours): it is recorded as {@code missed}, never sent late.</li>
 * </ul>
 *
 * <p>Time zone: the contact's {@code timezone} field (when fields.yaml declares it and it holds a valid zone id),
 * else the campaign's {@code timezone:}, else the deployment's.
 *
 * <p>Edits of a campaign file: steps are identified by their {@code id}, else by their position. {@link #rescan}
 * (run at start and after a reload) makes every active subscription be looked at again, and due times are
 * recomputed from the current file: a re-timed step that was not sent yet moves; a step already sent or missed is
 * never sent again (its key has a marker); an added step is sent to existing subscribers if its time is still
 * ahead or within validity, else recorded missed; a removed step is simply no longer sent. Renumbering (inserting
 * a step without an {@code id} in the middle) shifts keys: give steps ids once a campaign is live.
 *
 * <p>{@code flow:} steps record a pending {@link FlowStarts} row with the step's marker, in the same transaction;
 * the server's dispatcher then starts the SMS flow, settling the row in the start's own transaction: exactly once,
 * across crashes. A flow step found in quiet hours waits for the first tick after them.
 */
public final class CampaignScheduler {
  public static final int PAGE = 500;
  /** Campaign messages go below replies (0) and above broadcasts. */
  public static final int PRIORITY = -1;
  /** How often a subscription whose step needs a missing contact date is looked at again. */
  static final Duration NO_DATE_RECHECK = Duration.ofDays(1);

  // Two steps: the due ids straight from the (active, next_check_at, id) index, in its order (no sort), then
  // each one's row and contact by key. One joined query made H2 sort every due row for every page.
  private static final String DUE = "SELECT id FROM subscriptions WHERE active = TRUE AND next_check_at <= ? "
      + "ORDER BY active, next_check_at, id FETCH FIRST " + PAGE + " ROWS ONLY";
  private static final String ROW = "SELECT s.id, s.campaign, s.phone, s.joined_at, c.language, c.field_values, "
      + "c.group_list FROM subscriptions s LEFT JOIN contacts c ON c.phone = s.phone WHERE s.id = ?";
  private static final String DONE = "SELECT message_key FROM campaign_deliveries WHERE subscription_id = ?";
  private static final String MARK = "INSERT INTO campaign_deliveries (subscription_id, message_key, status, due_at, "
      + "recorded_at) VALUES (?, ?, ?, ?, ?)";
  private static final String OUTBOX = "INSERT INTO outbox (phone, text, status, created_at, updated_at, "
      + "next_attempt_at, attempts, kind, priority, expires_at, source) VALUES (?, ?, 'queued', ?, ?, ?, 0, 'flow', ?, ?, "
      + "?)";
  private static final String NEXT = "UPDATE subscriptions SET next_check_at = ? WHERE id = ?";

  private final Database database;
  private final Supplier<Catalog> catalog;
  private final ZoneId deploymentZone;
  private final Clock clock;
  private final Runnable flowStartsRecorded;

  public CampaignScheduler(Database database, Supplier<Catalog> catalog, ZoneId deploymentZone, Clock clock) {
    this(database, catalog, deploymentZone, clock, () -> { });
  }

  /** {@code flowStartsRecorded} runs after a page that recorded flow starts committed (it wakes the dispatcher). */
  public CampaignScheduler(Database database, Supplier<Catalog> catalog, ZoneId deploymentZone, Clock clock,
                           Runnable flowStartsRecorded) {
    this.flowStartsRecorded = flowStartsRecorded;
    this.database = database;
    this.catalog = catalog;
    this.deploymentZone = deploymentZone;
    this.clock = clock;
  }

  /** What one tick did. */
  public record Tick(int queued, int missed, int subscriptions) {}

  /** Queues every step due now; blocking JDBC, call it on a worker thread. */
  public Tick tick() {
    Instant now = clock.instant();
    Catalog cat = catalog.get();
    int queued = 0;
    int missed = 0;
    int seen = 0;
    try (Connection c = database.connection()) {
      c.setAutoCommit(false);
      try (PreparedStatement due = c.prepareStatement(DUE); PreparedStatement one = c.prepareStatement(ROW);
           PreparedStatement done = c.prepareStatement(DONE);
           PreparedStatement mark = c.prepareStatement(MARK); PreparedStatement outbox = c.prepareStatement(OUTBOX);
           PreparedStatement next = c.prepareStatement(NEXT); PreparedStatement starts = FlowStarts.prepare(c)) {
        while (true) {
          int[] flowStarts = {0};
          List<Long> ids = new ArrayList<>(PAGE);
          due.setObject(1, SqlTimes.of(now));
          try (var rs = due.executeQuery()) {
            while (rs.next()) ids.add(rs.getLong(1));
          }
          List<Row> page = new ArrayList<>(ids.size());
          for (long id : ids) {
            one.setLong(1, id);
            try (var rs = one.executeQuery()) {
              if (!rs.next()) continue;
              page.add(new Row(rs.getLong(1), rs.getString(2), rs.getString(3),
                  rs.getObject(4, OffsetDateTime.class).toInstant(), Optional.ofNullable(rs.getString(5)),
                  Optional.ofNullable(rs.getString(6)), Optional.ofNullable(rs.getString(7))));
            }
          }
          if (ids.isEmpty()) break;
          if (page.isEmpty()) break;
          for (Row row : page) {
            Outcome o = decide(row, cat, now, done, mark, outbox, starts);
            flowStarts[0] += o.flowStarts;
            queued += o.queued;
            missed += o.missed;
            next.setObject(1, o.nextCheck == null ? null : SqlTimes.of(o.nextCheck));
            next.setLong(2, row.id);
            next.addBatch();
          }
          mark.executeBatch();
          outbox.executeBatch();
          if (flowStarts[0] > 0) starts.executeBatch();
          next.executeBatch();
          c.commit();
          database.flush(); // durable before the next page (a commit on this connection is not, on a kill, alone)
          if (flowStarts[0] > 0) flowStartsRecorded.run();
          seen += page.size();
          if (page.size() < PAGE) break;
        }
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new StoreException("campaign scheduler: " + e.getMessage(), e);
    }
    return new Tick(queued, missed, seen);
  }

  /**
   * Every active subscription is looked at by the next tick (at start, and after campaign due times change).
   * In chunks of 10,000 ids, each its own transaction: no giant transaction over a million rows.
   */
  public int rescan() {
    try (Connection c = database.connection(); var max = c.createStatement();
         var s = c.prepareStatement("UPDATE subscriptions SET next_check_at = joined_at WHERE active "
             + "AND id > ? AND id <= ?")) {
      long top;
      try (var rs = max.executeQuery("SELECT COALESCE(MAX(id), 0) FROM subscriptions")) {
        rs.next();
        top = rs.getLong(1);
      }
      int rows = 0;
      for (long from = 0; from < top; from += 10_000) {
        s.setLong(1, from);
        s.setLong(2, from + 10_000);
        rows += s.executeUpdate();
      }
      database.flush();
      return rows;
    } catch (SQLException e) {
      throw new StoreException("campaign scheduler: " + e.getMessage(), e);
    }
  }

  /** What a step's rows are tagged with: outbox.source (as MessageFigures reads it) and flow_starts.origin. */
  public static String origin(Campaign campaign, CampaignMessage step) {
    return "campaign:" + campaign.id() + "/" + step.key();
  }

  /** A contact field named {@code timezone} (declared as text in fields.yaml), e.g. "Africa/Kigali", if valid. */
  static Optional<ZoneId> contactZone(Map<String, Object> fields) {
    return TimeZones.zone(fields.get(TIMEZONE_FIELD));
  }

  /** The contact field that, when declared and set, gives a contact's own time zone. */
  public static final String TIMEZONE_FIELD = TimeZones.FIELD;

  private record Row(long id, String campaign, String phone, Instant joinedAt, Optional<String> language,
                     Optional<String> fields, Optional<String> groups) {}

  private static final class Outcome {
    int queued;
    int flowStarts;
    int missed;
    Instant nextCheck;

    void later(Instant t) {
      if (nextCheck == null || t.isBefore(nextCheck)) nextCheck = t;
    }
  }

  private Outcome decide(Row row, Catalog cat, Instant now, PreparedStatement done, PreparedStatement mark,
                         PreparedStatement outbox, PreparedStatement starts) throws SQLException {
    Outcome o = new Outcome();
    Campaign campaign = cat.campaigns().get(row.campaign);
    if (campaign == null) {
      o.later(now.plus(NO_DATE_RECHECK)); // the campaign file is gone or broken: look again later
      return o;
    }
    Set<String> sent = new HashSet<>();
    done.setLong(1, row.id);
    try (var rs = done.executeQuery()) {
      while (rs.next()) sent.add(rs.getString(1));
    }
    Map<String, Object> fields = FieldValues.decode(row.fields, cat.fields());
    Map<String, LocalDate> dates = new HashMap<>();
    fields.forEach((k, v) -> {
      if (v instanceof LocalDate d) dates.put(k, d);
    });
    ZoneId zone = contactZone(fields).orElse(campaign.zone(deploymentZone));
    String lang = row.language.filter(campaign.languages()::contains)
        .orElse(campaign.languages().isEmpty() ? "en" : campaign.languages().get(0));
    Contact contact = null;
    for (CampaignMessage m : campaign.messages()) {
      if (sent.contains(m.key())) continue;
      Optional<Instant> at = Schedule.dueAt(campaign, m, row.joinedAt, dates, zone);
      if (at.isEmpty()) {
        o.later(now.plus(NO_DATE_RECHECK));
        continue;
      }
      Instant due = at.get();
      if (due.isAfter(now)) {
        o.later(due);
        continue;
      }
      Instant sendAt = campaign.quietHours().map(q -> q.nextAllowed(now.atZone(zone)).toInstant()).orElse(now);
      Instant expires = due.plus(campaign.validity());
      boolean late = sendAt.isAfter(expires);
      if (!late && m.flow().isPresent() && sendAt.isAfter(now)) { // a flow starts now or not at all: wait
        o.later(sendAt);
        continue;
      }
      mark.setLong(1, row.id);
      mark.setString(2, m.key());
      mark.setString(3, late ? "missed" : "sent");
      mark.setObject(4, SqlTimes.of(due));
      mark.setObject(5, SqlTimes.of(now));
      mark.addBatch();
      if (late) {
        o.missed++;
        continue;
      }
      if (m.flow().isPresent()) { // owed with the marker, started by the dispatcher (FlowStarts)
        FlowStarts.record(starts, row.phone, m.flow().get(), origin(campaign, m), now);
        o.flowStarts++;
        o.queued++;
        continue;
      }
      if (contact == null) {
        contact = new Contact(row.phone, row.language, Groups.decode(row.groups), fields, false, Optional.empty(),
            Optional.empty(), Optional.empty());
      }
      String text = m.text().get().in(lang, campaign.languages().isEmpty() ? lang : campaign.languages().get(0))
          .render(new Bindings(Map.of(), Map.of(), contact.flowValues(lang), "sms", now, ""));
      outbox.setString(1, row.phone);
      outbox.setString(2, text);
      outbox.setObject(3, SqlTimes.of(now));
      outbox.setObject(4, SqlTimes.of(now));
      outbox.setObject(5, SqlTimes.of(sendAt));
      outbox.setInt(6, PRIORITY);
      outbox.setObject(7, SqlTimes.of(expires));
      outbox.setString(8, origin(campaign, m));
      outbox.addBatch();
      o.queued++;
    }
    return o;
  }
}
