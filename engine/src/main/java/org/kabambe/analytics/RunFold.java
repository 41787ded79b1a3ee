package org.kabambe.analytics;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.kabambe.analytics.Rollup.TailedEvent;
import org.kabambe.events.EventType;

/**
 * The run state machine, as a fold over the log: each event or answer moves the runs it belongs to (open, dropped,
 * completed, left) and adds the figure changes to a batch's {@link RollupDeltas}. It reads no table itself: the
 * caller prefetches what it needs (participants' earlier runs, contacts, sent messages) and writes the deltas.
 */
final class RunFold {
  /** An answer as the rollup reads it. */
  record TailedAnswer(long id, Instant at, String phone, String channel, String flowId, String nodeId, String name,
                      String value) {}

  private final LiveRuns live = new LiveRuns();
  private final RunHistory history;
  private final ContactValues contacts;
  private final SentMessages sent;
  /** Per flow id, the questions whose final answers are also counted in pairs per run (cross-tabs). */
  private final Function<String, Set<String>> pairedQuestions;
  /** Runs closed since the answers were last read: the answers of their last hop are still to come. */
  private final Map<Run.RunKey, List<Run>> recentlyClosed = new HashMap<>();
  /** The latest event time seen: the clock of the idle cut-off (event time, not wall time). */
  private Instant latest = Instant.EPOCH;

  RunFold(RunHistory history, ContactValues contacts, SentMessages sent,
          Function<String, Set<String>> pairedQuestions) {
    this.history = history;
    this.contacts = contacts;
    this.sent = sent;
    this.pairedQuestions = pairedQuestions;
  }

  /** Forgets every run and cache: the caller then {@link #restore}s the runs live as of the last commit. */
  void clear() {
    live.clear();
    recentlyClosed.clear();
    history.clear();
    contacts.clear();
  }

  /** Takes back a run that was live at the last commit. */
  void restore(Run run) {
    live.put(run.key(), run);
    if (run.startedAt.isAfter(latest)) latest = run.startedAt;
  }

  /** The live run of {@code key}, if any. */
  Optional<Run> live(Run.RunKey key) {
    return Optional.ofNullable(live.get(key));
  }

  /** A round has read all its answers: no answer to come belongs to a run it closed. */
  void answersRead() {
    recentlyClosed.clear();
  }

  /** Applies one event; {@code past} reads the earlier runs of a number the history has not cached. */
  void event(TailedEvent e, RollupDeltas deltas, RunHistory.Reader past) throws SQLException {
    if (e.at().isAfter(latest)) latest = e.at();
    String channel = SimulatedNumbers.channel(e.phone(), e.channel());
    deltas.event(e.flowId(), Run.day(e.at()), channel, e.type());
    var key = new Run.RunKey(e.flowId(), e.phone(), channel);
    EventType type = e.kind().orElse(null);
    if (type == null) return;
    switch (type) {
      case FLOW_STARTED -> {
        Run previous = live.remove(key);
        if (previous != null) close(past, previous, Run.Status.LEFT, e.at(), deltas); // started again: the old run left
        Run run = Run.start(e.flowId(), e.flowHash(), e.phone(), channel, e.at());
        String kept = history.started(past, run);
        if (!kept.isEmpty()) history.assign(past, run, kept);
        live.put(key, run);
        deltas.dirty(run);
      }
      case NODE_SHOWN -> {
        Run run = live.get(key);
        if (run == null) return;
        if (run.status == Run.Status.DROPPED) resume(run, deltas);
        if (run.reach(e.nodeId())) deltas.reached(run, e.nodeId());
        run.lastNode = e.nodeId();
        run.lastAt = e.at();
        deltas.dirty(run);
      }
      case FLOW_COMPLETED -> {
        Run run = live.remove(key);
        if (run != null) {
          // The end node's own node_shown follows flow_completed (the screen is shown after completing), when the
          // run is already closed: count the end node as reached here, or every funnel ends at zero.
          if (!e.nodeId().isEmpty() && run.reach(e.nodeId())) deltas.reached(run, e.nodeId());
          if (!e.nodeId().isEmpty()) run.lastNode = e.nodeId();
          close(past, run, Run.Status.COMPLETED, e.at(), deltas);
        }
      }
      case SESSION_DROPPED -> {
        for (Run run : live.of(e.phone(), channel)) {
          if (run.status != Run.Status.OPEN) continue;
          run.status = Run.Status.DROPPED; // counted as left now; un-counted if the participant resumes
          run.lastAt = e.at();
          deltas.left(run, 1);
          if (run.arm.isEmpty()) history.settled(past, run);
          deltas.dirty(run);
        }
      }
      case SESSION_RESUMED -> {
        for (Run run : live.of(e.phone(), channel)) {
          if (run.status == Run.Status.DROPPED) resume(run, deltas);
          run.lastAt = e.at();
        }
      }
      case ARM_ASSIGNED -> {
        String arm = e.nodeId() + "/" + e.detail();
        deltas.assigned(new RollupDeltas.Arm(e.flowId(), e.phone(), e.nodeId(), arm));
        history.assigned(past, e.phone(), e.flowId(), arm);
        Run run = live.get(key);
        if (run != null && run.arm.isEmpty()) {
          history.assign(past, run, arm);
          deltas.dirty(run);
        }
      }
      case SMS_RECEIVED, OPTED_OUT -> sent.repliedTo(e.phone(), e.at())
          .ifPresent(source -> deltas.reply(source, e.phone(), e.at(), type == EventType.OPTED_OUT));
      case LANGUAGE_CHANGED -> contacts.languageChanged(e.phone(), e.detail());
      case CONTACT_UPDATED -> contacts.fieldChanged(e.phone(), e.detail());
      case SESSION_ABANDONED, SESSION_EXPIRED -> { // the conversation left: so did every run it had open
        for (Run run : live.of(e.phone(), channel)) {
          live.remove(run.key());
          close(past, run, Run.Status.LEFT, e.at(), deltas);
        }
      }
      default -> { }
    }
  }

  /**
   * Counts an answer under the run it belongs to; a later answer to the same question in the same run (the
   * participant went Back and answered again) replaces it, so a run counts its final answer per question only;
   * the pairs it forms with the run's other final answers move with it.
   */
  void answer(TailedAnswer a, RollupDeltas deltas) {
    String channel = SimulatedNumbers.channel(a.phone(), a.channel());
    Run run = runOf(new Run.RunKey(a.flowId(), a.phone(), channel), a.at());
    ContactValues.Values contact = contacts.of(a.phone());
    var counted = new CountedAnswer(a.nodeId(), a.name(), Run.day(a.at()), contact.language(),
        run == null ? "" : run.arm, CountedAnswer.clip(a.value()), contact.fields());
    if (run != null) {
      CountedAnswer replaced = run.answer(counted);
      if (replaced != null) {
        deltas.answer(a.flowId(), channel, replaced, -1);
      } else {
        run.answers++;
      }
      pairs(run, replaced, counted, deltas);
      deltas.dirty(run);
    }
    deltas.answer(a.flowId(), channel, counted, 1);
  }

  /** Moves the pairs of the run's final answers from {@code replaced} (if any) to {@code counted}. */
  private void pairs(Run run, CountedAnswer replaced, CountedAnswer counted, RollupDeltas deltas) {
    Set<String> paired = pairedQuestions.apply(run.flowId);
    if (!paired.contains(counted.name())) return;
    for (CountedAnswer other : run.countedAnswers()) {
      // Another node saving under the same name is the same question to a cross-tab: not a pair.
      if (other.name().equals(counted.name()) || !paired.contains(other.name())) continue;
      if (replaced != null) deltas.pair(run, other, replaced, -1);
      deltas.pair(run, other, counted, 1);
    }
  }

  /** Open runs without an event for {@code cutoff} left silently (the network timed out): count them as left. */
  void evictIdle(Duration cutoff, RollupDeltas deltas, RunHistory.Reader past) throws SQLException {
    List<Run> idle = live.idleSince(latest.minus(cutoff));
    history.prefetch(past, idle.stream().map(r -> r.phone).toList());
    for (Run run : idle) {
      live.remove(run.key());
      close(past, run, Run.Status.LEFT, run.lastAt, deltas);
    }
  }

  private void resume(Run run, RollupDeltas deltas) {
    run.status = Run.Status.OPEN;
    deltas.left(run, -1);
    deltas.dirty(run);
  }

  private void close(RunHistory.Reader past, Run run, Run.Status how, Instant at, RollupDeltas deltas)
      throws SQLException {
    if (how == Run.Status.LEFT && run.status == Run.Status.OPEN) deltas.left(run, 1); // a dropped run counted already
    run.status = how;
    run.endedAt = at;
    run.lastAt = at;
    if (run.arm.isEmpty()) history.settled(past, run);
    deltas.dirty(run);
    recentlyClosed.computeIfAbsent(run.key(), k -> new ArrayList<>()).add(run);
  }

  /** The run an answer at {@code at} belongs to: the latest one of its key that started at or before it. */
  private Run runOf(Run.RunKey key, Instant at) {
    Run best = live.get(key);
    if (best != null && best.startedAt.isAfter(at)) best = null;
    for (Run r : recentlyClosed.getOrDefault(key, List.of())) {
      if (!r.startedAt.isAfter(at) && (best == null || r.startedAt.isAfter(best.startedAt))) best = r;
    }
    return best;
  }
}
