package org.kabambe.server;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.kabambe.cluster.Singletons;
import org.kabambe.connectors.sms.OutboundSms;
import org.kabambe.connectors.sms.SmsProvider;
import org.kabambe.connectors.sms.SubmitResult;
import org.kabambe.connectors.smpp.SmppBindConfig;
import org.kabambe.connectors.smpp.SmppProvider;
import org.kabambe.connectors.smpp.SmppStatus;

/**
 * An SMPP bind that only the node holding its singleton (named as the provider, {@code smpp:NAME}) opens: an
 * operator limits binds and TPS per account, so the cluster has one bind and one sender pacing it, whichever node
 * that is. Bound on {@link Singletons.Listener#gained}, unbound on {@link Singletons.Listener#lost}; MOs and
 * receipts arrive on the holder.
 */
final class SingletonBind implements SmsProvider, Singletons.Listener {
  private final SmppBindConfig config;
  private final Supplier<SmppProvider> bind;
  private volatile SmppProvider current;
  private boolean closed;

  /** {@code bind} opens the bind (in the background: it does not wait for the SMSC). */
  SingletonBind(SmppBindConfig config, Supplier<SmppProvider> bind) {
    this.config = config;
    this.bind = bind;
  }

  @Override
  public synchronized void gained() {
    if (!closed && current == null) current = bind.get();
  }

  /** Unbinds: submits in flight finish and are recorded, queued ones come back as Retry (queued again). */
  @Override
  public void lost() {
    SmppProvider was;
    synchronized (this) {
      was = current;
      current = null;
    }
    if (was != null) was.close();
  }

  @Override
  public String name() {
    return config.providerName();
  }

  @Override
  public int tps() {
    return config.tps();
  }

  @Override
  public boolean ready() {
    SmppProvider p = current;
    return p != null && p.ready();
  }

  @Override
  public CompletionStage<SubmitResult> submit(OutboundSms message) {
    SmppProvider p = current;
    return p != null ? p.submit(message) : CompletableFuture.completedFuture(
        new SubmitResult.Retry(SmppStatus.LOCAL, "bind " + name() + " is not open on this node"));
  }

  @Override
  public void close() {
    synchronized (this) {
      closed = true;
    }
    lost();
  }
}
