package org.kabambe.connectors.ussd;

import io.vertx.core.Future;

/**
 * What the engine implements to answer USSD hops; called on an event loop, so it must never block.
 *
 * <p>For {@link UssdRequest.Kind#END} hops the reply is ignored (the gateway answers what its protocol expects),
 * but the returned future is still awaited so the engine can record the end before the gateway is acknowledged.
 * A failed future becomes a polite end screen.
 */
@FunctionalInterface
public interface UssdHandler {
  Future<UssdReply> handle(UssdRequest request);
}
