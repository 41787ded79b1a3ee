package org.kabambe.store;

import java.util.List;

/**
 * How the group-commit writer makes a committed batch survive a kill of the process before its hops are
 * acknowledged. An H2 file needs help ({@link H2FileDurability}: a journal, and checkpoints of H2's store); a
 * database whose commit is durable by itself (PostgreSQL), or one with nothing to survive (in memory), needs
 * {@link #NONE}. Used on the writer thread, except {@link #prepare} (on the submitting thread).
 */
interface Durability extends AutoCloseable {
  /** A commit is enough. */
  Durability NONE = new Durability() {
    @Override
    public byte[] prepare(HopWrite hop) {
      return new byte[0];
    }

    @Override
    public void committed(long seq, List<byte[]> prepared) {}

    @Override
    public void upkeep() {}

    @Override
    public void close() {}
  };

  /** How long an idle writer waits before calling {@link #upkeep} again. */
  long UPKEEP_EVERY_MS = 2_000;

  /** What {@code database} needs: the H2 file's journal when it has one (taking it: one writer at a time). */
  static Durability of(Database database) {
    return database.takeJournal().<Durability>map(dir -> H2FileDurability.open(database, dir)).orElse(NONE);
  }

  /** The hop's form for {@link #committed}, encoded on the caller's thread to keep the writer thread free. */
  byte[] prepare(HopWrite hop);

  /**
   * Makes batch {@code seq}, just committed, survive a kill; {@code prepared} holds its hops' {@link #prepare}d
   * forms. Throws a {@link StoreException} if it cannot: the rows are committed but maybe not on disk, and the hops
   * must fail rather than be retried (which would write them twice).
   */
  void committed(long seq, List<byte[]> prepared);

  /** Background work, called between batches and when the writer is idle (at least every few seconds). */
  void upkeep();

  /** When the writer stops: makes everything committed durable without help, and lets go of what it holds. */
  @Override
  void close();
}
