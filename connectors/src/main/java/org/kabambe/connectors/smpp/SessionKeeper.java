package org.kabambe.connectors.smpp;

import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.jsmpp.bean.BindType;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.extra.SessionState;
import org.jsmpp.session.BindParameter;
import org.jsmpp.session.MessageReceiverListener;
import org.jsmpp.session.SMPPSession;
import org.kabambe.connectors.retry.Backoff;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one jSMPP session bound: binds, watches for CLOSED, and rebinds with exponential backoff and jitter
 * (jSMPP has no reconnect of its own). Binding runs on the scheduler, never on the caller's thread.
 */
final class SessionKeeper implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SessionKeeper.class);
  // jSMPP's default of 100 queued PDUs answers the SMSC with "throttled" under bursts: keep it far away.
  private static final int PDU_QUEUE_CAPACITY = 10_000;

  private final SmppBindConfig config;
  private final BindType bindType;
  private final MessageReceiverListener listener;
  private final ScheduledExecutorService scheduler;
  private final SmppMetrics metrics;
  private final Backoff backoff;
  private final int pduProcessorDegree;

  private SMPPSession bound; // guarded by this
  private ScheduledFuture<?> nextAttempt; // guarded by this
  private int failures; // guarded by this
  private boolean closed; // guarded by this

  SessionKeeper(SmppBindConfig config, BindType bindType, MessageReceiverListener listener,
      ScheduledExecutorService scheduler, SmppMetrics metrics, Backoff backoff, int pduProcessorDegree) {
    this.config = config;
    this.bindType = bindType;
    this.listener = listener;
    this.scheduler = scheduler;
    this.metrics = metrics;
    this.backoff = backoff;
    this.pduProcessorDegree = pduProcessorDegree;
  }

  synchronized void start() {
    nextAttempt = scheduler.schedule(this::bind, 0, TimeUnit.MILLISECONDS);
  }

  /** The session when it is bound and usable. */
  synchronized Optional<SMPPSession> session() {
    return bound != null && bound.getSessionState().isBound() ? Optional.of(bound) : Optional.empty();
  }

  synchronized boolean isBound() {
    return session().isPresent();
  }

  synchronized boolean isClosed() {
    return closed;
  }

  private void bind() {
    SMPPSession session = new SMPPSession(NoDelaySockets.client());
    synchronized (this) {
      nextAttempt = null; // this is it running
      if (closed) {
        return;
      }
    }
    session.setQueueCapacity(PDU_QUEUE_CAPACITY);
    session.setPduProcessorDegree(pduProcessorDegree);
    session.setTransactionTimer(config.transactionTimer().toMillis());
    session.setEnquireLinkTimer((int) Math.min(Integer.MAX_VALUE, config.enquireLink().toMillis()));
    session.setMessageReceiverListener(listener);
    session.addSessionStateListener((newState, oldState, source) -> {
      if (newState == SessionState.CLOSED) {
        lost(session);
      }
    });
    try {
      session.connectAndBind(config.host(), config.port(), new BindParameter(bindType, config.systemId(),
          config.password(), config.systemType(), TypeOfNumber.UNKNOWN, NumberingPlanIndicator.UNKNOWN, null),
          config.transactionTimer().toMillis());
    } catch (IOException | RuntimeException e) {
      session.close();
      metrics.bindFailed();
      retryLater("bind failed: " + e.getMessage());
      return;
    }
    synchronized (this) {
      if (closed) {
        scheduler.execute(session::unbindAndClose);
        return;
      }
      if (session.getSessionState().isBound()) {
        bound = session;
        failures = 0;
        metrics.bound();
        log.info("{} {} bound to {}:{}", config.providerName(), bindType, config.host(), config.port());
        return;
      }
    }
    retryLater("closed right after binding");
  }

  /** jSMPP reports CLOSED for failed binds too: only a session that was bound triggers a rebind here. */
  private void lost(SMPPSession session) {
    synchronized (this) {
      if (session != bound) {
        return;
      }
      bound = null;
    }
    metrics.disconnected();
    retryLater("connection lost");
  }

  private synchronized void retryLater(String why) {
    if (closed || nextAttempt != null) {
      return;
    }
    long delay = backoff.after(++failures, ThreadLocalRandom.current()).toMillis();
    log.warn("{} {} {}: rebinding in {} ms", config.providerName(), bindType, why, delay);
    nextAttempt = scheduler.schedule(this::bind, delay, TimeUnit.MILLISECONDS);
  }

  /** Unbinds gracefully (waits for unbind_resp up to the transaction timer) and stops rebinding. */
  @Override
  public void close() {
    SMPPSession session;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      if (nextAttempt != null) {
        nextAttempt.cancel(false);
      }
      session = bound;
      bound = null;
    }
    if (session != null) {
      session.unbindAndClose();
    }
  }
}
