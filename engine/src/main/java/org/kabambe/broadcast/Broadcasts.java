package org.kabambe.broadcast;

import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;
import org.kabambe.campaigns.FlowStarts;
import org.kabambe.catalog.Catalog;
import org.kabambe.store.Database;
import org.kabambe.store.SqlTimes;
import org.kabambe.store.StoreException;

/**
 * Personalised broadcasts to a segment: dry run (recipients, segments per message, total segments;
 * {@link BroadcastPlanner}), creation, management (list, pause, resume, cancel; every change audited) and the
 * resumable sender ({@link BroadcastRunner}). Opted-out contacts are always excluded. A seeded draw per number
 * decides the sample and the arm, so the same broadcast draws the same people after a restart; arms are recorded
 * per recipient.
 *
 * <p>Sending is one {@link BroadcastBatch} at a time ({@link #step}): {@link #BATCH} contacts streamed in number
 * order, their outbox rows committed with the cursor. The server runs one step per worker task and submits the
 * next behind whatever else is queued, so a million-contact broadcast never holds a worker, and it wakes the
 * outbox sender after each batch so sending starts with the first. Blocking JDBC: call on a worker thread.
 */
public final class Broadcasts {
  public static final int BATCH = 1_000;
  public static final int PRIORITY = -10;
  /** Broadcasts per page of {@link #list}. */
  public static final int PAGE = 50;

  /** Appends to the audit table in the change's own transaction (the API and CLI pass {@code Audit::record}). */
  @FunctionalInterface
  public interface AuditLog {
    AuditLog NONE = (c, at, actor, action, target, detail) -> { };

    void record(Connection c, Instant at, String actor, String action, String target, String detail)
        throws SQLException;
  }

  /**
   * What else happens around broadcasts: the outbox sender woken after a batch queued rows, the flow-start
   * dispatcher woken after a batch recorded starts, and the audit log of changes.
   */
  public record Hooks(Runnable outboxQueued, Runnable flowStartsRecorded, AuditLog audit) {
    public static final Hooks NONE = new Hooks(() -> { }, () -> { }, AuditLog.NONE);

    public static Hooks audited(AuditLog audit) {
      return new Hooks(NONE.outboxQueued, NONE.flowStartsRecorded, audit);
    }
  }

  private final Database database;
  private final Supplier<Catalog> catalog;
  private final Clock clock;
  private final Hooks hooks;
  private final BroadcastPlanner planner;
  private final BroadcastRunner runner;

  public Broadcasts(Database database, Supplier<Catalog> catalog, Clock clock) {
    this(database, catalog, clock, Hooks.NONE);
  }

  public Broadcasts(Database database, Supplier<Catalog> catalog, Clock clock, Hooks hooks) {
    this.database = database;
    this.catalog = catalog;
    this.clock = clock;
    this.hooks = hooks;
    this.planner = new BroadcastPlanner(database, catalog, clock);
    this.runner = new BroadcastRunner(database, catalog, clock, hooks, this::progress);
  }

  /**
   * What a broadcast would send. {@code segmentsPerMessage}: the most segments one rendered message of each arm
   * takes; {@code optedOutExcluded}: the opted-out contacts the segment would otherwise include.
   */
  public record DryRun(long recipients, Map<String, Long> perArm, Map<String, Integer> segmentsPerMessage,
                       long segments, long optedOutExcluded) {
    public JsonObject toJson() {
      JsonObject arms = new JsonObject();
      perArm.forEach((k, v) -> arms.put(k.isEmpty() ? "all" : k, new JsonObject().put("recipients", v)
          .put("segments_per_message", segmentsPerMessage.getOrDefault(k, 0))));
      return new JsonObject().put("recipients", recipients).put("segments", segments)
          .put("opted_out_excluded", optedOutExcluded).put("arms", arms);
    }
  }

  /**
   * A broadcast's state. {@code recipients}: what its dry run counted at creation (empty for broadcasts recorded
   * before it was kept); {@code queued}: messages queued (or flows started) so far; {@code withdrawn}: queued
   * messages a cancel took back before they were sent.
   */
  public record Progress(long id, String status, Instant startAt, String cursor, long queued, long segments,
                         BroadcastSpec spec, Instant createdAt, String createdBy, Instant updatedAt,
                         OptionalLong recipients, long withdrawn) {
    public JsonObject toJson() {
      // Boxed on every branch: a ternary mixing double and null unboxed the null (a broadcast to nobody broke
      // every later list and progress call).
      Double share = null;
      if (recipients.isPresent() && recipients.getAsLong() > 0) {
        share = Math.min(1.0, Math.round(10_000.0 * queued / recipients.getAsLong()) / 10_000.0);
      } else if (status.equals("done")) {
        share = 1.0;
      }
      return new JsonObject().put("id", id).put("status", status).put("start_at", startAt.toString())
          .put("created_at", createdAt.toString()).put("created_by", createdBy)
          .put("updated_at", updatedAt.toString()).put("cursor_set", !cursor.isEmpty())
          .put("recipients", recipients.isPresent() ? recipients.getAsLong() : null).put("queued", queued)
          .put("progress", share).put("segments", segments).put("withdrawn", withdrawn).put("spec", spec.toJson());
    }
  }

  /** Compiles the broadcast and fixes its sample; throws IllegalArgumentException naming what is wrong. */
  Audience compile(BroadcastSpec spec) {
    return planner.compile(spec);
  }

  /** What {@code spec} would send now: recipients per arm, segments per message and in all, opted out left out. */
  public DryRun dryRun(BroadcastSpec spec) {
    return planner.dryRun(spec);
  }


  /** Records the broadcast (after a dry run of its own); it starts at its {@code at} (or now). */
  public long create(BroadcastSpec spec, String by) {
    return create(spec, dryRun(spec), by);
  }

  /**
   * Records the broadcast, with the figures of the dry run the caller just showed (kept as its planned
   * recipients); it starts at its {@code at} (or now) when the server's runner next looks. Audited under {@code by}.
   */
  public long create(BroadcastSpec spec, DryRun figures, String by) {
    Audience a = compile(spec); // validates, and fixes the sample now
    Instant now = clock.instant();
    if (figures.recipients() == 0 && !spec.at().filter(now::isBefore).isPresent()) {
      // Scheduled ones may: contacts imported before their time join them.
      throw new IllegalArgumentException("the segment has no recipients now (" + figures.optedOutExcluded()
          + " opted out excluded), so nothing would be sent: check its groups and conditions with a dry run");
    }
    try (Connection con = database.connection(); var s = con.prepareStatement("INSERT INTO broadcasts (created_at, "
        + "created_by, spec, status, start_at, sample_cut, updated_at, recipients) VALUES (?, ?, ?, 'scheduled', ?, "
        + "?, ?, ?)", new String[] {"id"})) {
      con.setAutoCommit(false);
      s.setObject(1, SqlTimes.of(now));
      s.setString(2, by);
      s.setString(3, spec.toJson().encode());
      s.setObject(4, SqlTimes.of(spec.at().orElse(now)));
      s.setDouble(5, a.cut());
      s.setObject(6, SqlTimes.of(now));
      s.setLong(7, figures.recipients());
      s.executeUpdate();
      long id;
      try (var keys = s.getGeneratedKeys()) {
        keys.next();
        id = keys.getLong(1);
      }
      hooks.audit().record(con, now, by, "broadcast.create", "broadcast " + id, figures.recipients()
          + " recipients, " + figures.segments() + " segments, from " + spec.at().orElse(now));
      con.commit();
      database.flush();
      return id;
    } catch (SQLException e) {
      throw new StoreException("cannot record the broadcast: " + e.getMessage(), e);
    }
  }

  private static final String COLUMNS = "id, status, start_at, cursor_phone, queued, segments, spec, created_at, "
      + "created_by, updated_at, recipients, withdrawn FROM broadcasts";

  public Optional<Progress> progress(long id) {
    List<Progress> one = read("SELECT " + COLUMNS + " WHERE id = ?", id);
    return one.stream().findFirst();
  }

  /** A page of broadcasts, newest first ({@link #PAGE} a page, from 1), and how many there are. */
  public record Listing(long total, List<Progress> broadcasts) {}

  public Listing list(int page) {
    List<Progress> rows = read("SELECT " + COLUMNS + " ORDER BY id DESC OFFSET ? ROWS FETCH NEXT " + PAGE
        + " ROWS ONLY", (long) (page - 1) * PAGE);
    try (Connection con = database.connection(); var s = con.createStatement();
         var rs = s.executeQuery("SELECT COUNT(*) FROM broadcasts")) {
      rs.next();
      return new Listing(rs.getLong(1), rows);
    } catch (SQLException e) {
      throw new StoreException("cannot count broadcasts: " + e.getMessage(), e);
    }
  }

  private List<Progress> read(String sql, long param) {
    List<Progress> out = new ArrayList<>();
    try (Connection con = database.connection(); var s = con.prepareStatement(sql)) {
      s.setLong(1, param);
      try (var rs = s.executeQuery()) {
        while (rs.next()) {
          long planned = rs.getLong(11);
          out.add(new Progress(rs.getLong(1), rs.getString(2), instant(rs, 3), rs.getString(4), rs.getLong(5),
              rs.getLong(6), BroadcastSpec.fromJson(new JsonObject(rs.getString(7))), instant(rs, 8),
              rs.getString(9), instant(rs, 10), rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(planned),
              rs.getLong(12)));
        }
      }
    } catch (SQLException e) {
      throw new StoreException("cannot read broadcasts: " + e.getMessage(), e);
    }
    return out;
  }

  private static Instant instant(ResultSet rs, int column) throws SQLException {
    return rs.getObject(column, OffsetDateTime.class).toInstant();
  }

  /** Pauses a scheduled or sending broadcast (it stops at the next batch boundary); false if it was not running. */
  public boolean pause(long id, String by) {
    return change(id, by, "pause", "paused", "('scheduled', 'sending')", con -> "");
  }

  /**
   * Resumes a paused broadcast: one paused before its start time is scheduled again (it starts at that time),
   * any other carries on from its cursor.
   */
  public boolean resume(long id, String by) {
    Optional<Instant> later = progress(id).map(Progress::startAt).filter(at -> at.isAfter(clock.instant()));
    return change(id, by, "resume", later.isPresent() ? "scheduled" : "sending", "('paused')",
        con -> later.map(at -> "scheduled for " + at).orElse(""));
  }

  /**
   * Cancels a broadcast that is not cancelled yet, even one done queueing whose messages are still going out at
   * the operator's rate: it queues nothing more, its queued messages that no sender has claimed yet are withdrawn
   * (deleted from the outbox, counted in {@code withdrawn}), and its pending flow starts are skipped. False if
   * it was cancelled already.
   */
  public boolean cancel(long id, String by) {
    return change(id, by, "cancel", "cancelled", "('scheduled', 'sending', 'paused', 'done')", con -> {
      int withdrawn;
      // outbox_source leads with the source: only this broadcast's rows are read, not the whole outbox.
      try (var s = con.prepareStatement("DELETE FROM outbox WHERE source LIKE ? AND status = 'queued' "
          + "AND priority = ? AND attempts = 0")) {
        s.setString(1, "broadcast:" + id + "/%");
        s.setInt(2, PRIORITY);
        withdrawn = s.executeUpdate();
      }
      try (var s = con.prepareStatement("UPDATE broadcasts SET withdrawn = withdrawn + ? WHERE id = ?")) {
        s.setLong(1, withdrawn);
        s.setLong(2, id);
        s.executeUpdate();
      }
      int skipped = FlowStarts.skipAll(con, origin(id), "broadcast cancelled", clock.instant());
      return withdrawn + " queued messages withdrawn" + (skipped > 0 ? ", " + skipped + " flow starts skipped" : "");
    });
  }

  /** Work done with a status change, in its transaction; returns the audit detail. */
  @FunctionalInterface
  private interface Also {
    String run(Connection con) throws SQLException;
  }

  private boolean change(long id, String by, String action, String to, String from, Also also) {
    Instant now = clock.instant();
    try (Connection con = database.connection(); var s = con.prepareStatement("UPDATE broadcasts SET status = ?, "
        + "updated_at = ? WHERE id = ? AND status IN " + from)) {
      con.setAutoCommit(false);
      try {
        s.setString(1, to);
        s.setObject(2, SqlTimes.of(now));
        s.setLong(3, id);
        boolean changed = s.executeUpdate() == 1;
        if (changed) hooks.audit().record(con, now, by, "broadcast." + action, "broadcast " + id, also.run(con));
        con.commit();
        database.flush();
        if (changed) runner.forget(id);
        return changed;
      } catch (SQLException | RuntimeException e) {
        con.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new StoreException("cannot " + action + " broadcast " + id + ": " + e.getMessage(), e);
    }
  }

  /** What one {@link #step} did. */
  public record Step(long id, long queued, boolean done) {}

  /**
   * Runs one batch of the oldest broadcast due now (a scheduled one whose time has come is started); empty when
   * none is due. The server calls it again, behind other work, until it is empty.
   */
  public Optional<Step> step() {
    return runner.step();
  }

  /** Runs every due broadcast to its end or pause (the CLI-less tests and the benchmark); returns rows queued. */
  public long runDue() {
    return runner.runDue();
  }

  /**
   * Runs at most {@code maxBatches} batches of one broadcast, starting it if it is scheduled and due (tests stop
   * it there, as a crash would).
   */
  public long run(long id, int maxBatches) {
    return runner.run(id, maxBatches);
  }

  /** What a broadcast's flow starts are tagged with (flow_starts.origin); outbox rows: MessageFigures.broadcast. */
  public static String origin(long id) {
    return "broadcast:" + id;
  }
}
