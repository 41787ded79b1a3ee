package org.kabambe.connectors.ussd;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The adapters Kabambe ships, by name. */
public final class UssdGateways {
  private UssdGateways() {}

  /** Every built-in adapter: africastalking, hubtel, nalo, flares, dmark, generic. */
  public static Map<String, UssdGateway> standard() {
    return List.of(new AfricasTalkingGateway(), new HubtelGateway(), new NaloGateway(), new FlaresGateway(),
            new DmarkGateway(), new GenericJsonGateway())
        .stream()
        .collect(Collectors.toUnmodifiableMap(UssdGateway::name, Function.identity()));
  }
}
