package org.kabambe.outbox;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.kabambe.connectors.sms.SmsProvider;

/**
 * Decides, for a due row, the provider it goes to now, or what becomes of it instead: expired past its validity,
 * failed when the {@link RecipientPolicy} refuses it ("opted out", never sent) or no provider routes it, put off when
 * its provider is not ready.
 */
final class DueRowTriage {
  private final ProviderRouter router;
  private final RecipientPolicy policy;
  private final OutboxMetrics metrics;
  private final OutboxSettings settings;
  private final Clock clock;

  DueRowTriage(ProviderRouter router, RecipientPolicy policy, OutboxMetrics metrics, OutboxSettings settings,
               Clock clock) {
    this.router = router;
    this.policy = policy;
    this.metrics = metrics;
    this.settings = settings;
    this.clock = clock;
  }

  /** Returns the provider {@code row} goes to, or adds to {@code unsent} what becomes of a row that cannot go now. */
  Optional<SmsProvider> prepare(DueRow row, List<Unsent> unsent) {
    Instant now = clock.instant();
    if (!now.isBefore(row.expiresAt().orElse(row.createdAt().plus(settings.defaultValidity())))) {
      unsent.add(sql -> OutboxTransitions.settle(sql, row.id(), OutboxStatus.QUEUED, OutboxStatus.EXPIRED,
          OptionalInt.empty(), "expired before it could be sent", now) ? Optional.of(metrics::expired)
          : Optional.empty());
      return Optional.empty();
    }
    if (!row.isSystemReply() && !policy.maySend(row.phone())) {
      unsent.add(failQueued(row, FailureCause.OPTED_OUT, OutboxSender.OPTED_OUT, now));
      return Optional.empty();
    }
    Optional<SmsProvider> routed = router.route(row.phone());
    if (routed.isEmpty()) {
      unsent.add(failQueued(row, FailureCause.NO_ROUTE, "no provider is configured for this number", now));
      return Optional.empty();
    }
    if (!routed.get().ready()) {
      // Several providers: put the row off so that those of the providers that are up are not starved behind it.
      unsent.add(sql -> {
        OutboxTransitions.defer(sql, row.id(), now.plus(settings.notReadyDelay()), now);
        return Optional.empty();
      });
      return Optional.empty();
    }
    return routed;
  }

  private Unsent failQueued(DueRow row, FailureCause cause, String error, Instant now) {
    return sql -> OutboxTransitions.settle(sql, row.id(), OutboxStatus.QUEUED, OutboxStatus.FAILED,
        OptionalInt.empty(), error, now) ? Optional.of(() -> metrics.failed(cause)) : Optional.empty();
  }
}
