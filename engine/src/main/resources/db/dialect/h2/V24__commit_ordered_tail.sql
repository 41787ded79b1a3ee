-- H2's counterpart of db/dialect/postgresql/V24 (a transaction id on each hop row, so the rollup reads in commit
-- order when several writers insert). H2 has one writer thread, which commits in id order: the id alone is the
-- commit order here. Kept so the schema versions are the same on both databases, which `kabambe db copy` checks.
SELECT 1;
