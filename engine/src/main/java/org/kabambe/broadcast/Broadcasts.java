package org.kabambe.broadcast;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.function.Supplier;
import org.kabambe.connectors.sms.SmsEncoding;
import org.kabambe.contact.Contact;
import org.kabambe.diag.Diagnostics;
import org.kabambe.diag.SourcePos;
import org.kabambe.expr.Bindings;
import org.kabambe.expr.ExprCompiler;
import org.kabambe.expr.Expression;
import org.kabambe.expr.Scope;
import org.kabambe.expr.Template;
import org.kabambe.expr.ValueType;
import org.kabambe.flow.Catalog;
import org.kabambe.store.ContactStore;
import org.kabambe.store.Database;
import org.kabambe.store.SqlTimes;
import org.kabambe.store.StoreException;

/**
 * Personalised broadcasts to a segment: dry run (recipients, segments per message, total segments), creation,
 * and the resumable sender. Opted-out contacts are always excluded. A seeded draw per number decides the sample
 * and the arm, so the same broadcast draws the same people after a restart; arms are recorded per recipient.
 *
 * <p>Sending streams contacts in number order ({@link ContactStore#forEach}, bounded memory) and commits every
 * {@link #BATCH} contacts: the outbox rows (priority {@link #PRIORITY}, below replies and campaigns), the arm rows
 * and the cursor (the last number handled) in one transaction, guarded by {@code status = 'sending'}: a pause
 * takes effect at the next batch boundary, and a restart resumes after the cursor with no duplicate.
 * Blocking JDBC: call on a worker thread.
 */
public final class Broadcasts {
  public static final int BATCH = 1_000;
  public static final int PRIORITY = -10;
  private static final SourcePos POS = new SourcePos("broadcast", 1, 1);

  private final Database database;
  private final Supplier<Catalog> catalog;
  private final Clock clock;

  private final org.kabambe.campaigns.CampaignScheduler.FlowStarter flows;

  /** Without a flow starter (the CLI): flow broadcasts are recorded, and sent by the server. */
  public Broadcasts(Database database, Supplier<Catalog> catalog, Clock clock) {
    this(database, catalog, clock, null);
  }

  /** {@code flows} starts an SMS flow for a number (flow broadcasts): called after the batch's cursor commit. */
  public Broadcasts(Database database, Supplier<Catalog> catalog, Clock clock,
                    org.kabambe.campaigns.CampaignScheduler.FlowStarter flows) {
    this.flows = flows;
    this.database = database;
    this.catalog = catalog;
    this.clock = clock;
  }

  /** What a broadcast would send. {@code segmentsPerMessage}: the most segments one rendered message of each arm takes. */
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

  public record Progress(long id, String status, Instant startAt, String cursor, long queued, long segments,
                         BroadcastSpec spec) {
    public JsonObject toJson() {
      return new JsonObject().put("id", id).put("status", status).put("start_at", startAt.toString())
          .put("cursor_set", !cursor.isEmpty()).put("queued", queued).put("segments", segments)
          .put("spec", spec.toJson());
    }
  }

  /** A broadcast ready to match and render contacts. */
  final class Compiled {
    final BroadcastSpec spec;
    final Map<String, Template> texts = new LinkedHashMap<>();
    final List<String> armNames;
    final Optional<Expression> where;
    final Optional<java.util.Set<String>> completed;
    final Optional<java.util.Set<String>> replied;
    double cut = 1.0;

    Compiled(BroadcastSpec spec) {
      this.spec = spec;
      Catalog cat = catalog.get();
      ExprCompiler compiler = new ExprCompiler(new Scope(Map.of(), Map.of(), cat.fields().scope()));
      Diagnostics d = new Diagnostics();
      for (String arm : spec.armNames()) {
        Template t = Template.parse(spec.arms().get(arm), POS, d);
        compiler.check(t, d);
        texts.put(arm, t);
      }
      armNames = spec.flow().isPresent() ? List.of("") : spec.armNames();
      spec.flow().ifPresent(f -> {
        if (!cat.flows().isEmpty() && cat.flow(f).isEmpty()) throw new IllegalArgumentException("no flow '" + f + "'");
      });
      where = spec.where().map(w -> new Expression(w, POS));
      where.ifPresent(e -> compiler.bind(e, ValueType.BOOL, d));
      completed = spec.completed().map(flow -> {
        if (cat.flow(flow).isEmpty() && !cat.flows().isEmpty()) {
          throw new IllegalArgumentException("completed: there is no flow '" + flow + "'");
        }
        return phones("SELECT DISTINCT phone FROM events WHERE type = 'flow_completed' AND flow_id = ?", flow, null);
      });
      replied = spec.repliedWithin().map(w -> phones("SELECT DISTINCT phone FROM answers WHERE at >= ? UNION "
          + "SELECT DISTINCT phone FROM events WHERE type = 'sms_received' AND at >= ?", null,
          clock.instant().minus(w)));
      if (d.hasErrors()) {
        throw new IllegalArgumentException(d.sorted().stream().filter(x -> x.isError()).map(x -> x.message())
            .reduce((a, b) -> a + "; " + b).orElse("invalid broadcast"));
      }
    }

    /** Whether the contact is in the segment (before sampling). */
    boolean matches(Contact c, Instant now) {
      if (c.optedOut()) return false;
      if (!spec.groups().isEmpty() && spec.groups().stream().noneMatch(c::inGroup)) return false;
      if (completed.isPresent() && !completed.get().contains(c.phone())) return false;
      if (replied.isPresent() && !replied.get().contains(c.phone())) return false;
      return where.isEmpty() || where.get().test(bindings(c, now));
    }

    boolean sampled(Contact c) {
      return cut >= 1.0 || draw(spec.seed(), c.phone()) < cut;
    }

    String arm(Contact c) {
      if (armNames.size() == 1) return armNames.get(0);
      return armNames.get((int) (draw(spec.seed() + 0x9E3779B97F4A7C15L, c.phone()) * armNames.size()));
    }

    /** The text sent; for a flow broadcast, a stand-in naming the flow (its first screen is not known up front). */
    String render(Contact c, String arm, Instant now) {
      if (spec.flow().isPresent()) return "flow " + spec.flow().get();
      return texts.get(arm).render(bindings(c, now));
    }

    private Bindings bindings(Contact c, Instant now) {
      return new Bindings(Map.of(), Map.of(), c.flowValues(c.language().orElse("en")), "sms", now, "");
    }
  }

  /**
   * The numbers an engagement condition selects, read once per broadcast run (memory: one entry per engaged
   * number, not per contact).
   */
  private java.util.Set<String> phones(String sql, String flow, Instant since) {
    java.util.Set<String> out = new java.util.HashSet<>();
    try (Connection con = database.connection(); var s = con.prepareStatement(sql)) {
      if (flow != null) s.setString(1, flow);
      if (since != null) {
        s.setObject(1, SqlTimes.of(since));
        s.setObject(2, SqlTimes.of(since));
      }
      try (var rs = s.executeQuery()) {
        while (rs.next()) out.add(rs.getString(1));
      }
    } catch (SQLException e) {
      throw new StoreException("cannot read engagement: " + e.getMessage(), e);
    }
    return out;
  }

  /** A uniform draw in [0, 1) from the seed and the number: stable across runs and restarts. */
  static double draw(long seed, String phone) {
    long h = 0xcbf29ce484222325L;
    for (byte b : phone.getBytes(StandardCharsets.UTF_8)) {
      h ^= b;
      h *= 0x100000001b3L;
    }
    long z = h + seed * 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    z = z ^ (z >>> 31);
    return (z >>> 11) * 0x1.0p-53;
  }

  Compiled compile(BroadcastSpec spec) {
    Compiled c = new Compiled(spec);
    c.cut = sampleCut(c);
    return c;
  }

  /** The draw below which a matching contact is in the sample: p for "p%", the N-th smallest draw for N. */
  private double sampleCut(Compiled c) {
    if (c.spec.sample().isEmpty()) return 1.0;
    String s = c.spec.sample().get().strip();
    try {
      if (s.endsWith("%")) {
        double p = Double.parseDouble(s.substring(0, s.length() - 1));
        if (p <= 0 || p > 100) throw new NumberFormatException();
        return p / 100.0;
      }
      int n = Integer.parseInt(s);
      if (n <= 0) throw new NumberFormatException();
      PriorityQueue<Double> smallest = new PriorityQueue<>(Collections.reverseOrder());
      Instant now = clock.instant();
      new ContactStore(database).forEach("", catalog.get().fields(), contact -> {
        if (!c.matches(contact, now)) return true;
        double d = draw(c.spec.seed(), contact.phone());
        if (smallest.size() < n) smallest.add(d);
        else if (d < smallest.peek()) {
          smallest.poll();
          smallest.add(d);
        }
        return true;
      });
      return smallest.size() < n ? 1.0 : Math.nextUp(smallest.peek());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("sample should be a number of contacts like 500 or a percentage like "
          + "10%; '" + s + "' is neither");
    }
  }

  public DryRun dryRun(BroadcastSpec spec) {
    Compiled c = compile(spec);
    Instant now = clock.instant();
    Map<String, Long> perArm = new LinkedHashMap<>();
    Map<String, Integer> perMessage = new LinkedHashMap<>();
    long[] totals = new long[3];
    new ContactStore(database).forEach("", catalog.get().fields(), contact -> {
      if (contact.optedOut()) {
        totals[2]++;
        return true;
      }
      if (!c.matches(contact, now) || !c.sampled(contact)) return true;
      String arm = c.arm(contact);
      int segs = spec.flow().isPresent() ? 0 : SmsEncoding.cost(c.render(contact, arm, now)).segments();
      perArm.merge(arm, 1L, Long::sum);
      perMessage.merge(arm, segs, Math::max);
      totals[0]++;
      totals[1] += segs;
      return true;
    });
    return new DryRun(totals[0], perArm, perMessage, totals[1], totals[2]);
  }

  /** Records the broadcast; it starts at its {@code at} (or now) when {@link #runDue} next runs. */
  public long create(BroadcastSpec spec, String by) {
    Compiled c = compile(spec); // validates, and fixes the sample now
    Instant now = clock.instant();
    try (Connection con = database.connection(); var s = con.prepareStatement("INSERT INTO broadcasts (created_at, "
        + "created_by, spec, status, start_at, sample_cut, updated_at) VALUES (?, ?, ?, 'scheduled', ?, ?, ?)",
        new String[] {"id"})) {
      s.setObject(1, SqlTimes.of(now));
      s.setString(2, by);
      s.setString(3, spec.toJson().encode());
      s.setObject(4, SqlTimes.of(spec.at().orElse(now)));
      s.setDouble(5, c.cut);
      s.setObject(6, SqlTimes.of(now));
      s.executeUpdate();
      try (var keys = s.getGeneratedKeys()) {
        keys.next();
        long id = keys.getLong(1);
        database.flush();
        return id;
      }
    } catch (SQLException e) {
      throw new StoreException("cannot record the broadcast: " + e.getMessage(), e);
    }
  }

  public Optional<Progress> progress(long id) {
    try (Connection con = database.connection(); var s = con.prepareStatement("SELECT status, start_at, "
        + "cursor_phone, queued, segments, spec FROM broadcasts WHERE id = ?")) {
      s.setLong(1, id);
      try (var rs = s.executeQuery()) {
        if (!rs.next()) return Optional.empty();
        return Optional.of(new Progress(id, rs.getString(1), rs.getObject(2, OffsetDateTime.class).toInstant(),
            rs.getString(3), rs.getLong(4), rs.getLong(5), BroadcastSpec.fromJson(new JsonObject(rs.getString(6)))));
      }
    } catch (SQLException e) {
      throw new StoreException("cannot read broadcast " + id + ": " + e.getMessage(), e);
    }
  }

  /** Pauses a scheduled or sending broadcast (it stops at the next batch boundary); false if it was not running. */
  public boolean pause(long id) {
    return setStatus(id, "paused", "('scheduled', 'sending')");
  }

  /** Resumes a paused broadcast from its cursor. */
  public boolean resume(long id) {
    return setStatus(id, "sending", "('paused')");
  }

  private boolean setStatus(long id, String to, String from) {
    try (Connection con = database.connection(); var s = con.prepareStatement("UPDATE broadcasts SET status = ?, "
        + "updated_at = ? WHERE id = ? AND status IN " + from)) {
      s.setString(1, to);
      s.setObject(2, SqlTimes.of(clock.instant()));
      s.setLong(3, id);
      boolean changed = s.executeUpdate() == 1;
      database.flush();
      return changed;
    } catch (SQLException e) {
      throw new StoreException("cannot update broadcast " + id + ": " + e.getMessage(), e);
    }
  }

  /** Starts scheduled broadcasts whose time has come and runs every sending one to its end (or pause). */
  public long runDue() {
    List<Long> ids = new ArrayList<>();
    try (Connection con = database.connection(); var s = con.prepareStatement("SELECT id FROM broadcasts WHERE "
        + "(status = 'scheduled' AND start_at <= ?) OR status = 'sending' ORDER BY id")) {
      s.setObject(1, SqlTimes.of(clock.instant()));
      try (var rs = s.executeQuery()) {
        while (rs.next()) ids.add(rs.getLong(1));
      }
    } catch (SQLException e) {
      throw new StoreException("cannot list broadcasts: " + e.getMessage(), e);
    }
    long queued = 0;
    for (long id : ids) {
      try (Connection con = database.connection(); var s = con.prepareStatement("UPDATE broadcasts SET status = "
          + "'sending' WHERE id = ? AND status = 'scheduled'")) {
        s.setLong(1, id);
        s.executeUpdate();
      } catch (SQLException e) {
        throw new StoreException("cannot start broadcast " + id + ": " + e.getMessage(), e);
      }
      queued += run(id, Integer.MAX_VALUE);
    }
    return queued;
  }

  private static final class Stop extends RuntimeException {
    Stop() {
      super(null, null, false, false);
    }
  }

  /**
   * Queues the broadcast from its cursor, at most {@code maxBatches} batches (tests stop it there, as a crash
   * would); returns the rows queued by this call. Marks it done at the end of the contacts.
   */
  public long run(long id, int maxBatches) {
    Progress p = progress(id).orElseThrow(() -> new IllegalArgumentException("no broadcast " + id));
    if (!p.status().equals("sending")) return 0;
    if (p.spec().flow().isPresent() && flows == null) return 0; // only a server can start flows
    Compiled c = new Compiled(p.spec());
    c.cut = cut(id);
    boolean recordArms = c.armNames.size() > 1;
    long[] queued = {0};
    try (Connection con = database.connection();
         PreparedStatement outbox = con.prepareStatement("INSERT INTO outbox (phone, text, status, created_at, "
             + "updated_at, next_attempt_at, attempts, kind, priority, source) VALUES (?, ?, 'queued', ?, ?, ?, 0, "
             + "'flow', ?, ?)");
         PreparedStatement arms = con.prepareStatement("INSERT INTO broadcast_recipients (broadcast_id, phone, arm) "
             + "VALUES (?, ?, ?)");
         PreparedStatement cursor = con.prepareStatement("UPDATE broadcasts SET cursor_phone = ?, queued = queued + ?, "
             + "segments = segments + ?, updated_at = ? WHERE id = ? AND status = 'sending'")) {
      con.setAutoCommit(false);
      var batch = new Object() {
        int seen;
        int rows;
        long segments;
        int batches;
        String last = p.cursor();
        OffsetDateTime now = SqlTimes.of(clock.instant());

        final List<String> starts = new ArrayList<>();

        void add(Contact contact) throws SQLException {
          Instant at = clock.instant();
          String arm = c.arm(contact);
          if (p.spec().flow().isPresent()) { // started after the commit: at most once
            starts.add(contact.phone());
            rows++;
            return;
          }
          String text = c.render(contact, arm, at);
          outbox.setString(1, contact.phone());
          outbox.setString(2, text);
          outbox.setObject(3, now);
          outbox.setObject(4, now);
          outbox.setObject(5, now);
          outbox.setInt(6, PRIORITY);
          outbox.setString(7, org.kabambe.analytics.MessageFigures.broadcast(id, recordArms ? arm : ""));
          outbox.addBatch();
          if (recordArms) {
            arms.setLong(1, id);
            arms.setString(2, contact.phone());
            arms.setString(3, arm);
            arms.addBatch();
          }
          rows++;
          segments += SmsEncoding.cost(text).segments();
        }

        /** Commits the batch with the cursor; false when the broadcast was paused meanwhile (batch dropped). */
        boolean commit() throws SQLException {
          if (rows > starts.size()) outbox.executeBatch();
          if (rows > 0 && recordArms) arms.executeBatch();
          cursor.setString(1, last);
          cursor.setLong(2, rows);
          cursor.setLong(3, segments);
          cursor.setObject(4, now);
          cursor.setLong(5, id);
          if (cursor.executeUpdate() != 1) {
            con.rollback();
            return false;
          }
          con.commit();
          database.flush();
          for (String phone : starts) {
            try {
              flows.start(phone, p.spec().flow().get());
            } catch (RuntimeException e) {
              org.slf4j.LoggerFactory.getLogger(Broadcasts.class).warn("broadcast {}: a flow did not start: {}", id,
                  e.toString());
            }
          }
          starts.clear();
          queued[0] += rows;
          rows = 0;
          seen = 0;
          segments = 0;
          batches++;
          now = SqlTimes.of(clock.instant());
          return true;
        }
      };
      try {
        new ContactStore(database).forEach(p.cursor(), catalog.get().fields(), contact -> {
          try {
            Instant at = clock.instant();
            if (c.matches(contact, at) && c.sampled(contact)) batch.add(contact);
            batch.last = contact.phone();
            if (++batch.seen >= BATCH) {
              if (!batch.commit() || batch.batches >= maxBatches) throw new Stop();
            }
            return true;
          } catch (SQLException e) {
            throw new StoreException("broadcast " + id + ": " + e.getMessage(), e);
          }
        });
        if (batch.commit()) {
          try (var done = con.prepareStatement("UPDATE broadcasts SET status = 'done', updated_at = ? WHERE id = ? "
              + "AND status = 'sending'")) {
            done.setObject(1, SqlTimes.of(clock.instant()));
            done.setLong(2, id);
            done.executeUpdate();
          }
          con.commit();
          database.flush();
        }
      } catch (Stop stop) {
        // paused, or the caller's batch limit
      } catch (RuntimeException e) {
        con.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new StoreException("broadcast " + id + ": " + e.getMessage(), e);
    }
    return queued[0];
  }

  private double cut(long id) {
    try (Connection con = database.connection(); var s = con.prepareStatement("SELECT sample_cut FROM broadcasts "
        + "WHERE id = ?")) {
      s.setLong(1, id);
      try (var rs = s.executeQuery()) {
        rs.next();
        double d = rs.getDouble(1);
        return rs.wasNull() ? 1.0 : d;
      }
    } catch (SQLException e) {
      throw new StoreException("cannot read broadcast " + id + ": " + e.getMessage(), e);
    }
  }
}
