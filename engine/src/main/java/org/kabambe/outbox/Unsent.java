package org.kabambe.outbox;

import java.sql.SQLException;
import java.util.Optional;

/** What becomes of a queued row the sender does not send now, written in a claim's round. */
interface Unsent {
  /** Writes it in the round's transaction; returns what to count once that is committed. */
  Optional<Runnable> write(Statements sql) throws SQLException;
}
