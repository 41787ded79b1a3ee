package org.kabambe.connectors.ussd;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.Optional;
import org.kabambe.connectors.ussd.ParseResult.Parsed;
import org.kabambe.connectors.ussd.UssdRequest.Kind;

/**
 * Nalo Solutions (Ghana): JSON POSTs with {@code MSGTYPE} true on the first dial; replies echo USERID and MSISDN,
 * with MSGTYPE true to continue. Screens are held to 120 characters. Field list unverified (third-party client).
 */
public final class NaloGateway extends WireFormat {
  public static final String NAME = "nalo";

  public NaloGateway() {
    super(NAME, HttpMethod.POST, Optional.of("application/json"));
  }

  @Override
  public int defaultScreenBudget() {
    return 120;
  }

  @Override
  public ParseResult parse(GatewayRequest request) {
    return ParseResult.attempt(() -> {
      JsonFields json = JsonFields.of(request.body());
      String userId = json.required("USERID");
      String msisdn = CallerNumber.check("MSISDN", json.required("MSISDN"));
      String sessionId = json.required("SESSIONID");
      boolean first = json.requiredFlag("MSGTYPE");
      String input = json.required("USERDATA");
      // Nalo sends no service code: the configured one, else "" (the BEGIN input carries the dialled string).
      UssdRequest hop = new UssdRequest(NAME, sessionId, msisdn, request.serviceCode().orElse(""),
          json.orEmpty("NETWORK"), first ? Kind.BEGIN : Kind.CONTINUE, input, false, request.screenBudget(),
          Optional.empty());
      return new Parsed(hop, Map.of("USERID", userId, "MSISDN", msisdn));
    });
  }

  @Override
  public WireReply write(Parsed hop, UssdReply reply) {
    return WireReply.json(new JsonObject()
        .put("USERID", hop.echoed("USERID"))
        .put("MSISDN", hop.echoed("MSISDN"))
        .put("MSG", reply.text())
        .put("MSGTYPE", !reply.end()));
  }

  @Override
  public WireReply acknowledgeEnd(Parsed hop) {
    return write(hop, UssdReply.endWith(""));
  }
}
