package org.kabambe.connectors.sms;

import java.util.concurrent.CompletionStage;

/**
 * A way to send SMS (an SMPP bind, an HTTP provider). {@code submit} never blocks the caller: blocking protocol
 * calls run on the provider's own bounded pool. The provider enforces no rate: the engine's sender paces
 * submits with each provider's configured {@link #tps()}.
 */
public interface SmsProvider extends AutoCloseable {
  /** A stable name used in outbox rows and receipts, e.g. {@code smpp:main}. */
  String name();

  /** Submits allowed per second by the operator's contract. */
  int tps();

  /** Whether the provider can send now (an SMPP bind is bound). */
  boolean ready();

  CompletionStage<SubmitResult> submit(OutboundSms message);

  @Override
  void close();
}
