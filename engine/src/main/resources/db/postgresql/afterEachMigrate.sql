-- See beforeEachMigrate.sql.
DROP FUNCTION IF EXISTS stringtoutf8(text);
DROP FUNCTION IF EXISTS rawtohex(bytea);
