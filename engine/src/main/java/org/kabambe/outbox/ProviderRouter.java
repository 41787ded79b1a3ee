package org.kabambe.outbox;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.kabambe.connectors.sms.SmsProvider;

/** Chooses the provider for a number: the longest matching prefix (e.g. {@code +254}), else the fallback. */
public final class ProviderRouter {
  /** Numbers starting with {@code prefix} go through {@code provider}. */
  public record Route(String prefix, SmsProvider provider) {
    public Route {
      Objects.requireNonNull(prefix, "prefix");
      Objects.requireNonNull(provider, "provider");
    }
  }

  private final List<Route> routes;
  private final Optional<SmsProvider> fallback;

  public ProviderRouter(List<Route> routes, Optional<SmsProvider> fallback) {
    var sorted = new ArrayList<>(routes);
    sorted.sort(Comparator.comparingInt((Route r) -> r.prefix().length()).reversed());
    this.routes = List.copyOf(sorted);
    this.fallback = Objects.requireNonNull(fallback, "fallback");
  }

  /** Every number through one provider. */
  public static ProviderRouter single(SmsProvider provider) {
    return new ProviderRouter(List.of(), Optional.of(provider));
  }

  /** This router plus a prefix route. */
  public ProviderRouter withPrefix(String prefix, SmsProvider provider) {
    var more = new ArrayList<>(routes);
    more.add(new Route(prefix, provider));
    return new ProviderRouter(more, fallback);
  }

  /** The provider for {@code phone}, empty when no route matches and there is no fallback. */
  public Optional<SmsProvider> route(String phone) {
    return routes.stream().filter(r -> phone.startsWith(r.prefix())).map(Route::provider).findFirst()
        .or(() -> fallback);
  }

  /** Every provider a route names, once each. */
  public List<SmsProvider> providers() {
    var all = new LinkedHashSet<SmsProvider>();
    routes.forEach(r -> all.add(r.provider()));
    fallback.ifPresent(all::add);
    return List.copyOf(all);
  }
}
