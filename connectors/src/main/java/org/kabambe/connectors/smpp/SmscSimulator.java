package org.kabambe.connectors.smpp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.jsmpp.PDUStringException;
import org.jsmpp.bean.BroadcastSm;
import org.jsmpp.bean.CancelBroadcastSm;
import org.jsmpp.bean.CancelSm;
import org.jsmpp.bean.DataSm;
import org.jsmpp.bean.ESMClass;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.bean.OptionalParameters;
import org.jsmpp.bean.QueryBroadcastSm;
import org.jsmpp.bean.QuerySm;
import org.jsmpp.bean.RawDataCoding;
import org.jsmpp.bean.RegisteredDelivery;
import org.jsmpp.bean.ReplaceSm;
import org.jsmpp.bean.SubmitMulti;
import org.jsmpp.bean.SubmitSm;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.extra.ProcessRequestException;
import org.jsmpp.extra.SessionState;
import org.jsmpp.session.BindRequest;
import org.jsmpp.session.BroadcastSmResult;
import org.jsmpp.session.DataSmResult;
import org.jsmpp.session.QueryBroadcastSmResult;
import org.jsmpp.session.QuerySmResult;
import org.jsmpp.session.SMPPServerSession;
import org.jsmpp.session.SMPPServerSessionListener;
import org.jsmpp.session.ServerMessageReceiverListener;
import org.jsmpp.session.Session;
import org.jsmpp.session.SubmitMultiResult;
import org.jsmpp.session.SubmitSmResult;
import org.jsmpp.util.MessageId;
import org.kabambe.connectors.sms.DeliveryReport;
import org.kabambe.connectors.sms.Encoding;
import org.kabambe.connectors.sms.SegmentLimits;
import org.kabambe.connectors.sms.SmsEncoding;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An in-process SMSC for tests and demos (jSMPP server side): accepts binds, answers submit_sm with hex ids,
 * reassembles long messages, sends delivery receipts after a delay, injects MO (plain or concatenated), and
 * misbehaves on request: throttling, slow responses, dropped connections, rejected binds.
 * {@code scripts/smsc-sim} runs it from the command line ({@link #main}).
 */
public final class SmscSimulator implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SmscSimulator.class);
  private static final DateTimeFormatter RECEIPT_DATE = DateTimeFormatter.ofPattern("yyMMddHHmm");

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

  private final Options options;
  private final SMPPServerSessionListener listener;
  private final ExecutorService acceptor = Executors.newCachedThreadPool(daemon("smsc-sim-accept"));
  private final ScheduledExecutorService deliverer = Executors.newScheduledThreadPool(4, daemon("smsc-sim-deliver"));
  private final List<SMPPServerSession> sessions = new CopyOnWriteArrayList<>();
  private final List<ReceivedMessage> received = new CopyOnWriteArrayList<>();
  private final List<UssdScreen> ussdScreens = new CopyOnWriteArrayList<>();
  private final Map<String, Partial> partials = new ConcurrentHashMap<>();
  private final AtomicLong nextId = new AtomicLong(0xA1B2C300L);
  private final AtomicLong submits = new AtomicLong();
  private final AtomicInteger bindsToReject = new AtomicInteger();
  private final AtomicInteger moReference = new AtomicInteger(1);
  private final AtomicLong bindsAccepted = new AtomicLong();
  private final AtomicLong bindsRejected = new AtomicLong();
  private final AtomicLong deliverAttempts = new AtomicLong();
  private final AtomicLong receiptsAcked = new AtomicLong();
  private volatile int throttlePercent;
  private volatile Duration responseDelay = Duration.ZERO;
  private volatile ReceiptFormat receiptFormat = ReceiptFormat.TLV_AND_TEXT;
  private volatile boolean decimalReceiptIds;
  private volatile DeliveryReport.State receiptState = DeliveryReport.State.DELIVERED;
  private volatile Consumer<ReceivedMessage> onReceived = m -> { };
  private volatile boolean closed;

  private SmscSimulator(Options options) throws IOException {
    this.options = options;
    this.listener = new SMPPServerSessionListener(options.port() == 0 ? freePort() : options.port(),
        NoDelaySockets.server());
    listener.setPduProcessorDegree(32);
    listener.setQueueCapacity(10_000);
    listener.setMessageReceiverListener(new Receiver());
    listener.setTimeout(200); // accept() wakes up to notice close()
  }

  /** Starts listening (on a free port when {@code options.port()} is 0). */
  public static SmscSimulator start(Options options) throws IOException {
    SmscSimulator sim = new SmscSimulator(options);
    sim.acceptor.execute(sim::acceptLoop);
    return sim;
  }

  public int port() {
    return listener.getPort();
  }

  /** A bind URL for this simulator on loopback, with extra query parameters (e.g. "concat=sar&amp;timeout=1s"). */
  public String url(String query) {
    return "smpp://" + options.systemId() + ":" + options.password() + "@127.0.0.1:" + port()
        + (query.isEmpty() ? "" : "?" + query);
  }

  // ---- misbehaviour and settings, changeable while running ----

  /** Answers this percentage of submits with ESME_RTHROTTLED (0x58), spread evenly (deterministic). */
  public SmscSimulator throttle(int percent) {
    this.throttlePercent = Math.max(0, Math.min(100, percent));
    return this;
  }

  /** Waits this long before answering each submit_sm. */
  public SmscSimulator delayResponses(Duration delay) {
    this.responseDelay = delay;
    return this;
  }

  /** Rejects the next {@code n} binds with ESME_RBINDFAIL. */
  public SmscSimulator rejectBinds(int n) {
    bindsToReject.set(n);
    return this;
  }

  public SmscSimulator receiptFormat(ReceiptFormat format) {
    this.receiptFormat = format;
    return this;
  }

  /** Writes receipt ids in decimal instead of the hex that submit_sm_resp gave (as some SMSCs do). */
  public SmscSimulator decimalReceiptIds(boolean decimal) {
    this.decimalReceiptIds = decimal;
    return this;
  }

  /** The final state the next receipts report. */
  public SmscSimulator receiptState(DeliveryReport.State state) {
    this.receiptState = state;
    return this;
  }

  /** Called (on a jSMPP thread) with every message accepted; the CLI prints them. */
  public SmscSimulator onReceived(Consumer<ReceivedMessage> consumer) {
    this.onReceived = consumer;
    return this;
  }

  /** Closes every bound session abruptly, as a crashed SMSC or a cut link would. */
  public void dropConnections() {
    for (SMPPServerSession s : sessions) {
      s.close();
    }
  }

  // ---- what happened ----

  /** Every message accepted so far, reassembled, in order of completion. */
  public List<ReceivedMessage> received() {
    return List.copyOf(received);
  }

  /** Waits until at least {@code count} messages were accepted, then returns them all. */
  public List<ReceivedMessage> awaitReceived(int count, Duration timeout) throws TimeoutException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (received.size() < count) {
      if (System.nanoTime() > deadline) {
        throw new TimeoutException("simulator received " + received.size() + " of " + count + " messages: "
            + received);
      }
      sleep(Duration.ofMillis(5));
    }
    return received();
  }

  /** submit_sm PDUs seen, throttled ones included. */
  public long submits() {
    return submits.get();
  }

  public long bindsAccepted() {
    return bindsAccepted.get();
  }

  public long bindsRejected() {
    return bindsRejected.get();
  }

  /** deliver_sm sent (receipts and MO), redeliveries included. */
  public long deliverAttempts() {
    return deliverAttempts.get();
  }

  public long receiptsAcked() {
    return receiptsAcked.get();
  }

  /** Number of sessions currently bound. */
  public int boundSessions() {
    return (int) sessions.stream().filter(s -> s.getSessionState().isBound()).count();
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
    Encoding encoding = SmsEncoding.encodingOf(text);
    byte dataCoding = encoding == Encoding.GSM7 ? SubmitPlanner.DATA_CODING_GSM7 : SubmitPlanner.DATA_CODING_UCS2;
    List<String> texts = concat == MoConcat.NONE ? List.of(text)
        : SmsEncoding.split(text, concat == MoConcat.UDH16 ? SegmentLimits.CONCAT_16BIT_REF
            : SegmentLimits.CONCAT_8BIT_REF);
    if (concat != MoConcat.NONE && texts.size() == 1) {
      texts = List.of(text.substring(0, text.length() / 2), text.substring(text.length() / 2)); // force parts
    }
    int reference = moReference.getAndIncrement();
    List<CompletableFuture<Void>> acks = new ArrayList<>();
    for (int i = 0; i < texts.size(); i++) {
      int seq = i + 1;
      if (skipParts.contains(seq)) {
        continue;
      }
      byte[] body = SubmitPlanner.encode(texts.get(i), encoding);
      byte esm = 0;
      List<OptionalParameter> tlvs = new ArrayList<>();
      byte[] sm = body;
      int total = texts.size();
      switch (concat) {
        case UDH8 -> {
          sm = concatBytes(new byte[] {5, 0, 3, (byte) reference, (byte) total, (byte) seq}, body);
          esm = SubmitPlanner.ESM_UDHI;
        }
        case UDH16 -> {
          sm = concatBytes(new byte[] {6, 8, 4, (byte) (reference >> 8), (byte) reference, (byte) total,
              (byte) seq}, body);
          esm = SubmitPlanner.ESM_UDHI;
        }
        case SAR -> {
          tlvs.add(OptionalParameters.newSarMsgRefNum((short) reference));
          tlvs.add(OptionalParameters.newSarTotalSegments(total));
          tlvs.add(OptionalParameters.newSarSegmentSeqnum(seq));
        }
        case NONE -> { }
      }
      acks.add(deliver(new Deliver(from, to, esm, dataCoding, sm, tlvs), false));
    }
    return CompletableFuture.allOf(acks.toArray(new CompletableFuture<?>[0]));
  }

  // ---- USSD over SMPP (the "default" profile of UssdProfile) ----

  /** A USSD screen the ESME submitted: ussd_service_op, its_session_info's session number and end bit. */
  public record UssdScreen(String from, String to, String serviceType, String text, int op, int sessionNumber,
                           boolean end) {
    static UssdScreen of(SubmitSm submit) {
      byte[] sm = submit.getShortMessage() == null ? new byte[0] : submit.getShortMessage();
      OptionalParameter op = submit.getOptionalParameter(OptionalParameter.Tag.USSD_SERVICE_OP);
      OptionalParameter its = submit.getOptionalParameter(OptionalParameter.Tag.ITS_SESSION_INFO);
      int session = its instanceof OptionalParameter.Short s ? (s.getValue() >> 8) & 0xFF : -1;
      boolean end = its instanceof OptionalParameter.Short s && (s.getValue() & 1) != 0;
      return new UssdScreen(submit.getSourceAddr(), submit.getDestAddress(), submit.getServiceType(),
          UserDataText.decode(submit.getDataCoding(), sm, 0, sm.length),
          op instanceof OptionalParameter.Byte b ? b.getValue() & 0xFF : -1, session, end);
    }
  }

  /** Starts a USSD session: deliver_sm with ussd_service_op 0x01 (PSSR indication) carrying the dialled string. */
  public CompletableFuture<Void> ussdBegin(String msisdn, String serviceAddress, int sessionNumber, String dialled) {
    return sendUssd(msisdn, serviceAddress, UssdProfile.PSSR_IND, sessionNumber, false, dialled);
  }

  /** Answers the last screen: deliver_sm with ussd_service_op 0x12 (USSR confirm). */
  public CompletableFuture<Void> ussdContinue(String msisdn, String serviceAddress, int sessionNumber, String input) {
    return sendUssd(msisdn, serviceAddress, UssdProfile.USSR_CONF, sessionNumber, false, input);
  }

  /** The network releases the session: ussd_service_op 0x11 with the end bit. */
  public CompletableFuture<Void> ussdRelease(String msisdn, String serviceAddress, int sessionNumber) {
    return sendUssd(msisdn, serviceAddress, UssdProfile.PSSR_RESP, sessionNumber, true, "");
  }

  /** Any USSD deliver_sm (service_type "USSD"; its_session_info when {@code sessionNumber >= 0}). */
  public CompletableFuture<Void> sendUssd(String msisdn, String serviceAddress, int op, int sessionNumber,
      boolean end, String text) {
    Encoding encoding = SmsEncoding.encodingOf(text);
    byte dataCoding = encoding == Encoding.GSM7 ? SubmitPlanner.DATA_CODING_GSM7 : SubmitPlanner.DATA_CODING_UCS2;
    List<OptionalParameter> tlvs = new ArrayList<>();
    tlvs.add(new OptionalParameter.Byte(OptionalParameter.Tag.USSD_SERVICE_OP, (byte) op));
    if (sessionNumber >= 0) {
      tlvs.add(new OptionalParameter.Short(OptionalParameter.Tag.ITS_SESSION_INFO,
          UssdProfile.itsSessionInfo(sessionNumber, end)));
    }
    return deliver(new Deliver(UssdProfile.SERVICE_TYPE, msisdn, serviceAddress, (byte) 0, dataCoding,
        SubmitPlanner.encode(text, encoding), tlvs), false);
  }

  /** USSD screens submitted so far, in order. */
  public List<UssdScreen> ussdScreens() {
    return List.copyOf(ussdScreens);
  }

  /** Waits until at least {@code count} USSD screens were submitted, then returns them all. */
  public List<UssdScreen> awaitUssdScreens(int count, Duration timeout) throws TimeoutException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (ussdScreens.size() < count) {
      if (System.nanoTime() > deadline) {
        throw new TimeoutException("simulator got " + ussdScreens.size() + " of " + count + " USSD screens: "
            + ussdScreens);
      }
      sleep(Duration.ofMillis(5));
    }
    return ussdScreens();
  }

  /** Sends a receipt-flagged deliver_sm with arbitrary text (e.g. one with no id, to test unreadable ones). */
  public CompletableFuture<Void> sendRawReceipt(String from, String to, String text) {
    return deliver(new Deliver(from, to, (byte) 0x04, (byte) 0, text.getBytes(StandardCharsets.ISO_8859_1),
        List.of()), true);
  }

  @Override
  public void close() {
    closed = true;
    for (SMPPServerSession s : sessions) {
      s.unbindAndClose();
    }
    try {
      listener.close();
    } catch (IOException e) {
      log.debug("closing the listener", e);
    }
    acceptor.shutdownNow();
    deliverer.shutdownNow();
  }

  // ---- internals ----

  private void acceptLoop() {
    while (!closed) {
      try {
        SMPPServerSession session = listener.accept();
        acceptor.execute(() -> bind(session));
      } catch (java.net.SocketTimeoutException e) {
        // loop to check closed
      } catch (IOException e) {
        if (!closed) {
          log.warn("simulator accept failed", e);
        }
        return;
      }
    }
  }

  private void bind(SMPPServerSession session) {
    try {
      BindRequest request = session.waitForBind(5_000);
      if (!options.systemId().equals(request.getSystemId()) || !options.password().equals(request.getPassword())) {
        bindsRejected.incrementAndGet();
        request.reject(SmppStatus.ESME_RINVPASWD);
        return;
      }
      if (bindsToReject.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        bindsRejected.incrementAndGet();
        request.reject(SmppStatus.ESME_RBINDFAIL);
        return;
      }
      session.setTransactionTimer(options.deliverTimeout().toMillis());
      session.addSessionStateListener((newState, oldState, source) -> {
        if (newState == SessionState.CLOSED) {
          sessions.remove(session);
        }
      });
      request.accept("kabambe-sim");
      sessions.add(session);
      bindsAccepted.incrementAndGet();
    } catch (TimeoutException | IOException | PDUStringException | IllegalStateException e) {
      log.debug("simulator bind did not complete", e);
      session.close();
    }
  }

  private final class Receiver implements ServerMessageReceiverListener {
    @Override
    public SubmitSmResult onAcceptSubmitSm(SubmitSm submit, SMPPServerSession source)
        throws ProcessRequestException {
      long n = submits.incrementAndGet();
      Duration delay = responseDelay;
      if (!delay.isZero()) {
        sleep(delay);
      }
      int p = throttlePercent;
      if (p > 0 && (n * p) / 100 > ((n - 1) * p) / 100) {
        throw new ProcessRequestException("throttled", SmppStatus.ESME_RTHROTTLED);
      }
      String id = Long.toHexString(nextId.getAndIncrement()).toUpperCase(java.util.Locale.ROOT);
      if (submit.getOptionalParameter(OptionalParameter.Tag.USSD_SERVICE_OP) != null) {
        ussdScreens.add(UssdScreen.of(submit));
        try {
          return new SubmitSmResult(new MessageId(id), new OptionalParameter[0]);
        } catch (PDUStringException e) {
          throw new ProcessRequestException("bad id", SmppStatus.ESME_RSYSERR, e);
        }
      }
      record(submit, id);
      if ((submit.getRegisteredDelivery() & 0x03) != 0 && options.receiptDelay() != null
          && !options.receiptDelay().isNegative()) {
        scheduleReceipt(submit, id);
      }
      try {
        return new SubmitSmResult(new MessageId(id), new OptionalParameter[0]);
      } catch (PDUStringException e) {
        throw new ProcessRequestException("bad id", SmppStatus.ESME_RSYSERR, e);
      }
    }

    @Override
    public SubmitMultiResult onAcceptSubmitMulti(SubmitMulti submitMulti, SMPPServerSession source)
        throws ProcessRequestException {
      throw unsupported();
    }

    @Override
    public QuerySmResult onAcceptQuerySm(QuerySm querySm, SMPPServerSession source) throws ProcessRequestException {
      throw unsupported();
    }

    @Override
    public void onAcceptReplaceSm(ReplaceSm replaceSm, SMPPServerSession source) throws ProcessRequestException {
      throw unsupported();
    }

    @Override
    public void onAcceptCancelSm(CancelSm cancelSm, SMPPServerSession source) throws ProcessRequestException {
      throw unsupported();
    }

    @Override
    public BroadcastSmResult onAcceptBroadcastSm(BroadcastSm broadcastSm, SMPPServerSession source)
        throws ProcessRequestException {
      throw unsupported();
    }

    @Override
    public void onAcceptCancelBroadcastSm(CancelBroadcastSm cancelBroadcastSm, SMPPServerSession source)
        throws ProcessRequestException {
      throw unsupported();
    }

    @Override
    public QueryBroadcastSmResult onAcceptQueryBroadcastSm(QueryBroadcastSm queryBroadcastSm,
        SMPPServerSession source) throws ProcessRequestException {
      throw unsupported();
    }

    @Override
    public DataSmResult onAcceptDataSm(DataSm dataSm, Session source) throws ProcessRequestException {
      throw unsupported();
    }

    private ProcessRequestException unsupported() {
      return new ProcessRequestException("not supported by the simulator", 0x03);
    }
  }

  /** Parts of one long submitted message, keyed by source, destination and reference. */
  private static final class Partial {
    final TreeMap<Integer, String> texts = new TreeMap<>();
    final TreeMap<Integer, String> ids = new TreeMap<>();
  }

  private void record(SubmitSm submit, String id) {
    byte[] sm = submit.getShortMessage() == null ? new byte[0] : submit.getShortMessage();
    OptionalParameter payload = submit.getOptionalParameter(OptionalParameter.Tag.MESSAGE_PAYLOAD);
    String mode = "";
    if (sm.length == 0 && payload instanceof OptionalParameter.OctetString p) {
      sm = p.getValue();
      mode = "PAYLOAD";
    }
    int start = 0;
    Optional<InboundPdu.Concat> concat = Optional.empty();
    if ((submit.getEsmClass() & SubmitPlanner.ESM_UDHI) != 0 && sm.length > 0) {
      start = Math.min(sm.length, 1 + (sm[0] & 0xFF));
      concat = UserDataHeader.concat(sm, 1, start);
      mode = "UDH";
    } else {
      OptionalParameter ref = submit.getOptionalParameter(OptionalParameter.Tag.SAR_MSG_REF_NUM);
      OptionalParameter total = submit.getOptionalParameter(OptionalParameter.Tag.SAR_TOTAL_SEGMENTS);
      OptionalParameter seq = submit.getOptionalParameter(OptionalParameter.Tag.SAR_SEGMENT_SEQNUM);
      if (ref instanceof OptionalParameter.Short r && total instanceof OptionalParameter.Byte t
          && seq instanceof OptionalParameter.Byte s) {
        concat = Optional.of(new InboundPdu.Concat(r.getValue() & 0xFFFF, t.getValue() & 0xFF, s.getValue() & 0xFF));
        mode = "SAR";
      }
    }
    String text = UserDataText.decode(submit.getDataCoding(), sm, start, sm.length - start);
    int dc = submit.getDataCoding() & 0xFF;
    if (concat.isEmpty()) {
      complete(new ReceivedMessage(submit.getSourceAddr(), submit.getDestAddress(), text, List.of(id), mode, dc));
      return;
    }
    InboundPdu.Concat c = concat.get();
    String key = submit.getSourceAddr() + "|" + submit.getDestAddress() + "|" + c.reference() + "|" + c.total();
    Partial partial = partials.computeIfAbsent(key, k -> new Partial());
    synchronized (partial) {
      partial.texts.put(c.seq(), text);
      partial.ids.put(c.seq(), id);
      if (partial.texts.size() == c.total() && partials.remove(key, partial)) {
        complete(new ReceivedMessage(submit.getSourceAddr(), submit.getDestAddress(),
            String.join("", partial.texts.values()), List.copyOf(partial.ids.values()), mode, dc));
      }
    }
  }

  private void complete(ReceivedMessage message) {
    received.add(message);
    try {
      onReceived.accept(message);
    } catch (RuntimeException e) {
      log.warn("onReceived callback failed", e);
    }
  }

  private void scheduleReceipt(SubmitSm submit, String id) {
    DeliveryReport.State state = receiptState;
    ReceiptFormat format = receiptFormat;
    String shownId = decimalReceiptIds ? new java.math.BigInteger(id, 16).toString() : id;
    String date = LocalDateTime.now().format(RECEIPT_DATE);
    String stat = switch (state) {
      case DELIVERED -> "DELIVRD";
      case UNDELIVERABLE -> "UNDELIV";
      case ACCEPTED -> "ACCEPTD";
      case REJECTED -> "REJECTD";
      default -> state.name();
    };
    String text = format == ReceiptFormat.TLV ? "" : "id:" + shownId + " sub:001 dlvrd:"
        + (state == DeliveryReport.State.DELIVERED ? "001" : "000") + " submit date:" + date + " done date:" + date
        + " stat:" + stat + " err:000 text:";
    List<OptionalParameter> tlvs = format == ReceiptFormat.TEXT ? List.of() : List.of(
        new OptionalParameter.COctetString(OptionalParameter.Tag.RECEIPTED_MESSAGE_ID.code(), shownId),
        new OptionalParameter.Byte(OptionalParameter.Tag.MESSAGE_STATE, (byte) ReceiptText.messageState(state)));
    Deliver receipt = new Deliver(submit.getDestAddress(), submit.getSourceAddr(), (byte) 0x04, (byte) 0,
        text.getBytes(StandardCharsets.ISO_8859_1), tlvs);
    later(() -> deliver(receipt, true), options.receiptDelay());
  }

  private record Deliver(String serviceType, String from, String to, byte esmClass, byte dataCoding,
      byte[] shortMessage, List<OptionalParameter> tlvs) {
    Deliver(String from, String to, byte esmClass, byte dataCoding, byte[] shortMessage,
        List<OptionalParameter> tlvs) {
      this("", from, to, esmClass, dataCoding, shortMessage, tlvs);
    }
  }

  private CompletableFuture<Void> deliver(Deliver d, boolean receipt) {
    CompletableFuture<Void> acked = new CompletableFuture<>();
    if (!later(() -> attempt(d, receipt, acked), Duration.ZERO)) {
      acked.completeExceptionally(new IllegalStateException("simulator closed"));
    }
    return acked;
  }

  /** One delivery attempt; an unanswered or refused deliver_sm is delivered again, as SMSCs do. */
  private void attempt(Deliver d, boolean receipt, CompletableFuture<Void> acked) {
    if (closed) {
      acked.completeExceptionally(new IllegalStateException("simulator closed"));
      return;
    }
    Optional<SMPPServerSession> target = receiverSession();
    if (target.isPresent()) {
      deliverAttempts.incrementAndGet();
      try {
        target.get().deliverShortMessage(d.serviceType(), TypeOfNumber.UNKNOWN, NumberingPlanIndicator.ISDN, d.from(),
            TypeOfNumber.UNKNOWN, NumberingPlanIndicator.ISDN, d.to(), new ESMClass(d.esmClass()), (byte) 0,
            (byte) 0, new RegisteredDelivery(0), new RawDataCoding(d.dataCoding()), d.shortMessage(),
            d.tlvs().toArray(new OptionalParameter[0]));
        if (receipt) {
          receiptsAcked.incrementAndGet();
        }
        acked.complete(null);
        return;
      } catch (Exception e) {
        // Includes jSMPP failing on a body-less error deliver_sm_resp, and response timeouts: deliver again.
        log.debug("deliver_sm not acknowledged ({}); delivering again", e.toString());
      }
    }
    if (!later(() -> attempt(d, receipt, acked), options.redeliveryDelay())) {
      acked.completeExceptionally(new IllegalStateException("simulator closed"));
    }
  }

  /** Schedules work unless the simulator is closing (then the work is dropped, as a stopped SMSC would). */
  private boolean later(Runnable work, Duration delay) {
    try {
      deliverer.schedule(work, delay.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (java.util.concurrent.RejectedExecutionException e) {
      return false;
    }
  }

  private Optional<SMPPServerSession> receiverSession() {
    SMPPServerSession chosen = null;
    for (SMPPServerSession s : sessions) {
      SessionState state = s.getSessionState();
      if (state == SessionState.BOUND_RX || state == SessionState.BOUND_TRX) {
        chosen = s; // the most recently bound wins
      }
    }
    return Optional.ofNullable(chosen);
  }

  /** jSMPP's listener does not tell which port 0 became, so pick a free one first (a tiny race, fine here). */
  private static int freePort() throws IOException {
    try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
      return probe.getLocalPort();
    }
  }

  private static byte[] concatBytes(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static java.util.concurrent.ThreadFactory daemon(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /**
   * Runs the simulator until interrupted: {@code --port 2775 --system-id kabambe --password secret
   * --receipt-delay 1s --throttle 10% --response-delay 0s --reject-binds 0}. Prints each accepted message;
   * reads commands from standard input: {@code mo FROM TO TEXT…}, {@code drop}, {@code quit}.
   */
  public static void main(String[] args) throws Exception {
    SimulatorCommandLine cli;
    try {
      cli = SimulatorCommandLine.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("smsc-sim: " + e.getMessage());
      System.err.println(SimulatorCommandLine.USAGE);
      System.exit(2);
      return;
    }
    if (cli.help()) {
      System.out.println(SimulatorCommandLine.USAGE);
      return;
    }
    try (SmscSimulator sim = start(cli.options())) {
      sim.throttle(cli.throttlePercent()).delayResponses(cli.responseDelay()).rejectBinds(cli.rejectBinds())
          .onReceived(m -> System.out.println("MT " + m.from() + " -> " + m.to() + " ids " + m.messageIds()
              + (m.concat().isEmpty() ? "" : " (" + m.concat() + ")") + ": " + m.text()));
      System.out.println("smsc-sim listening on port " + sim.port() + " (system id " + cli.options().systemId()
          + "); type 'mo FROM TO TEXT', 'drop' or 'quit'");
      BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      String line;
      while ((line = in.readLine()) != null) {
        String[] words = line.trim().split("\\s+", 4);
        if (words[0].equals("quit")) {
          return;
        } else if (words[0].equals("drop")) {
          sim.dropConnections();
        } else if (words[0].equals("mo") && words.length == 4) {
          String from = words[1];
          sim.sendMo(from, words[2], words[3], SmsEncoding.cost(words[3]).segments() > 1 ? MoConcat.UDH8
              : MoConcat.NONE, List.of()).whenComplete((ok, e) ->
              System.out.println(e == null ? "MO from " + from + " acknowledged" : "MO failed: " + e));
        } else if (!words[0].isEmpty()) {
          System.out.println("commands: mo FROM TO TEXT | drop | quit");
        }
      }
      Thread.currentThread().join(); // stdin closed (e.g. run in the background): serve until killed
    }
  }
}
