package org.kabambe.connectors.smpp;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.kabambe.connectors.sms.DeliveryReport;

/**
 * An in-process SMSC for tests and demos (jSMPP server side): accepts binds, answers submit_sm with hex ids,
 * reassembles long messages, sends delivery receipts after a delay, injects MO (plain or concatenated), drives USSD
 * sessions, and misbehaves on request: throttling, slow responses, dropped connections, rejected binds.
 * A facade over {@link BindAcceptor}, {@link SubmitAnswerer}, {@link SubmittedMessages}, {@link DeliveryReceipts},
 * {@link MoInjector}, {@link UssdNetwork} and {@link FaultPlan}; {@code scripts/smsc-sim} runs it from the command
 * line ({@link SmscSimulatorCommand}).
 */
public final class SmscSimulator implements AutoCloseable {
  /** Which fields carry the receipt: TLVs (receipted_message_id + message_state), the text, or both. */
  public enum ReceiptFormat { TLV_AND_TEXT, TLV, TEXT }

  /**
   * Start-up settings.
   *
   * @param port            0 for a free port ({@link #port()} tells which)
   * @param receiptDelay    delay before a receipt for an accepted part; null or negative: no receipts
   * @param deliverTimeout  how long a deliver_sm waits for its response before it is retried
   * @param redeliveryDelay wait before delivering a refused or unanswered deliver_sm again
   */
  public record Options(int port, String systemId, String password, Duration receiptDelay, Duration deliverTimeout,
      Duration redeliveryDelay) {
    public Options {
      Objects.requireNonNull(systemId, "systemId");
      Objects.requireNonNull(password, "password");
      Objects.requireNonNull(deliverTimeout, "deliverTimeout");
      Objects.requireNonNull(redeliveryDelay, "redeliveryDelay");
    }

    /** A free port, the given credentials, receipts after 50 ms, 2 s deliver timeout, 200 ms redelivery. */
    public static Options forTests(String systemId, String password) {
      return new Options(0, systemId, password, Duration.ofMillis(50), Duration.ofSeconds(2),
          Duration.ofMillis(200));
    }

    public Options withReceiptDelay(Duration delay) {
      return new Options(port, systemId, password, delay, deliverTimeout, redeliveryDelay);
    }

    public Options withDeliverTimeout(Duration timeout) {
      return new Options(port, systemId, password, receiptDelay, timeout, redeliveryDelay);
    }

    public Options withPort(int p) {
      return new Options(p, systemId, password, receiptDelay, deliverTimeout, redeliveryDelay);
    }
  }

  /** How an injected MO is split: one deliver_sm, UDH parts with an 8- or 16-bit reference, or SAR TLVs. */
  public enum MoConcat { NONE, UDH8, UDH16, SAR }

  /** A USSD screen the ESME submitted: ussd_service_op, its_session_info's session number and end bit. */
  public record SubmittedUssd(String from, String to, String serviceType, String text, int op, int sessionNumber,
                           boolean end) {
  }

  private final Options options;
  private final FaultPlan faults = new FaultPlan();
  private final SubmittedMessages messages = new SubmittedMessages();
  private final DeliverSmSender deliverer;
  private final DeliveryReceipts receipts;
  private final MoInjector mo;
  private final UssdNetwork ussd;
  private final BindAcceptor binds;
  private final SubmitAnswerer answerer;

  private SmscSimulator(Options options) throws IOException {
    this.options = options;
    this.binds = new BindAcceptor(options.port(), options.systemId(), options.password(), options.deliverTimeout(),
        faults);
    this.deliverer = new DeliverSmSender(binds::receiver, options.redeliveryDelay());
    this.receipts = new DeliveryReceipts(deliverer, options.receiptDelay());
    this.mo = new MoInjector(deliverer);
    this.ussd = new UssdNetwork(deliverer);
    this.answerer = new SubmitAnswerer(faults, messages, receipts, ussd);
  }

  /** Starts listening (on a free port when {@code options.port()} is 0). */
  public static SmscSimulator start(Options options) throws IOException {
    SmscSimulator sim = new SmscSimulator(options);
    sim.binds.start(sim.answerer);
    return sim;
  }

  public int port() {
    return binds.port();
  }

  /** A bind URL for this simulator on loopback, with extra query parameters (e.g. "concat=sar&amp;timeout=1s"). */
  public String url(String query) {
    return "smpp://" + options.systemId() + ":" + options.password() + "@127.0.0.1:" + port()
        + (query.isEmpty() ? "" : "?" + query);
  }

  // ---- misbehaviour and settings, changeable while running ----

  /** Answers this percentage of submits with ESME_RTHROTTLED (0x58), spread evenly (deterministic). */
  public SmscSimulator throttle(int percent) {
    faults.throttle(percent);
    return this;
  }

  /** Waits this long before answering each submit_sm. */
  public SmscSimulator delayResponses(Duration delay) {
    faults.delayResponses(delay);
    return this;
  }

  /** Rejects the next {@code n} binds with ESME_RBINDFAIL. */
  public SmscSimulator rejectBinds(int n) {
    faults.rejectBinds(n);
    return this;
  }

  public SmscSimulator receiptFormat(ReceiptFormat format) {
    receipts.format(format);
    return this;
  }

  /** Writes receipt ids in decimal instead of the hex that submit_sm_resp gave (as some SMSCs do). */
  public SmscSimulator decimalReceiptIds(boolean decimal) {
    receipts.decimalIds(decimal);
    return this;
  }

  /** The final state the next receipts report. */
  public SmscSimulator receiptState(DeliveryReport.State state) {
    receipts.state(state);
    return this;
  }

  /** Called (on a jSMPP thread) with every message accepted; the CLI prints them. */
  public SmscSimulator onReceived(Consumer<ReceivedMessage> consumer) {
    messages.onReceived(consumer);
    return this;
  }

  /** Closes every bound session abruptly, as a crashed SMSC or a cut link would. */
  public void dropConnections() {
    binds.dropAll();
  }

  // ---- what happened ----

  /** Every message accepted so far, reassembled, in order of completion. */
  public List<ReceivedMessage> received() {
    return messages.all();
  }

  /** Waits until at least {@code count} messages were accepted, then returns them all. */
  public List<ReceivedMessage> awaitReceived(int count, Duration timeout) throws TimeoutException {
    return messages.await(count, timeout);
  }

  /** submit_sm PDUs seen, throttled ones included. */
  public long submits() {
    return answerer.submits();
  }

  public long bindsAccepted() {
    return binds.accepted();
  }

  public long bindsRejected() {
    return binds.rejected();
  }

  /** deliver_sm sent (receipts and MO), redeliveries included. */
  public long deliverAttempts() {
    return deliverer.attempts();
  }

  public long receiptsAcked() {
    return deliverer.receiptsAcked();
  }

  /** Number of sessions currently bound. */
  public int boundSessions() {
    return binds.bound();
  }

  // ---- MO ----

  /** Sends an MO in one deliver_sm; completes when the ESME acknowledged it (redelivering until then). */
  public CompletableFuture<Void> sendMo(String from, String to, String text) {
    return sendMo(from, to, text, MoConcat.NONE, List.of());
  }

  /**
   * Sends an MO split as {@code concat} says (GSM-7 153 / UCS-2 67 units a part), leaving out the 1-based part
   * numbers in {@code skipParts} (a lost part). Completes when every sent part was acknowledged.
   */
  public CompletableFuture<Void> sendMo(String from, String to, String text, MoConcat concat,
      List<Integer> skipParts) {
    return mo.send(from, to, text, concat, skipParts);
  }

  /** Sends a receipt-flagged deliver_sm with arbitrary text (e.g. one with no id, to test unreadable ones). */
  public CompletableFuture<Void> sendRawReceipt(String from, String to, String text) {
    return receipts.sendRaw(from, to, text);
  }

  // ---- USSD over SMPP (the "default" profile of UssdProfile) ----

  /** Starts a USSD session: deliver_sm with ussd_service_op 0x01 (PSSR indication) carrying the dialled string. */
  public CompletableFuture<Void> ussdBegin(String msisdn, String serviceAddress, int sessionNumber, String dialled) {
    return ussd.send(msisdn, serviceAddress, UssdProfile.PSSR_IND, sessionNumber, false, dialled);
  }

  /** Answers the last screen: deliver_sm with ussd_service_op 0x12 (USSR confirm). */
  public CompletableFuture<Void> ussdContinue(String msisdn, String serviceAddress, int sessionNumber, String input) {
    return ussd.send(msisdn, serviceAddress, UssdProfile.USSR_CONF, sessionNumber, false, input);
  }

  /** The network releases the session: ussd_service_op 0x11 with the end bit. */
  public CompletableFuture<Void> ussdRelease(String msisdn, String serviceAddress, int sessionNumber) {
    return ussd.send(msisdn, serviceAddress, UssdProfile.PSSR_RESP, sessionNumber, true, "");
  }

  /** Any USSD deliver_sm (service_type "USSD"; its_session_info when {@code sessionNumber >= 0}). */
  public CompletableFuture<Void> sendUssd(String msisdn, String serviceAddress, int op, int sessionNumber,
      boolean end, String text) {
    return ussd.send(msisdn, serviceAddress, op, sessionNumber, end, text);
  }

  /** USSD screens submitted so far, in order. */
  public List<SubmittedUssd> ussdScreens() {
    return ussd.screens();
  }

  /** Waits until at least {@code count} USSD screens were submitted, then returns them all. */
  public List<SubmittedUssd> awaitUssdScreens(int count, Duration timeout) throws TimeoutException {
    return ussd.await(count, timeout);
  }

  @Override
  public void close() {
    deliverer.close(); // first: nothing is delivered to sessions that are closing
    binds.close();
  }

  /** {@code scripts/smsc-sim}: see {@link SmscSimulatorCommand} for the options and the commands on stdin. */
  public static void main(String[] args) {
    System.exit(SmscSimulatorCommand.run(args));
  }
}
