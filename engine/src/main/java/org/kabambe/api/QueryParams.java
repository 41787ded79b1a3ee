package org.kabambe.api;

import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.kabambe.analytics.SimulatedNumbers;

/** The query parameters every API route reads the same way, each refused with a {@link BadParameter} naming it. */
final class QueryParams {
  private QueryParams() {}

  /** The parameter's value without surrounding blanks; empty when absent or blank. */
  static Optional<String> param(RoutingContext ctx, String name) {
    return Optional.ofNullable(ctx.request().getParam(name)).map(String::strip).filter(s -> !s.isEmpty());
  }

  /** {@code channel}: ussd, sms or the web simulator's; empty for all. */
  static Optional<String> channel(RoutingContext ctx) {
    Optional<String> channel = param(ctx, "channel");
    if (channel.isPresent() && !List.of("ussd", "sms", SimulatedNumbers.CHANNEL).contains(channel.get())) {
      throw new BadParameter("channel", "channel must be ussd, sms or " + SimulatedNumbers.CHANNEL
          + " (the web simulator) (got '" + channel.get() + "')");
    }
    return channel;
  }

  /** True for CSV: {@code format=csv}, or no {@code format} and an {@code Accept: text/csv} header. */
  static boolean csv(RoutingContext ctx) {
    Optional<String> format = param(ctx, "format").map(f -> f.toLowerCase(Locale.ROOT));
    if (format.isPresent() && !format.get().equals("json") && !format.get().equals("csv")) {
      throw new BadParameter("format", "format must be json or csv (got '" + format.get() + "')");
    }
    String accept = Optional.ofNullable(ctx.request().getHeader("Accept")).orElse("");
    return format.map("csv"::equals).orElse(accept.toLowerCase(Locale.ROOT).contains("text/csv"));
  }

  /** A share or rate as the API writes it: four decimals. */
  static double round(double d) {
    return Math.round(d * 10_000) / 10_000.0;
  }
}
