package org.kabambe.connectors.ussd;

import io.vertx.core.http.HttpMethod;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.kabambe.connectors.http.BadFieldException;
import org.kabambe.connectors.http.FormFields;
import org.kabambe.connectors.ussd.ParseResult.Parsed;
import org.kabambe.connectors.ussd.SessionEnd.Reason;
import org.kabambe.connectors.ussd.UssdRequest.Kind;

/**
 * Africa's Talking: form POSTs whose {@code text} is every input so far joined by {@code *}, answered with
 * {@code CON }/{@code END } plain text; the end-of-session notification is the same URL with a {@code status} field.
 */
public final class AfricasTalkingGateway extends WireFormat {
  public static final String NAME = "africastalking";

  public AfricasTalkingGateway() {
    super(NAME, HttpMethod.POST, Optional.of("application/x-www-form-urlencoded"));
  }

  @Override
  public ParseResult parse(GatewayRequest request) {
    return ParseResult.attempt(() -> {
      FormFields form = FormFields.ofForm(request.body());
      return form.has("status") ? endOfSession(form, request) : hop(form, request);
    });
  }

  private Parsed hop(FormFields form, GatewayRequest request) {
    String sessionId = form.required("sessionId");
    String msisdn = CallerNumber.check("phoneNumber", form.required("phoneNumber"));
    String serviceCode = form.required("serviceCode");
    String text = form.required("text");
    // "" only on the first hop; afterwards the whole history, which the engine diffs against the previous hop.
    Kind kind = text.isEmpty() ? Kind.BEGIN : Kind.CONTINUE;
    return new Parsed(new UssdRequest(NAME, sessionId, msisdn, serviceCode, form.orEmpty("networkCode"), kind,
        text, kind == Kind.CONTINUE, request.screenBudget(), Optional.empty()));
  }

  private Parsed endOfSession(FormFields form, GatewayRequest request) {
    String sessionId = form.required("sessionId");
    String status = form.required("status");
    SessionEnd end = new SessionEnd(reason(status), status, number(form, "durationInMillis"),
        hops(form), form.orEmpty("errorMessage"));
    return new Parsed(new UssdRequest(NAME, sessionId, form.orEmpty("phoneNumber"),
        form.optional("serviceCode").or(request::serviceCode).orElse(""), form.orEmpty("networkCode"), Kind.END,
        form.orEmpty("input"), false, request.screenBudget(), Optional.of(end)));
  }

  private static Reason reason(String status) {
    return switch (status.toLowerCase(Locale.ROOT)) {
      case "success" -> Reason.COMPLETED;
      case "incomplete" -> Reason.INCOMPLETE;
      case "failed" -> Reason.FAILED;
      default -> Reason.OTHER;
    };
  }

  private static OptionalLong number(FormFields form, String field) {
    Optional<String> text = form.optional(field).filter(value -> !value.isBlank());
    if (text.isEmpty()) {
      return OptionalLong.empty();
    }
    try {
      return OptionalLong.of(Long.parseLong(text.get().trim()));
    } catch (NumberFormatException e) {
      throw new BadFieldException("field '" + field + "' must be a whole number");
    }
  }

  private static OptionalInt hops(FormFields form) {
    OptionalLong hops = number(form, "hopsCount");
    return hops.isPresent() ? OptionalInt.of((int) Math.min(Integer.MAX_VALUE, hops.getAsLong())) : OptionalInt.empty();
  }

  @Override
  public WireReply write(Parsed hop, UssdReply reply) {
    return WireReply.text((reply.end() ? "END " : "CON ") + reply.text());
  }

  @Override
  public WireReply acknowledgeEnd(Parsed hop) {
    return WireReply.text("");
  }
}
