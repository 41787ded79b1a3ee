package org.kabambe.analytics;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.kabambe.analytics.Rollup.TailedEvent;
import org.kabambe.analytics.RunFold.TailedAnswer;
import org.kabambe.events.EventType;
import org.kabambe.store.Database;
import org.kabambe.store.StoreException;

/**
 * Reads {@code events} and {@code answers} after the rollup's cursors in the database's {@link TailOrder}, folds
 * them through the {@link RunFold} and writes the figure changes with the new cursors in one transaction. Not
 * thread-safe: {@link Rollup} calls it from one thread at a time.
 *
 * <p>Each round fixes its limit in one snapshot and applies every event within it before the answers within it,
 * so an answer always finds the run its hop's events opened (a hop writes both in one transaction). A batch (up
 * to {@link Rollup.Settings#batch} rows, events then answers) is summed in memory and written in one transaction
 * with both cursors: one statement per changed table row, and each run rewritten once however many hops it holds.
 */
final class RollupTail {
  /** Events that open, settle or close runs: their numbers' run history is read before the batch is applied. */
  private static final Set<EventType> RUN_CHANGES = EnumSet.of(EventType.FLOW_STARTED, EventType.FLOW_COMPLETED,
      EventType.SESSION_DROPPED, EventType.ARM_ASSIGNED, EventType.SESSION_ABANDONED, EventType.SESSION_EXPIRED);
  /** Events that answer a broadcast or campaign message (see {@link SentMessages}). */
  private static final Set<EventType> REPLIES = EnumSet.of(EventType.SMS_RECEIVED, EventType.OPTED_OUT);

  private final Database database;
  private final Rollup.Settings settings;
  private final Rollup.Listener listener;
  private final TailOrder order;
  private final RunHistory history;
  private final ContactValues contacts;
  private final SentMessages sent = new SentMessages();
  private final RunFold fold;
  private TailPosition eventCursor = TailPosition.START;
  private TailPosition answerCursor = TailPosition.START;
  private volatile long behind;

  RollupTail(Database database, Rollup.Settings settings, Rollup.Listener listener,
             Supplier<Set<String>> breakdownFields, Function<String, Set<String>> pairedQuestions) {
    this.database = database;
    this.settings = settings;
    this.listener = listener;
    this.order = TailOrder.of(database.dialect());
    this.history = new RunHistory(Math.max(100_000, 2 * settings.batch()));
    this.contacts = new ContactValues(Math.max(100_000, 2 * settings.batch()), breakdownFields);
    this.fold = new RunFold(history, contacts, sent, pairedQuestions);
    load();
  }

  TailOrder order() {
    return order;
  }

  /** Rows written but not yet rolled up, as of the last round. */
  long behind() {
    return behind;
  }

  /** Reads everything committed so far; returns the number of events and answers applied. */
  long catchUp() {
    var round = new Round(limit());
    behind = order.behind(round.limit, eventCursor, answerCursor);
    long applied = 0;
    while (!round.answersRead) applied += batch(round);
    fold.answersRead();
    behind = 0;
    return applied;
  }

  /** How far a round has got: its limit, and whether it has read all events and all answers within it. */
  private static final class Round {
    final TailOrder.Limit limit;
    boolean eventsRead;
    boolean answersRead;

    Round(TailOrder.Limit limit) {
      this.limit = limit;
    }
  }

  /** The limit of a round, read in one snapshot. */
  private TailOrder.Limit limit() {
    try (var c = database.connection()) {
      c.setAutoCommit(false);
      c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      var limit = order.limit(c);
      c.commit();
      return limit;
    } catch (SQLException e) {
      throw failure(e);
    }
  }

  /** One transaction: events up to the batch size, then (once the events are all in) answers to fill it. */
  private long batch(Round round) {
    var deltas = new RollupDeltas();
    TailPosition events = eventCursor;
    TailPosition answers = answerCursor;
    boolean eventsRead = round.eventsRead;
    boolean answersRead = round.answersRead;
    int n = 0;
    try (var c = database.connection()) {
      c.setAutoCommit(false);
      var past = RunHistory.Reader.of(c);
      if (!eventsRead) {
        List<Tailed<TailedEvent>> rows = readEvents(c, events, round.limit, settings.batch());
        history.prefetch(past, rows.stream().map(Tailed::row).filter(e -> e.is(RUN_CHANGES)).map(TailedEvent::phone)
            .toList());
        sent.load(c, rows.stream().map(Tailed::row).filter(e -> e.is(REPLIES) && !SimulatedNumbers.matches(e.phone()))
            .map(TailedEvent::phone).toList());
        for (var e : rows) {
          fold.event(e.row(), deltas, past);
          listener.event(e.row());
        }
        if (!rows.isEmpty()) events = rows.get(rows.size() - 1).at();
        n += rows.size();
        eventsRead = rows.size() < settings.batch();
        if (eventsRead) {
          events = order.end("events", events, round.limit);
          fold.evictIdle(settings.idleCutoff(), deltas, past);
        }
      }
      if (eventsRead && n < settings.batch()) {
        int max = settings.batch() - n;
        List<Tailed<TailedAnswer>> rows = readAnswers(c, answers, round.limit, max);
        contacts.prefetch(c, rows.stream().map(a -> a.row().phone()).toList());
        for (var a : rows) fold.answer(a.row(), deltas);
        if (!rows.isEmpty()) answers = rows.get(rows.size() - 1).at();
        n += rows.size();
        answersRead = rows.size() < max;
        if (answersRead) answers = order.end("answers", answers, round.limit);
      }
      deltas.write(c, database.dialect());
      if (!events.equals(eventCursor)) order.advance(c, "events", eventCursor, events);
      if (!answers.equals(answerCursor)) order.advance(c, "answers", answerCursor, answers);
      c.commit();
      eventCursor = events;
      answerCursor = answers;
      round.eventsRead = eventsRead;
      round.answersRead = answersRead;
      return n;
    } catch (SQLException | RuntimeException e) {
      load(); // memory may be ahead of the database now: start again from what was committed
      throw e instanceof StoreException se ? se : failure(e);
    }
  }

  /** A row read with its position in the reading order. */
  private record Tailed<T>(TailPosition at, T row) {}

  private List<Tailed<TailedEvent>> readEvents(Connection c, TailPosition after, TailOrder.Limit limit, int max)
      throws SQLException {
    return read(c, "events", "at, type, phone, channel, flow_id, flow_hash, node_id, detail", after, limit, max,
        (rs, id) -> new TailedEvent(id, rs.getObject(3, OffsetDateTime.class).toInstant(), rs.getString(4),
            rs.getString(5), rs.getString(6), text(rs, 7), text(rs, 8), text(rs, 9), text(rs, 10)));
  }

  private List<Tailed<TailedAnswer>> readAnswers(Connection c, TailPosition after, TailOrder.Limit limit, int max)
      throws SQLException {
    return read(c, "answers", "at, phone, channel, flow_id, node_id, name, value_text", after, limit, max,
        (rs, id) -> new TailedAnswer(id, rs.getObject(3, OffsetDateTime.class).toInstant(), rs.getString(4),
            rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9)));
  }

  /** Reads a row's own columns, which follow its position (tx, id) in the result. */
  private interface RowReader<T> {
    T read(ResultSet rs, long id) throws SQLException;
  }

  /** Up to {@code max} rows of {@code table} after {@code after} and within {@code limit}, in reading order. */
  private <T> List<Tailed<T>> read(Connection c, String table, String columns, TailPosition after,
                                   TailOrder.Limit limit, int max, RowReader<T> row) throws SQLException {
    var rows = new ArrayList<Tailed<T>>(Math.min(max, 10_000));
    try (var s = c.prepareStatement(order.read(table, columns, max))) {
      order.bind(s, table, after, limit);
      try (var rs = s.executeQuery()) {
        while (rs.next()) {
          TailPosition at = order.positionOf(rs);
          rows.add(new Tailed<>(at, row.read(rs, at.id())));
        }
      }
    }
    return rows;
  }

  /** (Re)loads the cursors and the runs still open from the database: the state of the last commit. */
  void load() {
    fold.clear();
    try (var c = database.connection(); var s = c.createStatement()) {
      eventCursor = order.load(c, "events");
      answerCursor = order.load(c, "answers");
      try (var rs = s.executeQuery("SELECT flow_id, phone, channel, started_at, status, last_node, arm, answers, nodes,"
          + " firsts, answered, flow_hash FROM flow_runs WHERE status IN ('open', 'dropped')")) {
        while (rs.next()) {
          String[] nodes = rs.getString(9).isEmpty() ? new String[0] : rs.getString(9).split(",");
          Instant started = rs.getObject(4, OffsetDateTime.class).toInstant();
          var run = new Run(rs.getString(1), rs.getString(12), rs.getString(2), rs.getString(3), started,
              Run.Status.valueOf(rs.getString(5).toUpperCase()), rs.getString(6), null, rs.getString(7), rs.getInt(8),
              nodes, rs.getInt(10), CountedAnswer.decode(rs.getString(11)));
          run.counted = run.tally();
          fold.restore(run);
        }
      }
    } catch (SQLException e) {
      throw failure(e);
    }
  }

  private static String text(ResultSet rs, int column) throws SQLException {
    String s = rs.getString(column);
    return s == null ? "" : s;
  }

  private StoreException failure(Exception e) {
    return new StoreException("measurement rollup on " + database.location() + " failed: " + e.getMessage(), e);
  }
}
