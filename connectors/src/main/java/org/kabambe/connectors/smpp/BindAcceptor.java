package org.kabambe.connectors.smpp;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.jsmpp.PDUStringException;
import org.jsmpp.extra.SessionState;
import org.jsmpp.session.BindRequest;
import org.jsmpp.session.SMPPServerSession;
import org.jsmpp.session.SMPPServerSessionListener;
import org.jsmpp.session.ServerMessageReceiverListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulator's listening side: accepts connections, checks each bind's credentials (and the {@link FaultPlan}'s
 * refusals), and keeps the bound sessions so that deliver_sm can find a receiver.
 */
final class BindAcceptor implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(BindAcceptor.class);

  private final String systemId;
  private final String password;
  private final Duration transactionTimer;
  private final FaultPlan faults;
  private final SMPPServerSessionListener listener;
  private final ExecutorService acceptor = Executors.newCachedThreadPool(DaemonThreads.named("smsc-sim-accept"));
  private final List<SMPPServerSession> sessions = new CopyOnWriteArrayList<>();
  private final AtomicLong accepted = new AtomicLong();
  private final AtomicLong rejected = new AtomicLong();
  private volatile boolean closed;

  /**
   * @param port             0 for a free port
   * @param transactionTimer how long each session's deliver_sm waits for its response
   */
  BindAcceptor(int port, String systemId, String password, Duration transactionTimer, FaultPlan faults)
      throws IOException {
    this.systemId = systemId;
    this.password = password;
    this.transactionTimer = transactionTimer;
    this.faults = faults;
    this.listener = new SMPPServerSessionListener(port == 0 ? freePort() : port, NoDelaySockets.server());
    listener.setPduProcessorDegree(32);
    listener.setQueueCapacity(10_000);
    listener.setTimeout(200); // accept() wakes up to notice close()
  }

  /** Starts accepting binds; {@code submits} answers what the bound sessions send. */
  void start(ServerMessageReceiverListener submits) {
    listener.setMessageReceiverListener(submits);
    acceptor.execute(this::acceptLoop);
  }

  int port() {
    return listener.getPort();
  }

  long accepted() {
    return accepted.get();
  }

  long rejected() {
    return rejected.get();
  }

  int bound() {
    return (int) sessions.stream().filter(s -> s.getSessionState().isBound()).count();
  }

  /** The session a deliver_sm goes to: the most recently bound receiver or transceiver. */
  Optional<SMPPServerSession> receiver() {
    SMPPServerSession chosen = null;
    for (SMPPServerSession s : sessions) {
      SessionState state = s.getSessionState();
      if (state == SessionState.BOUND_RX || state == SessionState.BOUND_TRX) {
        chosen = s;
      }
    }
    return Optional.ofNullable(chosen);
  }

  /** Closes every session abruptly, as a crashed SMSC or a cut link would. */
  void dropAll() {
    for (SMPPServerSession s : sessions) {
      s.close();
    }
  }

  @Override
  public void close() {
    closed = true;
    for (SMPPServerSession s : sessions) {
      s.unbindAndClose();
    }
    try {
      listener.close();
    } catch (IOException e) {
      log.debug("closing the listener", e);
    }
    acceptor.shutdownNow();
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        SMPPServerSession session = listener.accept();
        acceptor.execute(() -> bind(session));
      } catch (SocketTimeoutException e) {
        // loop to check closed
      } catch (IOException e) {
        if (!closed) {
          log.warn("simulator accept failed", e);
        }
        return;
      }
    }
  }

  private void bind(SMPPServerSession session) {
    try {
      BindRequest request = session.waitForBind(5_000);
      if (!systemId.equals(request.getSystemId()) || !password.equals(request.getPassword())) {
        rejected.incrementAndGet();
        request.reject(SmppStatus.ESME_RINVPASWD);
        return;
      }
      if (faults.rejectsNextBind()) {
        rejected.incrementAndGet();
        request.reject(SmppStatus.ESME_RBINDFAIL);
        return;
      }
      session.setTransactionTimer(transactionTimer.toMillis());
      session.addSessionStateListener((newState, oldState, source) -> {
        if (newState == SessionState.CLOSED) {
          sessions.remove(session);
        }
      });
      request.accept("kabambe-sim");
      sessions.add(session);
      accepted.incrementAndGet();
    } catch (TimeoutException | IOException | PDUStringException | IllegalStateException e) {
      log.debug("simulator bind did not complete", e);
      session.close();
    }
  }

  /** jSMPP's listener does not tell which port 0 became, so pick a free one first (a tiny race, fine here). */
  private static int freePort() throws IOException {
    try (ServerSocket probe = new ServerSocket(0)) {
      return probe.getLocalPort();
    }
  }
}
