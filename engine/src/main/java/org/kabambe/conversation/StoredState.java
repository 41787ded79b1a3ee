package org.kabambe.conversation;

import org.kabambe.store.ConversationRow;

/**
 * A number's state as read from its conversation row, with the row's version: the hop decided from this state
 * writes only if the row is still at that version. {@link #NONE} for a number without a row.
 */
public record StoredState(byte[] state, long version) {
  public static final StoredState NONE = new StoredState(new byte[0], ConversationRow.ABSENT);

  /** The same version with other state bytes (a loader that merges in what other tables hold). */
  public StoredState withState(byte[] other) {
    return new StoredState(other, version);
  }
}
