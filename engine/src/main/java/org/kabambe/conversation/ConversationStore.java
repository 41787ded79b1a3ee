package org.kabambe.conversation;

import java.sql.SQLException;
import java.util.Optional;
import org.kabambe.runtime.Channel;
import org.kabambe.runtime.Conversation;
import org.kabambe.store.Database;
import org.kabambe.store.StoreException;

/**
 * Reads stored conversations (writes go through the {@link org.kabambe.store.HopSink}). Blocking JDBC: call it on
 * a worker thread, never on an event loop.
 */
public final class ConversationStore {
  private static final String SELECT_STATE =
      "SELECT state, version FROM conversations WHERE phone = ? AND channel = ?";

  private final Database database;

  public ConversationStore(Database database) {
    this.database = database;
  }

  /** The last committed state of a participant's conversation on a channel, if there is one. */
  public Optional<Conversation> load(String phone, Channel channel) {
    return loadState(phone, channel.id()).map(ConversationCodec::decode);
  }

  /**
   * The stored state bytes, in the channel's own format (a plain conversation, or the USSD service's session
   * record, which wraps one).
   */
  public Optional<byte[]> loadState(String phone, String channel) {
    StoredState stored = loadStored(phone, channel);
    return stored == StoredState.NONE ? Optional.empty() : Optional.of(stored.state());
  }

  /** The stored state bytes and the row's version; {@link StoredState#NONE} when the number has no row. */
  public StoredState loadStored(String phone, String channel) {
    try (var connection = database.connection(); var select = connection.prepareStatement(SELECT_STATE)) {
      select.setString(1, phone);
      select.setString(2, channel);
      try (var rows = select.executeQuery()) {
        return rows.next() ? new StoredState(rows.getBytes(1), rows.getLong(2)) : StoredState.NONE;
      }
    } catch (SQLException e) {
      throw new StoreException("cannot load the conversation of " + phone + " from " + database.location() + ": "
          + e.getMessage(), e);
    }
  }
}
