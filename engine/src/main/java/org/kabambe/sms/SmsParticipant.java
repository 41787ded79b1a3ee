package org.kabambe.sms;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Optional;
import org.kabambe.runtime.Conversation;
import org.kabambe.conversation.ConversationCodec;

/**
 * What the SMS service knows of one number between messages: its opt-out state and language (from the contacts
 * table) and its SMS conversation, if one is waiting for a reply. Cached as bytes, like USSD sessions.
 */
record SmsParticipant(boolean optedOut, String language, Optional<Conversation> conversation, boolean reminded) {
  static final SmsParticipant NEW = new SmsParticipant(false, "", Optional.empty(), false);
  private static final byte VERSION = 1;

  byte[] encode() {
    try {
      var bytes = new ByteArrayOutputStream(256);
      var out = new DataOutputStream(bytes);
      out.writeByte(VERSION);
      out.writeBoolean(optedOut);
      out.writeUTF(language);
      out.writeBoolean(reminded);
      ConversationCodec.writeOptional(out, conversation);
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new IllegalStateException("in-memory stream", e);
    }
  }

  static SmsParticipant decode(byte[] bytes) {
    if (bytes.length == 0) return NEW;
    try {
      var in = new DataInputStream(new ByteArrayInputStream(bytes));
      if (in.readByte() != VERSION) throw new IllegalArgumentException("unknown SMS participant state version");
      boolean out = in.readBoolean();
      String lang = in.readUTF();
      boolean reminded = in.readBoolean();
      Optional<Conversation> c = ConversationCodec.readOptional(in);
      return new SmsParticipant(out, lang, c, reminded);
    } catch (IOException e) {
      throw new IllegalArgumentException("unreadable SMS participant state", e);
    }
  }

  /** A new step of the conversation: any reminder belonged to the previous one. */
  SmsParticipant with(Optional<Conversation> c) {
    return new SmsParticipant(optedOut, language, c, false);
  }

  SmsParticipant optedOut(boolean out) {
    return new SmsParticipant(out, language, conversation, reminded);
  }

  SmsParticipant language(String lang) {
    return new SmsParticipant(optedOut, lang, conversation, reminded);
  }

  SmsParticipant markReminded() {
    return new SmsParticipant(optedOut, language, conversation, true);
  }
}
