package org.kabambe.conversation;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.kabambe.runtime.Channel;
import org.kabambe.runtime.Conversation;
import org.kabambe.runtime.Frame;
import org.kabambe.runtime.Prompt;
import org.kabambe.store.ConversationRow;

/**
 * Turns a {@link Conversation} into compact bytes and back: a version byte, then the fields in a fixed order,
 * with variable-length integers and type-tagged values. Not Java serialization: the format is ours, small,
 * fast, and readable by a future version (bump {@link #VERSION} and keep a decoder for the old one).
 *
 * <p>Version 2 writes each distinct string once and refers back to it after that. The Back history holds the
 * whole stack of every earlier step, so the same flow id, content hash, node ids, answer names and values recur
 * dozens of times: by the 13th hop of the demo survey version 1 took 1.3 KB, nearly all of it repeats, and every
 * hop stores, journals and rewrites that row. Version 1 is still read (rows written before).
 *
 * <p>One class although it is over 400 lines: the writer and the readers of each version are one format, field by
 * field in the same order, and a change to one side that is not made to the other corrupts stored conversations.
 * Kept together so that they are read and changed together; ConversationCodecTest round-trips every field.
 */
public final class ConversationCodec {
  /** The format written now; the first byte of every encoded conversation. */
  public static final byte VERSION = 2;
  private static final byte VERSION_1 = 1;

  // Value tags. Stable: they are stored in databases.
  private static final int NULL = 0;
  private static final int STRING = 1;
  private static final int DOUBLE = 2;
  private static final int LONG = 3;
  private static final int FALSE = 4;
  private static final int TRUE = 5;
  private static final int DATE = 6;
  private static final int LIST = 7;
  private static final int MAP = 8;
  private static final int INTEGER = 9;

  private ConversationCodec() {}

  /** A conversation's stored row (encoded here, on the caller's thread). */
  public static ConversationRow row(Conversation c) {
    String flowId = c.stack().isEmpty() ? "" : c.flowId();
    return new ConversationRow(c.phone(), c.channel().id(), flowId, encode(c), c.startedAt(), c.updatedAt(),
        c.ended());
  }

  /**
   * Writes an optional conversation inside a larger record (a USSD session, an SMS participant): the encoded
   * length, -1 for none, then the bytes.
   */
  public static void writeOptional(DataOutputStream out, Optional<Conversation> conversation) throws IOException {
    if (conversation.isPresent()) {
      byte[] c = encode(conversation.get());
      out.writeInt(c.length);
      out.write(c);
    } else {
      out.writeInt(-1);
    }
  }

  /** Reads what {@link #writeOptional} wrote. */
  public static Optional<Conversation> readOptional(DataInputStream in) throws IOException {
    int length = in.readInt();
    if (length < 0) {
      return Optional.empty();
    }
    byte[] c = new byte[length];
    in.readFully(c);
    return Optional.of(decode(c));
  }

  /** Encodes a conversation; throws IllegalArgumentException for a value of a type the format does not know. */
  public static byte[] encode(Conversation c) {
    var out = new Writer(256);
    out.byte_(VERSION);
    out.string(c.phone());
    out.varint(channelCode(c.channel()));
    out.string(c.language());
    out.frames(c.stack());
    out.varint(c.page());
    out.varint(c.invalidCount());
    out.varint(c.actionIndex() + 1); // -1 means "none": shift so it stays a one-byte varint
    out.prompt(c.prompt());
    out.varint(c.visibleOptions().size());
    for (int option : c.visibleOptions()) {
      out.varint(option);
    }
    out.map(c.contact());
    out.varint(c.arms().size());
    for (var arm : c.arms().entrySet()) {
      out.string(arm.getKey());
      out.varint(arm.getValue());
    }
    out.varint(c.history().size());
    for (List<Frame> stack : c.history()) {
      out.frames(stack);
    }
    out.byte_(c.ended() ? 1 : 0);
    out.instant(c.startedAt());
    out.instant(c.updatedAt());
    return out.toBytes();
  }

  /** Decodes bytes written by {@link #encode}; throws IllegalArgumentException for bytes it cannot read. */
  public static Conversation decode(byte[] bytes) {
    if (bytes.length == 0) {
      throw new IllegalArgumentException("empty conversation state");
    }
    if (bytes[0] != VERSION && bytes[0] != VERSION_1) {
      throw new IllegalArgumentException("conversation state version " + bytes[0] + " is not supported (this build reads "
          + VERSION_1 + " and " + VERSION + ")");
    }
    var in = new Reader(bytes, 1, bytes[0] == VERSION);
    try {
      String phone = in.string();
      Channel channel = channel(in.varint());
      String language = in.string();
      List<Frame> stack = in.frames();
      int page = in.varint();
      int invalidCount = in.varint();
      int actionIndex = in.varint() - 1;
      Prompt prompt = in.prompt();
      int optionCount = in.varint();
      var visible = new ArrayList<Integer>(optionCount);
      for (int i = 0; i < optionCount; i++) {
        visible.add(in.varint());
      }
      Map<String, Object> contact = in.map();
      int armCount = in.varint();
      var arms = new HashMap<String, Integer>(armCount * 2);
      for (int i = 0; i < armCount; i++) {
        arms.put(in.string(), in.varint());
      }
      int historyCount = in.varint();
      var history = new ArrayList<List<Frame>>(historyCount);
      for (int i = 0; i < historyCount; i++) {
        history.add(in.frames());
      }
      boolean ended = in.byte_() != 0;
      Instant startedAt = in.instant();
      Instant updatedAt = in.instant();
      if (in.pos != bytes.length) {
        throw new IllegalArgumentException((bytes.length - in.pos) + " unexpected bytes after the conversation state");
      }
      return new Conversation(phone, channel, language, stack, page, invalidCount, actionIndex, prompt, visible, contact,
          arms, history, ended, startedAt, updatedAt);
    } catch (ArrayIndexOutOfBoundsException e) {
      throw new IllegalArgumentException("conversation state is truncated (" + bytes.length + " bytes)", e);
    }
  }

  private static int channelCode(Channel channel) {
    return switch (channel) {
      case USSD -> 0;
      case SMS -> 1;
    };
  }

  private static Channel channel(int code) {
    return switch (code) {
      case 0 -> Channel.USSD;
      case 1 -> Channel.SMS;
      default -> throw new IllegalArgumentException("unknown channel code " + code);
    };
  }

  /** A growable byte buffer; cheaper than DataOutputStream (no synchronisation, no stream layers). */
  private static final class Writer {
    private byte[] buf;
    private int pos;
    /** Strings written so far, by their number in order of first appearance (version 2's back-references). */
    private final Map<String, Integer> written = new HashMap<>(64);

    Writer(int capacity) {
      buf = new byte[capacity];
    }

    byte[] toBytes() {
      return Arrays.copyOf(buf, pos);
    }

    private void ensure(int more) {
      if (pos + more > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + more));
      }
    }

    void byte_(int b) {
      ensure(1);
      buf[pos++] = (byte) b;
    }

    void varint(int v) {
      varlong(v & 0xFFFFFFFFL);
    }

    void varlong(long v) {
      ensure(10);
      while ((v & ~0x7FL) != 0) {
        buf[pos++] = (byte) ((v & 0x7F) | 0x80);
        v >>>= 7;
      }
      buf[pos++] = (byte) v;
    }

    /** Zig-zag, so small negative numbers stay short. */
    void signedVarlong(long v) {
      varlong((v << 1) ^ (v >> 63));
    }

    /**
     * 0 for null; 1 and the number of a string written before; or length + 2 and the UTF-8 of a new one (which
     * gets the next number).
     */
    void string(String s) {
      if (s == null) {
        byte_(0);
        return;
      }
      Integer seen = written.putIfAbsent(s, written.size());
      if (seen != null) {
        byte_(1);
        varint(seen);
        return;
      }
      byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
      varint(utf8.length + 2);
      ensure(utf8.length);
      System.arraycopy(utf8, 0, buf, pos, utf8.length);
      pos += utf8.length;
    }

    void instant(Instant t) {
      if (t == null) {
        byte_(0);
        return;
      }
      byte_(1);
      signedVarlong(t.getEpochSecond());
      varint(t.getNano());
    }

    void frames(List<Frame> frames) {
      varint(frames.size());
      for (Frame f : frames) {
        string(f.flowId());
        string(f.flowHash());
        string(f.nodeId());
        map(f.answers());
        map(f.vars());
      }
    }

    void prompt(Prompt p) {
      varint(p.preamble().size());
      for (String s : p.preamble()) {
        string(s);
      }
      string(p.text());
      varint(p.options().size());
      for (Prompt.Option o : p.options()) {
        varint(o.number());
        string(o.label());
      }
      byte_((p.closes() ? 1 : 0) | (p.canGoBack() ? 2 : 0));
    }

    void map(Map<String, ?> map) {
      varint(map.size());
      for (var e : map.entrySet()) {
        string(e.getKey());
        value(e.getValue());
      }
    }

    void value(Object v) {
      if (v == null) {
        byte_(NULL);
      } else if (v instanceof String s) {
        byte_(STRING);
        string(s);
      } else if (v instanceof Double d) {
        byte_(DOUBLE);
        long bits = Double.doubleToRawLongBits(d);
        ensure(8);
        for (int shift = 56; shift >= 0; shift -= 8) {
          buf[pos++] = (byte) (bits >>> shift);
        }
      } else if (v instanceof Long l) {
        byte_(LONG);
        signedVarlong(l);
      } else if (v instanceof Integer i) {
        byte_(INTEGER);
        signedVarlong(i);
      } else if (v instanceof Boolean b) {
        byte_(b ? TRUE : FALSE);
      } else if (v instanceof LocalDate d) {
        byte_(DATE);
        signedVarlong(d.toEpochDay());
      } else if (v instanceof List<?> list) {
        byte_(LIST);
        varint(list.size());
        for (Object item : list) {
          value(item);
        }
      } else if (v instanceof Map<?, ?> map) {
        byte_(MAP);
        varint(map.size());
        for (var e : map.entrySet()) {
          string(String.valueOf(e.getKey()));
          value(e.getValue());
        }
      } else {
        throw new IllegalArgumentException("a conversation value of type " + v.getClass().getName()
            + " cannot be stored; use text, numbers, booleans, dates, lists or maps");
      }
    }
  }

  private static final class Reader {
    private final byte[] buf;
    private int pos;
    /** Version 2: the strings read so far, which later ones may refer back to; null for version 1. */
    private final List<String> read;

    Reader(byte[] buf, int pos, boolean backReferences) {
      this.buf = buf;
      this.pos = pos;
      this.read = backReferences ? new ArrayList<>(64) : null;
    }

    int byte_() {
      return buf[pos++] & 0xFF;
    }

    int varint() {
      return (int) varlong();
    }

    long varlong() {
      long result = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        byte b = buf[pos++];
        result |= (long) (b & 0x7F) << shift;
        if (b >= 0) {
          return result;
        }
      }
      throw new IllegalArgumentException("malformed number in conversation state at byte " + pos);
    }

    long signedVarlong() {
      long v = varlong();
      return (v >>> 1) ^ -(v & 1);
    }

    String string() {
      int code = varint();
      if (code == 0) {
        return null;
      }
      if (read == null) {
        return literal(code - 1);
      }
      if (code == 1) {
        int index = varint();
        if (index < 0 || index >= read.size()) {
          throw new IllegalArgumentException("string reference " + index + " in conversation state at byte " + pos
              + " refers to none of the " + read.size() + " before it");
        }
        return read.get(index);
      }
      String s = literal(code - 2);
      read.add(s);
      return s;
    }

    private String literal(int n) {
      if (n < 0) {
        throw new IllegalArgumentException("malformed string length in conversation state at byte " + pos);
      }
      if (n > buf.length - pos) {
        throw new ArrayIndexOutOfBoundsException(pos + n);
      }
      String s = new String(buf, pos, n, StandardCharsets.UTF_8);
      pos += n;
      return s;
    }

    Instant instant() {
      if (byte_() == 0) {
        return null;
      }
      long seconds = signedVarlong();
      return Instant.ofEpochSecond(seconds, varint());
    }

    List<Frame> frames() {
      int n = varint();
      var frames = new ArrayList<Frame>(n);
      for (int i = 0; i < n; i++) {
        frames.add(new Frame(string(), string(), string(), map(), map()));
      }
      return frames;
    }

    Prompt prompt() {
      int n = varint();
      var preamble = new ArrayList<String>(n);
      for (int i = 0; i < n; i++) {
        preamble.add(string());
      }
      String text = string();
      int optionCount = varint();
      var options = new ArrayList<Prompt.Option>(optionCount);
      for (int i = 0; i < optionCount; i++) {
        options.add(new Prompt.Option(varint(), string()));
      }
      int flags = byte_();
      return new Prompt(preamble, text, options, (flags & 1) != 0, (flags & 2) != 0);
    }

    /** A top-level map: the record copies it, so a plain HashMap will do. */
    Map<String, Object> map() {
      int n = varint();
      var map = new HashMap<String, Object>(n * 2);
      for (int i = 0; i < n; i++) {
        map.put(string(), value());
      }
      return map;
    }

    Object value() {
      int tag = byte_();
      return switch (tag) {
        case NULL -> null;
        case STRING -> string();
        case DOUBLE -> {
          long bits = 0;
          for (int i = 0; i < 8; i++) {
            bits = (bits << 8) | (buf[pos++] & 0xFF);
          }
          yield Double.longBitsToDouble(bits);
        }
        case LONG -> signedVarlong();
        case INTEGER -> (int) signedVarlong();
        case FALSE -> Boolean.FALSE;
        case TRUE -> Boolean.TRUE;
        case DATE -> LocalDate.ofEpochDay(signedVarlong());
        case LIST -> {
          int n = varint();
          var list = new ArrayList<Object>(n);
          for (int i = 0; i < n; i++) {
            list.add(value());
          }
          // Nested JSON may hold nulls, which List.copyOf refuses.
          yield Collections.unmodifiableList(list);
        }
        case MAP -> {
          int n = varint();
          var map = new LinkedHashMap<String, Object>(n * 2);
          for (int i = 0; i < n; i++) {
            map.put(string(), value());
          }
          yield Collections.unmodifiableMap(map);
        }
        default -> throw new IllegalArgumentException("unknown value tag " + tag + " in conversation state at byte "
            + (pos - 1));
      };
    }
  }
}
