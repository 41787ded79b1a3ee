package org.kabambe.store;

/**
 * A hop's conversation row no longer had the version the hop read: another node (or a tool) wrote or deleted it
 * since. None of the hop's rows were written; the caller reads the conversation again and decides afresh.
 */
public final class ConversationMovedException extends StoreException {
  public ConversationMovedException(String channel, long expected) {
    // Not the number: numbers are personal data and stay out of logs.
    super("the " + channel + " conversation of a number moved on since version " + expected
        + " was read (another node wrote it); nothing of this hop was written");
  }
}
