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
 * never applied twice), then forces the file to the disk, records the last batch it holds and empties the
 * journal. Whoever opens the database next (the server, an export) sees every acknowledged hop.
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
        long batchSeq = b.seq();
        // Whole or not at all in the file (H2StoreGuard): a kill during the replay must not leave half a batch.
        db.storeGuard().run(() -> {
          try {
            warnMoved(batchSeq, statements.write(writes));
          } catch (SQLException e) {
            statements.clear();
            c.rollback();
            applyAlone(c, statements, batchSeq, writes);
          }
          statements.markApplied(batchSeq);
          c.commit();
          return null;
        });
        seq = b.seq();
        batches++;
        hops += writes.size();
      }
      db.flushToDisk();
      // Recorded before the segments go: a later open that finds the file behind this (H2 fell back to older
      // chunks) is refused by requireNotBehind instead of serving without the replayed batches.
      if (seq > 0) journal.markCheckpointed(seq);
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

  /**
   * Before anything is written (migrations, replay): refuses a file that holds fewer of the writer's batches than it
   * held at its last checkpoint, as {@code dir} recorded it (see {@link HopJournal#markCheckpointed}). H2 opens a
   * file cut short at its last readable chunk without a word: this is how the loss is noticed.
   */
  static void requireNotBehind(Database db, Path file, Path dir) {
    long checkpointed;
    try {
      checkpointed = HopJournal.checkpointed(dir);
    } catch (IOException e) {
      throw new StoreException("cannot read " + HopJournal.checkpointedFile(dir) + ": " + e.getMessage(), e);
    }
    if (checkpointed < 0) return;
    long held;
    try (Connection c = db.connection()) {
      held = hasWriterJournal(c) ? HopStatements.appliedSeq(c) : -1;
    } catch (SQLException e) {
      throw new StoreException("cannot read database " + db.location() + ": " + e.getMessage(), e);
    }
    if (held < checkpointed) {
      throw DamagedFile.refusal(db.location(), file, "it holds the writer's batches up to " + Math.max(held, 0)
          + ", but held " + checkpointed + " at its last checkpoint (" + HopJournal.checkpointedFile(dir) + "): it "
          + "was cut short, or is an older copy. If you put an older copy, a backup, there on purpose, delete " + dir
          + " and start again", null);
    }
  }

  private static boolean hasWriterJournal(Connection c) throws SQLException {
    try (var rs = c.getMetaData().getTables(null, null, "WRITER_JOURNAL", null)) {
      return rs.next();
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
