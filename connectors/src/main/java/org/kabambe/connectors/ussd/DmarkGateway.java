package org.kabambe.connectors.ussd;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.util.Optional;
import org.kabambe.connectors.http.FormFields;
import org.kabambe.connectors.ussd.ParseResult.Parsed;
import org.kabambe.connectors.ussd.UssdRequest.Kind;

/**
 * DMark (Uganda): GETs with {@code response=false} on a new session; replies are JSON with
 * {@code responseString} and {@code action} {@code request} (continue) or {@code end}.
 */
public final class DmarkGateway extends WireFormat {
  public static final String NAME = "dmark";

  public DmarkGateway() {
    super(NAME, HttpMethod.GET, Optional.empty());
  }

  @Override
  public ParseResult parse(GatewayRequest request) {
    return ParseResult.attempt(() -> {
      FormFields query = FormFields.ofQuery(request.rawQuery());
      String sessionId = query.required("transactionId");
      String msisdn = CallerNumber.check("msisdn", query.required("msisdn"));
      String serviceCode = query.required("ussdServiceCode");
      String input = query.required("ussdRequestString");
      boolean continuing = Flags.parse(query.required("response"), "response");
      return new Parsed(new UssdRequest(NAME, sessionId, msisdn, serviceCode, "",
          continuing ? Kind.CONTINUE : Kind.BEGIN, input, false, request.screenBudget(), Optional.empty()));
    });
  }

  @Override
  public WireReply write(Parsed hop, UssdReply reply) {
    return WireReply.json(new JsonObject()
        .put("responseString", reply.text())
        .put("action", reply.end() ? "end" : "request"));
  }

  @Override
  public WireReply acknowledgeEnd(Parsed hop) {
    return write(hop, UssdReply.endWith(""));
  }
}
