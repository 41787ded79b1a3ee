package org.kabambe.api;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * The dashboard's web simulator's way into the running server: whether the generic USSD gateway is open, and one
 * hop through the same USSD service the gateways call. (Not the SMSC simulator, nor the {@code simulator} package.)
 */
public interface SimulatorGateway {
  /** Whether {@code POST /ussd/generic} needs no token and admits any address. */
  boolean gatewayOpen();

  /** One hop of Kabambe's generic JSON format ({@code sessionId, msisdn, serviceCode, input, new}). */
  Future<JsonObject> hop(String sessionId, String msisdn, String serviceCode, String input, boolean fresh);
}
