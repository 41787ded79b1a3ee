package org.kabambe.connectors.ussd;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.util.Optional;
import org.kabambe.connectors.ussd.ParseResult.Parsed;
import org.kabambe.connectors.ussd.UssdRequest.Kind;

/**
 * Kabambe's own format for integrators: POST {@code {sessionId, msisdn, serviceCode, input, new}} (optional
 * {@code network}, and {@code requestId}: the same id on a resent request marks it a retry), answered with
 * {@code {"text": "...", "end": false}}.
 */
public final class GenericJsonGateway extends WireFormat {
  public static final String NAME = "generic";

  public GenericJsonGateway() {
    super(NAME, HttpMethod.POST, Optional.of("application/json"));
  }

  @Override
  public ParseResult parse(GatewayRequest request) {
    return ParseResult.attempt(() -> {
      JsonFields json = JsonFields.of(request.body());
      String sessionId = json.required("sessionId");
      String msisdn = CallerNumber.check("msisdn", json.required("msisdn"));
      String serviceCode = json.required("serviceCode");
      String input = json.required("input");
      boolean fresh = json.requiredFlag("new");
      return new Parsed(new UssdRequest(NAME, sessionId, msisdn, serviceCode, json.orEmpty("network"),
          fresh ? Kind.BEGIN : Kind.CONTINUE, input, false, request.screenBudget(), Optional.empty(),
          json.orEmpty("requestId")));
    });
  }

  @Override
  public WireReply write(Parsed hop, UssdReply reply) {
    return WireReply.json(new JsonObject().put("text", reply.text()).put("end", reply.end()));
  }

  @Override
  public WireReply acknowledgeEnd(Parsed hop) {
    return write(hop, UssdReply.endWith(""));
  }
}
