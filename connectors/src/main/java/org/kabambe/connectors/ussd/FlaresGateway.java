package org.kabambe.connectors.ussd;

import io.vertx.core.http.HttpMethod;
import java.util.Map;
import java.util.Optional;
import org.kabambe.connectors.http.FormFields;
import org.kabambe.connectors.ussd.ParseResult.Parsed;
import org.kabambe.connectors.ussd.UssdRequest.Kind;

/**
 * Comviva Flares (Airtel): GETs with {@code SessionID}, {@code MSISDN}, {@code MSC}, {@code input}; the reply is
 * the screen as text with header {@code Freeflow: FC} (continue) or {@code FB} (end).
 *
 * <p>The first hop's input is the dialled code without {@code *}/{@code #} and there is no "new" flag, so a hop
 * is a BEGIN only when a service code is configured and the input starts with it; it then carries the dial
 * string ({@code *384*12*1*2#}). Without a configured code every hop is a CONTINUE.
 */
public final class FlaresGateway extends WireFormat {
  public static final String NAME = "flares";
  private static final String FREEFLOW = "Freeflow";

  public FlaresGateway() {
    super(NAME, HttpMethod.GET, Optional.empty());
  }

  @Override
  public ParseResult parse(GatewayRequest request) {
    return ParseResult.attempt(() -> {
      FormFields query = FormFields.ofQuery(request.rawQuery());
      String sessionId = query.required("SessionID");
      String msisdn = CallerNumber.check("MSISDN", query.required("MSISDN"));
      String input = query.required("input");
      Optional<String> code = request.serviceCode();
      boolean dial = code.map(FlaresGateway::bare).filter(bare -> isDial(input, bare)).isPresent();
      UssdRequest hop = new UssdRequest(NAME, sessionId, msisdn, code.orElse(""), query.orEmpty("MSC"),
          dial ? Kind.BEGIN : Kind.CONTINUE, dial ? "*" + input + "#" : input, false, request.screenBudget(),
          Optional.empty());
      return new Parsed(hop);
    });
  }

  private static boolean isDial(String input, String bareCode) {
    return !bareCode.isEmpty() && (input.equals(bareCode) || input.startsWith(bareCode + "*"));
  }

  /** {@code *384*12#} as Flares sends it: {@code 384*12}. */
  private static String bare(String serviceCode) {
    String code = serviceCode.strip();
    code = code.startsWith("*") ? code.substring(1) : code;
    return code.endsWith("#") ? code.substring(0, code.length() - 1) : code;
  }

  @Override
  public WireReply write(Parsed hop, UssdReply reply) {
    return new WireReply(200,
        Map.of("Content-Type", WireReply.TEXT_PLAIN, FREEFLOW, reply.end() ? "FB" : "FC"), reply.text());
  }

  @Override
  public WireReply acknowledgeEnd(Parsed hop) {
    return write(hop, UssdReply.endWith(""));
  }
}
