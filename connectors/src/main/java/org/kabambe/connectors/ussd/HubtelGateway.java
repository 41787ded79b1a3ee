package org.kabambe.connectors.ussd;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.kabambe.connectors.http.BadFieldException;
import org.kabambe.connectors.ussd.ParseResult.Parsed;
import org.kabambe.connectors.ussd.SessionEnd.Reason;
import org.kabambe.connectors.ussd.UssdRequest.Kind;

/**
 * Hubtel (Ghana): JSON POSTs typed Initiation, Response, Release or Timeout; the initiation carries the whole
 * dialled string, later hops only the current input; replies are JSON typed Response or Release. {@code Sequence}
 * numbers the hops of a session: it tells a retry (same number) from the same input typed again.
 */
public final class HubtelGateway extends WireFormat {
  public static final String NAME = "hubtel";
  private static final String CLIENT_STATE = "ClientState";

  public HubtelGateway() {
    super(NAME, HttpMethod.POST, Optional.of("application/json"));
  }

  @Override
  public ParseResult parse(GatewayRequest request) {
    return ParseResult.attempt(() -> {
      JsonFields json = JsonFields.of(request.body());
      String sessionId = json.required("SessionId");
      String msisdn = CallerNumber.check("Mobile", json.required("Mobile"));
      String type = json.required("Type").toLowerCase(Locale.ROOT);
      Optional<SessionEnd> end = switch (type) {
        case "initiation", "response" -> Optional.empty();
        case "release" -> Optional.of(SessionEnd.of(Reason.RELEASED, "Release"));
        case "timeout" -> Optional.of(SessionEnd.of(Reason.TIMED_OUT, "Timeout"));
        default -> throw new BadFieldException(
            "field 'Type' must be one of Initiation, Response, Release, Timeout");
      };
      Kind kind = end.isPresent() ? Kind.END : type.equals("initiation") ? Kind.BEGIN : Kind.CONTINUE;
      String serviceCode = kind == Kind.BEGIN
          ? json.required("ServiceCode")
          : json.optional("ServiceCode").or(request::serviceCode).orElse("");
      String input = kind == Kind.END ? json.orEmpty("Message") : json.required("Message");
      UssdRequest hop = new UssdRequest(NAME, sessionId, msisdn, serviceCode, json.orEmpty("Operator"), kind,
          input, false, request.screenBudget(), end, json.orEmpty("Sequence"));
      return new Parsed(hop, Map.of(CLIENT_STATE, json.orEmpty(CLIENT_STATE)));
    });
  }

  @Override
  public WireReply write(Parsed hop, UssdReply reply) {
    return WireReply.json(new JsonObject()
        .put("Type", reply.end() ? "Release" : "Response")
        .put("Message", reply.text())
        .put(CLIENT_STATE, hop.echoed(CLIENT_STATE)));
  }

  @Override
  public WireReply acknowledgeEnd(Parsed hop) {
    return write(hop, UssdReply.endWith(""));
  }
}
