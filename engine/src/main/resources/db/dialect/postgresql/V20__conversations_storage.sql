-- PostgreSQL only (H2's V20 is empty: it has no such settings). conversations holds one row per participant and
-- channel and every hop rewrites it, so each hop leaves a dead row version behind: a 1.4 M-row table reached 2 GB
-- under load (../shared/SCALE.md).
-- fillfactor 70: pages are filled to 70 % on insert, so an update can put the new version on the row's own page.
--   If no indexed column changes (a USSD hop changes state and updated_at; phone, channel and waiting_since stay),
--   that is a HOT update: no index entry is written, and the old version is pruned on a later visit to the page.
-- autovacuum_vacuum_scale_factor 0.02: vacuum once 2 % of the rows are dead (the default waits for 20 %, which on
--   a table of a million participants lets 200,000 dead versions pile up first).
-- autovacuum_analyze_scale_factor 0.05: fresher statistics than the default 10 %, at little cost (the queries on
--   this table are key lookups and the SMS waiting index).
-- Applies to pages written from now on: a table filled before this migration is repacked by VACUUM FULL.
ALTER TABLE conversations SET (fillfactor = 70, autovacuum_vacuum_scale_factor = 0.02,
  autovacuum_analyze_scale_factor = 0.05);
