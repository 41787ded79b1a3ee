package org.kabambe.connectors.ussd;

import io.vertx.core.http.HttpMethod;
import java.util.Optional;

/** One aggregator's wire format: how its requests become {@link UssdRequest}s and replies become its bodies. */
public interface UssdGateway {

  /** The name in the URL, {@code /ussd/<name>}. */
  String name();

  /** The one HTTP method the gateway calls with; others get 405. */
  HttpMethod method();

  /** The media type a body must have (parameters such as charset ignored); empty for body-less GET gateways. */
  Optional<String> contentType();

  /** Characters per screen unless configured otherwise. */
  default int defaultScreenBudget() {
    return 182;
  }

  /** Turns a request into a hop, or a problem naming the missing or malformed field. */
  ParseResult parse(GatewayRequest request);

  /** The wire answer showing {@code reply} for a BEGIN or CONTINUE hop. */
  WireReply write(ParseResult.Parsed hop, UssdReply reply);

  /** The wire answer acknowledging an END hop (release, timeout, end-of-session notification). */
  WireReply acknowledgeEnd(ParseResult.Parsed hop);
}
