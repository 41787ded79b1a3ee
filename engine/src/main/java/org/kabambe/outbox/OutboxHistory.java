package org.kabambe.outbox;

import java.util.List;
import java.util.Optional;
import org.kabambe.store.Database;

/** Reads outbox rows with their parts: for the dashboard, exports and tests. Blocking JDBC: worker threads only. */
public final class OutboxHistory {
  private final OutboxStore store;

  public OutboxHistory(Database database) {
    this.store = new OutboxStore(database);
  }

  public Optional<OutboxMessage> find(long id) {
    return store.find(id);
  }

  /** A phone's messages, oldest first. */
  public List<OutboxMessage> ofPhone(String phone) {
    return store.ofPhone(phone);
  }

  /** Rows waiting in 'queued'. */
  public long queued() {
    return store.queued();
  }
}
