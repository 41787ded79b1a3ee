package org.kabambe.ussd;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Optional;
import org.kabambe.conversation.ConversationCodec;
import org.kabambe.runtime.Conversation;

/**
 * Stores a {@link UssdSession}: a version byte, the hop fields, the recent session hashes (since version 2), the
 * last hop's id and time (since version 3), then the conversation as {@link ConversationCodec} writes it (absent
 * when the number has none). Older versions are still read.
 */
public final class UssdSessionCodec {
  static final byte VERSION = 3;

  private UssdSessionCodec() {}

  public static byte[] encode(UssdSession s) {
    try {
      var bytes = new ByteArrayOutputStream(512);
      var out = new DataOutputStream(bytes);
      out.writeByte(VERSION);
      out.writeUTF(s.gateway());
      out.writeUTF(s.gatewaySessionId());
      writeLong(out, s.lastRawInput());
      writeLong(out, s.lastReply());
      out.writeBoolean(s.lastReplyEnds());
      out.writeBoolean(s.resumeOffered());
      out.writeByte(s.recentSessions().size());
      for (int h : s.recentSessions()) out.writeInt(h);
      writeLong(out, s.lastHopId());
      out.writeLong(s.lastHopAt().toEpochMilli());
      ConversationCodec.writeOptional(out, s.conversation());
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new IllegalStateException("cannot happen: in-memory stream", e);
    }
  }

  public static UssdSession decode(byte[] bytes) {
    try {
      var in = new DataInputStream(new ByteArrayInputStream(bytes));
      byte version = in.readByte();
      if (version < 1 || version > VERSION) throw new IllegalArgumentException("USSD session state version " + version + " is not supported");
      String gateway = in.readUTF();
      String session = in.readUTF();
      String raw = readLong(in);
      String reply = readLong(in);
      boolean ends = in.readBoolean();
      boolean offered = in.readBoolean();
      var recent = new ArrayList<Integer>();
      if (version >= 2) {
        int n = in.readUnsignedByte();
        for (int i = 0; i < n; i++) recent.add(in.readInt());
      }
      String hopId = version >= 3 ? readLong(in) : "";
      Instant hopAt = version >= 3 ? Instant.ofEpochMilli(in.readLong()) : Instant.EPOCH;
      Optional<Conversation> c = ConversationCodec.readOptional(in);
      return new UssdSession(c, gateway, session, raw, reply, ends, offered, recent, hopId, hopAt);
    } catch (IOException e) {
      throw new IllegalArgumentException("unreadable USSD session state", e);
    }
  }

  /** writeUTF is limited to 64 KiB; inputs and screens are far shorter, but a gateway may send 1,000 characters. */
  private static void writeLong(DataOutputStream out, String s) throws IOException {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(b.length);
    out.write(b);
  }

  private static String readLong(DataInputStream in) throws IOException {
    byte[] b = new byte[in.readInt()];
    in.readFully(b);
    return new String(b, StandardCharsets.UTF_8);
  }
}
