/**
 * SMPP 3.4 over jSMPP: {@link org.kabambe.connectors.smpp.SmppProvider} (an ESME bind implementing
 * {@link org.kabambe.connectors.sms.SmsProvider}) and {@link org.kabambe.connectors.smpp.SmscSimulator} (an
 * in-process SMSC for tests and demos; {@code scripts/smsc-sim} on the command line).
 *
 * <p>Composition: {@code SmppProvider p = SmppProvider.start("smpp://ID:PW@host:2775?tps=50&window=10", engine)};
 * {@code p.ready()} once bound; {@code p.submit(sms)} from any thread; {@code p.metrics()} for counters;
 * {@code p.close()} to unbind. The bind URL's parameters are listed in
 * {@link org.kabambe.connectors.smpp.SmppBindConfig#parse}; errors name the bad part.
 *
 * <p>Design notes:
 * <ul>
 *   <li><b>GSM-7 goes out unpacked</b> with data_coding 0x00: one septet per octet, extension characters as
 *       {@code 1B xx} ({@link org.kabambe.connectors.sms.Gsm7Codec}). That is what Kannel, Jasmin and most operator
 *       SMSCs expect over SMPP (they pack for the air). An SMSC that mangles data_coding 0 can be given
 *       {@code encoding=ucs2}: every text then goes out as UCS-2 in parts of at most 67 units. Unverified per
 *       operator: packed GSM-7 and Latin-1 (data_coding 3) are not offered.</li>
 *   <li><b>Concatenation is a bind setting</b> ({@code concat=udh|sar|payload}). UDH parts carry
 *       {@code 05 00 03 ref total seq} with esm_class 0x40 and 153 septets / 67 UCS-2 units; SAR parts are planned
 *       for 152 / 66 because the SMSC may rebuild them with a 16-bit-reference UDH; payload sends the whole text in
 *       one submit_sm (message_payload 0x0424) and returns one id. References rotate per message. A receipt is
 *       requested for every part, so a long message gets one id (and receipt) per part.</li>
 *   <li><b>Submit outcomes.</b> submit_sm_resp 0 is Accepted (one id per part). 0x58, 0x14 and 0x04 (not bound)
 *       are Retry, as is a submit made while unbound or whose write failed (an incomplete PDU is never processed).
 *       A missing or invalid response within the transaction timer ({@code timeout=}) is Unknown: the SMSC may have
 *       it. Other statuses are Rejected with the status; {@link org.kabambe.connectors.smpp.SmppStatus#LOCAL} (-1)
 *       marks refusals that never reached the SMSC. A failure after some parts were accepted reports the failure,
 *       naming the accepted ids in the reason. The provider does not pace: the engine's sender applies
 *       {@code tps()}.</li>
 *   <li><b>Durable before acknowledged.</b> jSMPP answers deliver_sm when the listener returns, so the listener
 *       waits (up to {@code ack_timeout}) on the handler's stage, on jSMPP's PDU threads (sized window + 16 so that
 *       submit responses are never starved). Failure or timeout answers ESME_RX_T_APPN (0x64) and the SMSC
 *       redelivers: the engine must de-duplicate receipts by id and state (an MO redelivery has no id: "" ).</li>
 *   <li><b>Receipts</b> prefer the receipted_message_id / message_state TLVs and fall back to the text
 *       ({@code id: … stat: … err:}, 10- or 12-digit dates). {@code receipt_id=decimal} (submit ids hex, receipts
 *       decimal) or {@code hex} (the reverse) normalises both sides, lower-case hex without leading zeros / decimal,
 *       like Kannel's msg-id-type; the default compares ids as given. {@code DeliveryReport.at} is when the receipt
 *       arrived: the receipt's dates carry no time zone. Receipts without an id are counted
 *       ({@code metrics().unknownReceipts()}), acknowledged and dropped, never fatal.</li>
 *   <li><b>Concatenated MO</b> (UDH 8- or 16-bit reference, or SAR TLVs) is reassembled in memory. Each earlier
 *       part is acknowledged when buffered (SMSCs with a deliver window of 1 wait for that before sending the next);
 *       the last part is acknowledged only once the whole message is durable, and a failed store keeps the parts so
 *       that the redelivered last part completes it again. A message whose parts do not all arrive within
 *       {@code mo_timeout} (default 60 s) is delivered with what arrived, in order, and counted in
 *       {@code metrics().incompleteInbound()}: a participant's partial answer is worth more than silence. The cost:
 *       buffered parts are lost if the process dies before the last part arrives.</li>
 *   <li><b>Reconnects.</b> jSMPP has none: {@code SessionKeeper} rebinds on CLOSED and after failed binds with
 *       exponential backoff from {@code reconnect_min} (1 s) to {@code reconnect_max} (30 s), scaled by a random
 *       factor in [0.5, 1). {@code type=txrx} keeps a BIND_TX and a BIND_RX session, each with its own loop;
 *       {@code ready()} follows the transmitter.</li>
 *   <li><b>USSD over SMPP</b> is a bind setting ({@code ussd=default}, see {@link org.kabambe.connectors.smpp.UssdProfile}):
 *       deliver_sm carrying ussd_service_op become hops for the engine's {@code UssdHandler} (0x01 begin, 0x12
 *       continue, 0x11 or its_session_info's end bit close) and each screen goes back at once as a submit_sm on the
 *       bind (0x02 to continue, 0x11 + end bit to close, echoing the session number), never through the SMS outbox: a
 *       screen is useless seconds later and is never retried. The deliver_sm is acknowledged when handed over. USSD
 *       replies share the submit pool with SMS: a bind carrying both should get a window that SMS bursts do not
 *       fill.</li>
 *   <li><b>The simulator</b> answers submits with hex ids, reassembles every concat mode, sends receipts (TLV, text
 *       or both; ids in hex or decimal), injects MO, throttles a deterministic share of submits with 0x58, delays
 *       responses, drops connections and rejects binds. jSMPP's server side fails on the body-less error
 *       deliver_sm_resp that jSMPP clients send; the simulator treats that, and any unanswered deliver_sm, as
 *       "not acknowledged" and delivers again after {@code redeliveryDelay}.</li>
 * </ul>
 */
package org.kabambe.connectors.smpp;
