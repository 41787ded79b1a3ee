package org.kabambe.webhook;

import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.kabambe.runtime.WebhookCall;
import org.kabambe.runtime.WebhookOutcome;

/**
 * Webhooks for command-line tools (the simulator), which may wait: the same client as the server, awaited on
 * the calling thread. Never use it on an event loop.
 */
public final class BlockingWebhooks implements AutoCloseable {
  private Vertx vertx;
  private WebhookClient client;

  public WebhookOutcome call(WebhookCall call, Duration budget) {
    if (client == null) { // started on first use: most simulated flows call no webhook
      vertx = Vertx.vertx();
      client = new WebhookClient(vertx);
    }
    try {
      return client.call(call, budget).toCompletionStage().toCompletableFuture()
          .get(budget.toMillis() + 5_000, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return WebhookOutcome.failed("interrupted");
    } catch (ExecutionException | TimeoutException e) {
      return WebhookOutcome.failed("timeout");
    }
  }

  @Override
  public void close() {
    if (client == null) return;
    client.close();
    vertx.close();
  }
}
