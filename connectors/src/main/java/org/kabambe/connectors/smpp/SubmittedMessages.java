package org.kabambe.connectors.smpp;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.bean.SubmitSm;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SMS the simulator accepted, long ones reassembled from their parts (UDH, SAR or message_payload), in order of
 * completion.
 */
final class SubmittedMessages {
  private static final Logger log = LoggerFactory.getLogger(SubmittedMessages.class);

  private final AwaitableLog<ReceivedMessage> received = new AwaitableLog<>("messages");
  private final Map<String, Partial> partials = new ConcurrentHashMap<>();
  private volatile Consumer<ReceivedMessage> onReceived = m -> { };

  /** Parts of one long submitted message, keyed by source, destination and reference. */
  private static final class Partial {
    final TreeMap<Integer, String> texts = new TreeMap<>();
    final TreeMap<Integer, String> ids = new TreeMap<>();
  }

  void onReceived(Consumer<ReceivedMessage> consumer) {
    this.onReceived = consumer;
  }

  List<ReceivedMessage> all() {
    return received.all();
  }

  List<ReceivedMessage> await(int count, Duration timeout) throws TimeoutException {
    return received.await(count, timeout);
  }

  /** Records a submit answered with {@code id}; completes its message when it was the last missing part. */
  void record(SubmitSm submit, String id) {
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
}
