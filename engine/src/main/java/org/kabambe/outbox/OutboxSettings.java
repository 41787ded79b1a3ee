package org.kabambe.outbox;

import java.time.Duration;
import java.util.Objects;
import org.kabambe.connectors.retry.Backoff;

/**
 * How the sender works.
 *
 * @param batchSize due rows read per poll
 * @param pollInterval how long an idle sender waits before looking again ({@link OutboxSender#wake} cuts it short)
 * @param maxInFlight rows claimed and awaiting their result at once; also bounds what a crash can leave unknown
 * @param burst tokens a provider's bucket stores (1: evenly spaced submits)
 * @param backoff delay before retrying what the provider asked to retry
 * @param maxAttempts attempts after which a still-retried message fails
 * @param defaultValidity how long a row without {@code expires_at} may wait to be sent
 * @param notReadyDelay how long to put a row back when its provider is not ready (not counted as an attempt)
 * @param unknownOutcome the crash rule (see {@link OutboxSender})
 * @param nodeId names this sender in {@code claimed_by}; at start-up it settles only its own claims
 */
public record OutboxSettings(int batchSize, Duration pollInterval, int maxInFlight, int burst, Backoff backoff,
                             int maxAttempts, Duration defaultValidity, Duration notReadyDelay,
                             UnknownOutcomeRule unknownOutcome, String nodeId) {
  public OutboxSettings {
    Objects.requireNonNull(pollInterval, "pollInterval");
    Objects.requireNonNull(backoff, "backoff");
    Objects.requireNonNull(defaultValidity, "defaultValidity");
    Objects.requireNonNull(notReadyDelay, "notReadyDelay");
    Objects.requireNonNull(unknownOutcome, "unknownOutcome");
    Objects.requireNonNull(nodeId, "nodeId");
    if (batchSize <= 0 || maxInFlight <= 0 || burst <= 0 || maxAttempts <= 0) {
      throw new IllegalArgumentException("batch size, in-flight limit, burst and attempts must be positive");
    }
  }

  /**
   * 100-row polls every 500 ms, 256 in flight, backoff 2 s doubling to 10 min, 20 attempts, 24 h validity. 256 in
   * flight lets an uncapped bind claim 100 rows a commit (bench-sms: 64 gave rounds of ~10 rows and a flush per
   * round at twice the CPU a submit); at a real bind's rate a claim is ~50 ms of it anyway.
   */
  public static OutboxSettings defaults() {
    return new OutboxSettings(100, Duration.ofMillis(500), 256, 1,
        new Backoff(Duration.ofSeconds(2), Duration.ofMinutes(10)), 20, Duration.ofHours(24), Duration.ofSeconds(1),
        UnknownOutcomeRule.AT_MOST_ONCE, "local");
  }

  public OutboxSettings withPollInterval(Duration interval) {
    return new OutboxSettings(batchSize, interval, maxInFlight, burst, backoff, maxAttempts, defaultValidity,
        notReadyDelay, unknownOutcome, nodeId);
  }

  public OutboxSettings withBackoff(Backoff newBackoff) {
    return new OutboxSettings(batchSize, pollInterval, maxInFlight, burst, newBackoff, maxAttempts, defaultValidity,
        notReadyDelay, unknownOutcome, nodeId);
  }

  public OutboxSettings withMaxAttempts(int attempts) {
    return new OutboxSettings(batchSize, pollInterval, maxInFlight, burst, backoff, attempts, defaultValidity,
        notReadyDelay, unknownOutcome, nodeId);
  }

  public OutboxSettings withDefaultValidity(Duration validity) {
    return new OutboxSettings(batchSize, pollInterval, maxInFlight, burst, backoff, maxAttempts, validity,
        notReadyDelay, unknownOutcome, nodeId);
  }

  /** Names this node in {@code claimed_by} (see {@code kabambe serve --node-name}). */
  public OutboxSettings withNodeId(String node) {
    return new OutboxSettings(batchSize, pollInterval, maxInFlight, burst, backoff, maxAttempts, defaultValidity,
        notReadyDelay, unknownOutcome, node);
  }

  public OutboxSettings withUnknownOutcome(UnknownOutcomeRule rule) {
    return new OutboxSettings(batchSize, pollInterval, maxInFlight, burst, backoff, maxAttempts, defaultValidity,
        notReadyDelay, rule, nodeId);
  }
}
