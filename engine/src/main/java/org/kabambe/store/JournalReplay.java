package org.kabambe.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At open: applies the hop batches a kill left only in the group-commit writer's journal, those after the last
 * one the database has (its {@code writer_journal} row is updated in each batch's transaction, so a batch is
 * never applied twice), then flushes the file and empties the journal. Whoever opens the database next (the
 * server, an export) sees every acknowledged hop.
 */
final class JournalReplay {
  private static final Logger log = LoggerFactory.getLogger(JournalReplay.class);

  private JournalReplay() {}

  static void run(Database db, Path dir) {
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (Connection c = db.connection(); HopJournal journal = HopJournal.open(dir);
         var statements = new HopStatements(c, db.dialect())) {
      c.setAutoCommit(false);
      long seq = HopStatements.appliedSeq(c);
      int batches = 0;
      int hops = 0;
      for (HopJournal.Batch b : journal.readAll()) {
        if (b.seq() <= seq) {
          continue;
        }
        List<HopWrite> writes = HopWriteCodec.decode(b.payload());
        try {
          warnMoved(b.seq(), statements.write(writes));
        } catch (SQLException e) {
          statements.clear();
          c.rollback();
          applyAlone(c, statements, b.seq(), writes);
        }
        statements.markApplied(b.seq());
        c.commit();
        seq = b.seq();
        batches++;
        hops += writes.size();
      }
      db.flush();
      HopJournal.delete(journal.rotate());
      if (batches > 0) {
        log.info("database {}: replayed {} batches ({} hops) from the journal that the file did not hold yet",
            db.location(), batches, hops);
      }
    } catch (SQLException | IOException e) {
      throw new StoreException("cannot replay the journal " + dir + " into database " + db.location() + ": "
          + e.getMessage() + " (the journal is kept; fix the cause and start again)", e);
    }
  }

  /** A batch that no longer applies as a whole: each hop on its own; one that fails is logged and skipped. */
  private static void applyAlone(Connection c, HopStatements statements, long batchSeq, List<HopWrite> writes)
      throws SQLException {
    for (HopWrite hop : writes) {
      try {
        warnMoved(batchSeq, statements.write(List.of(hop)));
        c.commit();
      } catch (SQLException e) {
        statements.clear();
        c.rollback();
        log.error("a journalled hop of batch {} cannot be applied again and is skipped: {}", batchSeq, e.getMessage());
      }
    }
  }

  // The journal holds only hops whose version check held when first written; replayed in order they hold again.
  private static void warnMoved(long batchSeq, HopStatements.Written written) {
    if (!written.moved().isEmpty()) {
      log.warn("{} journalled hops of batch {} found their conversation at another version and were skipped",
          written.moved().cardinality(), batchSeq);
    }
  }
}
