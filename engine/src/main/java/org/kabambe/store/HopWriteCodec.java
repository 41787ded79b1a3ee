package org.kabambe.store;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The journal's form of a batch of {@link HopWrite}s: a format byte, then every field in a fixed order. Ours, not
 * Java serialization: small, fast, and a change of the records must bump {@link #FORMAT} (a journal is replayed
 * by the same version that wrote it unless the server was upgraded while it held unapplied batches).
 */
final class HopWriteCodec {
  static final byte FORMAT = 2;
  /** Before conversation versions (V23): its rows replay unchecked, as they were written then. */
  private static final byte FORMAT_UNVERSIONED = 1;

  // Contact field value tags (the Java forms of ValueType).
  private static final int TEXT = 1;
  private static final int NUMBER = 2;
  private static final int BOOLEAN = 3;
  private static final int DATE = 4;
  private static final int LIST = 5;

  private HopWriteCodec() {}

  /** One hop's fields; a batch is {@link #batch} of these. */
  static byte[] encodeHop(HopWrite hop) {
    var bytes = new ByteArrayOutputStream(512);
    try (var out = new DataOutputStream(bytes)) {
      write(out, hop);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a byte array does not fail
    }
    return bytes.toByteArray();
  }

  /** A batch's payload: the format, the count, then each hop as {@link #encodeHop} gave it (self-delimiting). */
  static byte[] batch(List<byte[]> hops) {
    int size = 5;
    for (byte[] h : hops) size += h.length;
    var buf = ByteBuffer.allocate(size).put(FORMAT).putInt(hops.size());
    for (byte[] h : hops) buf.put(h);
    return buf.array();
  }

  static byte[] encode(List<HopWrite> hops) {
    return batch(hops.stream().map(HopWriteCodec::encodeHop).toList());
  }

  static List<HopWrite> decode(byte[] payload) throws IOException {
    var in = new DataInputStream(new ByteArrayInputStream(payload));
    int format = in.readByte();
    if (format != FORMAT && format != FORMAT_UNVERSIONED) {
      throw new IOException("journal format " + format + " is not " + FORMAT + " (written by another version)");
    }
    int n = in.readInt();
    var hops = new ArrayList<HopWrite>(n);
    for (int i = 0; i < n; i++) {
      hops.add(read(in, format == FORMAT));
    }
    return hops;
  }

  private static void write(DataOutputStream out, HopWrite hop) throws IOException {
    out.writeBoolean(hop.conversation().isPresent());
    if (hop.conversation().isPresent()) {
      ConversationRow c = hop.conversation().get();
      string(out, c.phone());
      string(out, c.channel());
      string(out, c.flowId());
      out.writeInt(c.state().length);
      out.write(c.state());
      instant(out, c.startedAt());
      instant(out, c.updatedAt());
      out.writeBoolean(c.ended());
      out.writeBoolean(c.reminded());
      out.writeLong(c.expectedVersion());
      out.writeLong(c.version());
    }
    out.writeInt(hop.answers().size());
    for (AnswerRow a : hop.answers()) {
      for (String s : List.of(a.sessionId(), a.phone(), a.channel(), a.flowId(), a.flowHash(), a.nodeId(), a.name(),
          a.valueText())) {
        string(out, s);
      }
      out.writeBoolean(a.valueNumber().isPresent());
      if (a.valueNumber().isPresent()) out.writeDouble(a.valueNumber().getAsDouble());
      instant(out, a.at());
    }
    out.writeInt(hop.events().size());
    for (EventRow e : hop.events()) {
      instant(out, e.at());
      for (String s : List.of(e.type(), e.phone(), e.channel(), e.flowId(), e.flowHash(), e.nodeId(), e.detail())) {
        string(out, s);
      }
    }
    out.writeInt(hop.outbox().size());
    for (OutboxRow o : hop.outbox()) {
      string(out, o.phone());
      string(out, o.text());
      instant(out, o.createdAt());
      string(out, o.kind());
      instant(out, o.notBefore());
    }
    out.writeBoolean(hop.contact().isPresent());
    if (hop.contact().isPresent()) contact(out, hop.contact().get());
    out.writeBoolean(hop.release().isPresent());
    if (hop.release().isPresent()) {
      string(out, hop.release().get().phone());
      instant(out, hop.release().get().at());
    }
    out.writeBoolean(hop.flowStart().isPresent());
    if (hop.flowStart().isPresent()) {
      HopWrite.FlowStartDone f = hop.flowStart().get();
      out.writeLong(f.id());
      out.writeBoolean(f.started());
      out.writeBoolean(f.detail() != null); // null when started
      if (f.detail() != null) string(out, f.detail());
      instant(out, f.at());
    }
  }

  private static HopWrite read(DataInputStream in, boolean versioned) throws IOException {
    Optional<ConversationRow> conversation = Optional.empty();
    if (in.readBoolean()) {
      String phone = string(in);
      String channel = string(in);
      String flowId = string(in);
      byte[] state = new byte[in.readInt()];
      in.readFully(state);
      var row = new ConversationRow(phone, channel, flowId, state, instant(in), instant(in), in.readBoolean(),
          in.readBoolean());
      conversation = Optional.of(versioned ? row.expecting(in.readLong(), in.readLong()) : row);
    }
    int answerCount = in.readInt();
    var answers = new ArrayList<AnswerRow>(answerCount);
    for (int i = 0; i < answerCount; i++) {
      String sessionId = string(in);
      String phone = string(in);
      String channel = string(in);
      String flowId = string(in);
      String flowHash = string(in);
      String nodeId = string(in);
      String name = string(in);
      String valueText = string(in);
      OptionalDouble number = in.readBoolean() ? OptionalDouble.of(in.readDouble()) : OptionalDouble.empty();
      answers.add(new AnswerRow(sessionId, phone, channel, flowId, flowHash, nodeId, name, valueText, number,
          instant(in)));
    }
    int eventCount = in.readInt();
    var events = new ArrayList<EventRow>(eventCount);
    for (int i = 0; i < eventCount; i++) {
      events.add(new EventRow(instant(in), string(in), string(in), string(in), string(in), string(in), string(in),
          string(in)));
    }
    int outboxCount = in.readInt();
    var outbox = new ArrayList<OutboxRow>(outboxCount);
    for (int i = 0; i < outboxCount; i++) {
      outbox.add(new OutboxRow(string(in), string(in), instant(in), string(in), instant(in)));
    }
    Optional<ContactChange> contact = in.readBoolean() ? Optional.of(contact(in)) : Optional.empty();
    Optional<HopWrite.HeldSmsRelease> release = in.readBoolean()
        ? Optional.of(new HopWrite.HeldSmsRelease(string(in), instant(in))) : Optional.empty();
    Optional<HopWrite.FlowStartDone> flowStart = in.readBoolean()
        ? Optional.of(new HopWrite.FlowStartDone(in.readLong(), in.readBoolean(), in.readBoolean() ? string(in) : null,
            instant(in)))
        : Optional.empty();
    return new HopWrite(conversation, answers, events, outbox, contact, release, flowStart);
  }

  private static void contact(DataOutputStream out, ContactChange c) throws IOException {
    string(out, c.phone());
    instant(out, c.at());
    out.writeBoolean(c.language().isPresent());
    if (c.language().isPresent()) string(out, c.language().get());
    out.writeByte(c.optedOut().map(o -> o ? 2 : 1).orElse(0));
    out.writeInt(c.fields().size());
    for (var f : c.fields().entrySet()) {
      string(out, f.getKey());
      value(out, f.getValue());
    }
  }

  private static ContactChange contact(DataInputStream in) throws IOException {
    String phone = string(in);
    Instant at = instant(in);
    Optional<String> language = in.readBoolean() ? Optional.of(string(in)) : Optional.empty();
    int optedOut = in.readByte();
    Optional<Boolean> out = optedOut == 0 ? Optional.empty() : Optional.of(optedOut == 2);
    int n = in.readInt();
    var fields = new LinkedHashMap<String, Object>();
    for (int i = 0; i < n; i++) {
      fields.put(string(in), value(in));
    }
    return new ContactChange(phone, at, language, out, fields);
  }

  private static void value(DataOutputStream out, Object v) throws IOException {
    if (v instanceof String s) {
      out.writeByte(TEXT);
      string(out, s);
    } else if (v instanceof Number n) {
      out.writeByte(NUMBER);
      out.writeDouble(n.doubleValue());
    } else if (v instanceof Boolean b) {
      out.writeByte(BOOLEAN);
      out.writeBoolean(b);
    } else if (v instanceof LocalDate d) {
      out.writeByte(DATE);
      out.writeLong(d.toEpochDay());
    } else if (v instanceof List<?> list) {
      out.writeByte(LIST);
      out.writeInt(list.size());
      for (Object item : list) value(out, item);
    } else {
      throw new IllegalArgumentException("a contact field value of type " + (v == null ? "null" : v.getClass())
          + " cannot be journalled");
    }
  }

  private static Object value(DataInputStream in) throws IOException {
    int tag = in.readByte();
    return switch (tag) {
      case TEXT -> string(in);
      case NUMBER -> in.readDouble();
      case BOOLEAN -> in.readBoolean();
      case DATE -> LocalDate.ofEpochDay(in.readLong());
      case LIST -> {
        int n = in.readInt();
        var list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) list.add(value(in));
        yield List.copyOf(list);
      }
      default -> throw new IOException("unknown contact value tag " + tag);
    };
  }

  private static void string(DataOutputStream out, String s) throws IOException {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(b.length);
    out.write(b);
  }

  private static String string(DataInputStream in) throws IOException {
    byte[] b = new byte[in.readInt()];
    in.readFully(b);
    return new String(b, StandardCharsets.UTF_8);
  }

  private static void instant(DataOutputStream out, Instant at) throws IOException {
    out.writeLong(at.getEpochSecond());
    out.writeInt(at.getNano());
  }

  private static Instant instant(DataInputStream in) throws IOException {
    return Instant.ofEpochSecond(in.readLong(), in.readInt());
  }
}
