package org.kabambe.store;

import java.sql.SQLException;
import java.util.Optional;
import org.kabambe.runtime.Channel;
import org.kabambe.runtime.Conversation;
import org.kabambe.session.ConversationCodec;

/**
 * Reads stored conversations (writes go through {@link GroupCommitWriter}). Blocking JDBC: call it on a worker
 * thread, never on an event loop.
 */
public final class ConversationStore {
  private static final String SELECT_STATE = "SELECT state FROM conversations WHERE phone = ? AND channel = ?";

  private final Database database;

  public ConversationStore(Database database) {
    this.database = database;
  }

  /** The last committed state of a participant's conversation on a channel, if there is one. */
  public Optional<Conversation> load(String phone, Channel channel) {
    try (var connection = database.connection(); var select = connection.prepareStatement(SELECT_STATE)) {
      select.setString(1, phone);
      select.setString(2, channel.id());
      try (var rows = select.executeQuery()) {
        if (!rows.next()) {
          return Optional.empty();
        }
        return Optional.of(ConversationCodec.decode(rows.getBytes(1)));
      }
    } catch (SQLException e) {
      throw new StoreException("cannot load the conversation of " + phone + " from " + database.location() + ": "
          + e.getMessage(), e);
    }
  }
}
