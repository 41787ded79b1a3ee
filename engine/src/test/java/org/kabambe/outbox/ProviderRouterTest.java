package org.kabambe.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProviderRouterTest {
  private final ScriptedProvider kenya = new ScriptedProvider("africastalking", 10, Ticker.SYSTEM);
  private final ScriptedProvider safaricom = new ScriptedProvider("smpp:safaricom", 100, Ticker.SYSTEM);
  private final ScriptedProvider fallback = new ScriptedProvider("smpp:main", 50, Ticker.SYSTEM);

  @Test
  void theLongestMatchingPrefixWinsElseTheFallback() {
    var router = ProviderRouter.single(fallback).withPrefix("+254", kenya).withPrefix("+25471", safaricom);
    assertEquals(Optional.of(safaricom), router.route("+254712345678"));
    assertEquals(Optional.of(kenya), router.route("+254100000000"));
    assertEquals(Optional.of(fallback), router.route("+233200000000"));
    assertEquals(List.of(safaricom, kenya, fallback), router.providers());
  }

  @Test
  void aNumberNoRouteMatchesHasNoProviderWithoutAFallback() {
    var router = new ProviderRouter(List.of(new ProviderRouter.Route("+254", kenya)), Optional.empty());
    assertEquals(Optional.empty(), router.route("+233200000000"));
  }
}
