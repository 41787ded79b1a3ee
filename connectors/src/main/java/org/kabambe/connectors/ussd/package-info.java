/**
 * USSD aggregator adapters: each gateway's HTTP format in, neutral {@link org.kabambe.connectors.ussd.UssdRequest}
 * out, {@link org.kabambe.connectors.ussd.UssdReply} back in the gateway's format.
 *
 * <p>Composition: {@code UssdRoutes.standard(Map.of("africastalking", GatewayConfig.withToken(secret)), engine)
 * .mount(router)}. Only gateways given a {@link org.kabambe.connectors.ussd.GatewayConfig} are exposed.
 *
 * <p>Design notes (where this package departs from the obvious):
 * <ul>
 *   <li>Adapters are stateless, so Africa's Talking and Flares cannot always tell a new session: AT marks BEGIN only
 *       when {@code text} is empty (a dial with pre-filled input arrives as CONTINUE "1*2"); Flares marks BEGIN only
 *       when a service code is configured and the input starts with it. The engine treats a CONTINUE for a session
 *       it has never seen as a new session carrying that input.</li>
 *   <li>Bodies are read by {@code http.BoundedBody}, not Vert.x's BodyHandler, and routes use a capture-free regex, not
 *       path parameters: both would make Vert.x decode form bodies or query strings itself and answer malformed
 *       percent-encoding with a bare 400 that does not name the field.</li>
 *   <li>Long GET queries: Vert.x's default {@code maxInitialLineLength} (4096) answers 414 for a 1000-character input
 *       that is percent-encoded non-ASCII; the composition root should raise it (16 KiB) for Flares and DMark.</li>
 *   <li>The allowlist checks the socket's address; behind a proxy, enable the router's forwarded-header support
 *       explicitly ({@code router.allowForward(...)}), since those headers are spoofable.</li>
 * </ul>
 */
package org.kabambe.connectors.ussd;
