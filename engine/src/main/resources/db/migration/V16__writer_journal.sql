-- The last hop batch the group-commit writer committed, updated in that batch's transaction: on start-up the
-- writer replays from its journal only the batches after it (see store.HopJournal).
CREATE TABLE writer_journal (
  id          INT    NOT NULL PRIMARY KEY,
  applied_seq BIGINT NOT NULL
);
INSERT INTO writer_journal (id, applied_seq) VALUES (1, 0);
