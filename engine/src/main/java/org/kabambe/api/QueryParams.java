package org.kabambe.api;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.kabambe.analytics.Period;
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

  /** A whole number of at least 1 ({@code page}, {@code n}); {@code dflt} when absent. */
  static int count(RoutingContext ctx, String name, int dflt) {
    String s = param(ctx, name).orElse(Integer.toString(dflt));
    try {
      int n = Integer.parseInt(s);
      if (n < 1) throw new NumberFormatException();
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a whole number of at least 1 (got '" + s + "')");
    }
  }

  /** {@code from}, {@code to} (ISO dates, UTC, to exclusive; default: all time to today) and {@code channel}. */
  static Period period(RoutingContext ctx, Clock clock) {
    LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    Period all = Period.allUntil(today);
    try {
      LocalDate from = param(ctx, "from").map(LocalDate::parse).orElse(all.from());
      LocalDate to = param(ctx, "to").map(LocalDate::parse).orElse(all.to());
      return new Period(from, to, channel(ctx));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("from and to must be dates like 2025-03-01: " + e.getParsedString());
    }
  }

  /** The period as answers echo it back, so a chart can label what it shows. */
  static JsonObject periodJson(Period p) {
    return new JsonObject().put("from", p.from().toString()).put("to", p.to().toString())
        .put("channel", p.channel().orElse("all"));
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
