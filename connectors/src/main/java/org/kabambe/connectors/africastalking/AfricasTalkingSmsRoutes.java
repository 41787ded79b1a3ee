package org.kabambe.connectors.africastalking;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.kabambe.connectors.http.BadFieldException;
import org.kabambe.connectors.http.BoundedBody;
import org.kabambe.connectors.http.FormFields;
import org.kabambe.connectors.http.ResponseWriter;
import org.kabambe.connectors.sms.DeliveryReport;
import org.kabambe.connectors.sms.InboundSms;
import org.kabambe.connectors.sms.SmsHandler;
import org.kabambe.connectors.ussd.GatewayConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mounts Africa's Talking's SMS callbacks: {@value #INBOUND_PATH} (a message from a participant) and
 * {@value #DELIVERY_PATH} (a delivery report), each also under {@code /<token>}. Admission follows the USSD
 * routes' {@link GatewayConfig} (token, allowlist). A callback is answered 200 only after the {@link SmsHandler}
 * made it durable, 500 if it could not (so Africa's Talking may send it again), 400 naming a missing or
 * malformed field (decoded strictly by {@link FormFields}: bad percent-encoding or UTF-8 is refused, not replaced).
 */
public final class AfricasTalkingSmsRoutes {
  public static final String INBOUND_PATH = "/sms/africastalking/inbound";
  public static final String DELIVERY_PATH = "/sms/africastalking/delivery";
  /** Largest callback body accepted; real ones are a few hundred bytes (an inbound text is at most a few KB). */
  public static final int BODY_LIMIT = 16 * 1024;

  private static final Logger LOG = LoggerFactory.getLogger(AfricasTalkingSmsRoutes.class);

  private final String provider;
  private final GatewayConfig config;
  private final SmsHandler handler;
  private final Clock clock;

  /**
   * @param provider the name the {@link AfricasTalkingSmsProvider} sends under, so receipts find its messages
   * @param clock stamps inbound messages and receipts (the callbacks' own dates are not reliably zoned)
   */
  public AfricasTalkingSmsRoutes(String provider, GatewayConfig config, SmsHandler handler, Clock clock) {
    this.provider = Objects.requireNonNull(provider, "provider");
    this.config = Objects.requireNonNull(config, "config");
    this.handler = Objects.requireNonNull(handler, "handler");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Adds both callbacks to {@code router}. */
  public void mount(Router router) {
    mount(router, INBOUND_PATH, this::inbound);
    mount(router, DELIVERY_PATH, this::delivery);
  }

  private void mount(Router router, String path, Function<FormFields, CompletionStage<Void>> action) {
    for (String route : new String[] {path, path + "/:token"}) {
      router.route(route)
          .handler(new CallbackAdmission(config))
          .handler(new BoundedBody(BODY_LIMIT))
          .handler(ctx -> answer(ctx, action))
          .failureHandler(AfricasTalkingSmsRoutes::failed);
    }
  }

  private CompletionStage<Void> inbound(FormFields form) {
    var message = new InboundSms(provider, form.required("from"), form.required("to"), form.required("text"),
        form.orEmpty("id"), clock.instant());
    return Objects.requireNonNull(handler.inbound(message), "SMS handler returned no stage");
  }

  private CompletionStage<Void> delivery(FormFields form) {
    String id = form.required("id");
    String status = form.required("status");
    var report = new DeliveryReport(provider, id, state(status), form.orEmpty("failureReason"),
        clock.instant());
    return Objects.requireNonNull(handler.receipt(report), "SMS handler returned no stage");
  }

  /** Africa's Talking's delivery statuses as SMPP message states; an unfamiliar one is not final. */
  static DeliveryReport.State state(String status) {
    return switch (status.strip().toLowerCase(Locale.ROOT)) {
      case "success" -> DeliveryReport.State.DELIVERED;
      case "sent", "buffered" -> DeliveryReport.State.ENROUTE;
      case "rejected" -> DeliveryReport.State.REJECTED;
      case "failed" -> DeliveryReport.State.UNDELIVERABLE;
      default -> DeliveryReport.State.UNKNOWN;
    };
  }

  private void answer(RoutingContext ctx, Function<FormFields, CompletionStage<Void>> action) {
    CompletionStage<Void> stage;
    try {
      stage = action.apply(FormFields.ofForm(BoundedBody.of(ctx)));
    } catch (BadFieldException e) {
      plain(ctx, 400, e.getMessage());
      return;
    } catch (RuntimeException e) {
      stage = Future.<Void>failedFuture(e).toCompletionStage();
    }
    String path = ctx.currentRoute().getPath();
    // Completions may come on any thread: write the response back on the request's context.
    var context = ctx.vertx().getOrCreateContext();
    stage.whenComplete((done, failure) -> context.runOnContext(v -> {
      if (failure != null) {
        // Logged without numbers: they are personal data.
        LOG.warn("Africa's Talking callback {} could not be recorded", path, failure);
        plain(ctx, 500, "could not record the callback; send it again");
      } else {
        plain(ctx, 200, "OK");
      }
    }));
  }

  private static void failed(RoutingContext ctx) {
    int status = ctx.statusCode();
    if (status >= 400 && status < 500) {
      plain(ctx, status, "bad request");
    } else {
      LOG.warn("Africa's Talking callback route failed", ctx.failure());
      plain(ctx, 500, "internal error");
    }
  }

  static void plain(RoutingContext ctx, int status, String message) {
    ResponseWriter.plain(ctx, status, message);
  }
}
