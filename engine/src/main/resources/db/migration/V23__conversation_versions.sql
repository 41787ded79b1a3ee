-- Portable SQL (H2 2.x and PostgreSQL 12+). Several nodes on one database (issue 13): a hop writes a conversation
-- only at the version it read (UPDATE ... WHERE version = ?), so a node with a stale cached state cannot
-- overwrite what another node committed. Rows written before this migration start at 0; no index: the version is
-- checked on the row the primary key finds, and an unindexed column keeps PostgreSQL's updates HOT.
ALTER TABLE conversations ADD COLUMN version BIGINT NOT NULL DEFAULT 0;
